"""Whatever is typed into the portal's forms: validation never fails, refusals speak Russian, saves round-trip."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from mentoring import lifecycle
from mentoring.forms import MentorshipForm
from monitoring.forms import TargetsForm
from people.consent_records import record_consents
from people.forms import AwardForm, ConsentForm, DeficitForm, PersonForm, TrainingForm
from people.models import Award, Deficit, MentorTraining, Person
from programs import rules
from programs.forms import LogEntryForm, PlanItemForm
from programs.models import LogEntry, PlanItem
from public.manage_views import NewsForm
from public.models import NewsItem
from surveys import builder
from surveys.forms import QuestionForm, SurveyForm
from surveys.models import Question, Survey
from tests.hardening.strategies import form_data
from tests.mentoring.helpers import START, mentee, mentor, teacher_form
from tests.programs.helpers import approved_program

CYRILLIC = re.compile("[А-Яа-яЁё]")
HARDENING = settings(settings.get_profile("hardening"))


@pytest.fixture
def world(cast):
    """A school with a person, a running program and a survey: what the forms are filled in against.

    Function-scoped, so hypothesis' examples of one test share it and add to the same school."""
    from surveys.builder import survey_from_template

    return {
        "school": cast.school,
        "person": Person.objects.get(user=cast.mentee),
        "program": approved_program(cast),
        "survey": survey_from_template(school=cast.school, key="mentee_exit", by=None),
    }


# Each form: how the view builds it for a POST, given what it is filled in against.
MODEL_FORMS = {
    "person": lambda w, data: PersonForm(data, school=w["school"]),
    "consent": lambda w, data: ConsentForm(data),
    "deficit": lambda w, data: DeficitForm(data, instance=Deficit(person=w["person"])),
    "training": lambda w, data: TrainingForm(data, instance=MentorTraining(person=w["person"])),
    "award": lambda w, data: AwardForm(data, instance=Award(person=w["person"])),
    "plan_item": lambda w, data: PlanItemForm(data, instance=PlanItem(program=w["program"])),
    "log_entry": lambda w, data: LogEntryForm(data, program=w["program"], instance=LogEntry(program=w["program"])),
    "survey": lambda w, data: SurveyForm(data, instance=Survey(school=w["school"])),
    "question": lambda w, data: QuestionForm(data, instance=Question(survey=w["survey"], position=99)),
    "news": lambda w, data: NewsForm(data, instance=NewsItem(school=w["school"])),
}

# How the view saves what the form accepted, where it is not ``form.save()``.
SAVERS = {
    # Several kinds ticked on one paper form: one consent each; the first stands for them all.
    "consent": lambda form, w: record_consents(
        person=w["person"],
        kinds=form.cleaned_data["kind"],
        given_on=form.cleaned_data["given_on"],
        valid_until=form.cleaned_data["valid_until"],
        guardian_name=form.cleaned_data["guardian_name"],
        scan=form.cleaned_data["scan"],
        actor=None,
    )[0],
    "survey": lambda form, w: builder.survey_create(school=w["school"], by=None, **form.cleaned_data),
    "question": lambda form, w: builder.question_save(question=form.instance, by=None),
    "plan_item": lambda form, w: rules.plan_item_save(item=form.instance, by=None) or form.instance,
}


def error_messages(form) -> list:
    return [message for messages in form.errors.values() for message in messages]


def assert_refusal_in_russian(form):
    with translation.override("ru"):
        form.full_clean()
        messages = error_messages(form)
    assert messages, "an invalid form names its errors"
    for message in messages:
        assert isinstance(message, str)
        assert message.strip(), f"an empty error message in {form.errors}"
        assert CYRILLIC.search(message), f"an error not in Russian: {message!r}"


def attempt(action):
    """``(result, None)``, or ``(None, the Russian messages)`` when a rule refuses."""
    with translation.override("ru"):
        try:
            return action(), None
        except ValidationError as refusal:
            return None, refusal.messages


def assert_round_trip(form, saved):
    fresh = type(saved)._default_manager.get(pk=saved.pk)
    stored = {field.name: field for field in fresh._meta.get_fields()}
    # A form-only field (choices_text, mark_done) is not stored as typed.
    for name, value in form.cleaned_data.items():
        field = stored.get(name)
        if field is None:
            continue
        if isinstance(field, models.ManyToManyField):
            assert set(getattr(fresh, name).all()) == set(value), name
        elif isinstance(field, models.FileField):
            continue
        elif isinstance(value, list):  # several choices ticked, one record each
            assert getattr(fresh, name) in value, name
        else:
            assert getattr(fresh, name) == value, f"{name}: typed {value!r}, stored {getattr(fresh, name)!r}"


@pytest.mark.parametrize("name", sorted(MODEL_FORMS))
@HARDENING
@given(data=st.data())
def test_a_model_form_takes_anything_and_saves_what_it_accepts(world, name, data):
    posted = data.draw(form_data(MODEL_FORMS[name](world, None)))
    form = MODEL_FORMS[name](world, posted)

    valid = form.is_valid()  # never raises

    if not valid:
        assert_refusal_in_russian(form)
        return
    saved, refusal = attempt(lambda: SAVERS.get(name, lambda form, world: form.save())(form, world))
    if refusal is not None:  # the service's own rules, which the view shows on the form
        assert all(CYRILLIC.search(message) for message in refusal), refusal
        return
    assert_round_trip(form, saved)


@pytest.fixture
def candidates(cast):
    school = cast.school
    return [mentor(school), mentor(school), mentee(school), mentee(school)]


@pytest.fixture
def draft(cast):
    made, _warnings = lifecycle.mentorship_create(
        school=cast.school,
        form=teacher_form(cast.school),
        mentors=[mentor(cast.school)],
        mentees=[mentee(cast.school)],
        start=START,
        end=START + datetime.timedelta(days=200),
        by=cast.curator,
    )
    return made


@HARDENING
@given(data=st.data())
def test_the_mentorship_form_takes_anything_and_creates_what_it_accepts(cast, candidates, data):
    school = cast.school
    posted = data.draw(form_data(MentorshipForm(school=school)))
    form = MentorshipForm(posted, school=school)

    if not form.is_valid():
        assert_refusal_in_russian(form)
        return
    cleaned = form.cleaned_data
    made, refusal = attempt(lambda: form.save(by=cast.curator)[0])
    if refusal is not None:  # the lifecycle's rules, which the view shows on the form
        assert all(CYRILLIC.search(message) for message in refusal), refusal
        return
    made.refresh_from_db()
    assert (made.form, made.role_model) == (cleaned["form"], cleaned["role_model"])
    assert made.direction == cleaned["direction"]
    assert (made.planned_start, made.planned_end) == (cleaned["planned_start"], cleaned["planned_end"])
    assert set(made.mentors) == set(cleaned["mentors"])
    assert set(made.mentees) == set(cleaned["mentees"])
    assert set(made.modes.all()) == set(cleaned["modes"])


@HARDENING
@given(data=st.data())
def test_the_mentorship_edit_form_takes_anything(cast, draft, data):
    school, made = cast.school, draft
    posted = data.draw(form_data(MentorshipForm(school=school)))
    form = MentorshipForm(posted, school=school, initial={"form": made.form, "planned_start": made.planned_start})

    if not form.is_valid():
        assert_refusal_in_russian(form)
        return
    changed = {name: form.cleaned_data[name] for name in form.changed_data}
    _nothing, refusal = attempt(lambda: lifecycle.mentorship_update(mentorship=made, by=cast.curator, **changed))
    if refusal is not None:
        assert all(CYRILLIC.search(message) for message in refusal), refusal
        return
    made.refresh_from_db()
    if "direction" in changed:
        assert made.direction == changed["direction"]


@HARDENING
@given(data=st.data())
def test_the_targets_form_takes_anything(data):
    posted = data.draw(form_data(TargetsForm(targets={})))
    form = TargetsForm(posted, targets={})

    if not form.is_valid():
        assert_refusal_in_russian(form)
        return
    for value in form.cleaned_data.values():
        assert value.is_finite()
        assert value >= 0
