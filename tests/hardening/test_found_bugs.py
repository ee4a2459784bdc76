"""What the sweep found: each was a server error, and is now a form error that writes nothing."""

import pytest
from django.urls import reverse
from django.utils import translation

from documents.forms import AwardOrderForm, PairsOrderForm
from mentoring.forms import MentorshipForm
from mentoring.models import MentoringForm, Mentorship
from tests.hardening.sweep import HUGE_ID
from tests.hardening.test_form_properties import CYRILLIC, error_messages
from tests.mentoring.helpers import START, mentee, mentor, teacher_form


def test_a_second_form_of_mentoring_with_a_taken_name_is_refused(cast, client_as):
    client = client_as(cast.curator)
    taken = teacher_form(cast.school).name
    count = MentoringForm.objects.for_school(cast.school).count()

    response = client.post(
        reverse("mentoring:catalog"),
        {
            "catalog": "form",
            "form-name": taken,
            "form-mentor_kinds": ["staff"],
            "form-mentee_kinds": ["staff"],
            "form-is_active": "on",
            "form-position": "5",
        },
    )

    assert response.status_code == 200
    assert response.context["form_form"].errors
    assert MentoringForm.objects.for_school(cast.school).count() == count


def test_a_mentorship_naming_an_impossible_person_id_is_refused(cast, client_as):
    client = client_as(cast.curator)
    data = {
        "form": teacher_form(cast.school).pk,
        "mentors": [mentor(cast.school).pk, HUGE_ID],
        "mentees": [mentee(cast.school).pk],
        "modes": [HUGE_ID],
        "planned_start": START.isoformat(),
        "planned_end": START.replace(year=START.year + 1).isoformat(),
    }

    response = client.post(reverse("mentoring:create"), data)

    assert response.status_code == 200
    assert not Mentorship.objects.for_school(cast.school).exists()


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda school: MentorshipForm({"mentees": [HUGE_ID]}, school=school), "mentees"),
        (lambda school: PairsOrderForm({"mentorships": [HUGE_ID]}, school=school), "mentorships"),
        (lambda school: AwardOrderForm({"people": [HUGE_ID], "award": "Грамота"}, school=school), "people"),
    ],
)
def test_a_choice_of_many_rows_refuses_an_id_beyond_the_database_range(cast, make, field):
    with translation.override("ru"):
        form = make(cast.school)

        assert not form.is_valid()
        assert form.errors[field]
        assert all(CYRILLIC.search(message) for message in error_messages(form))


@pytest.mark.parametrize("junk", ["abc", "1.5", HUGE_ID, "²"])
def test_ids_typed_into_a_request_are_ids_or_nothing(cast, client_as, junk):
    from tests.test_school_isolation import program

    client = client_as(cast.curator)
    made = program(cast.school)
    before = Mentorship.objects.for_school(cast.school).count()

    suggestion = client.post(reverse("mentoring:from_suggestion"), {"mentor": junk, "mentees": [junk, f"1,{junk}"]})
    suggest = client.get(reverse("mentoring:suggest"), {"mentees": f"{junk},1", "form": junk})
    copy = client.post(reverse("programs:copy", kwargs={"pk": made.pk}), {"mentorship": junk})

    assert (suggestion.status_code, suggest.status_code, copy.status_code) == (302, 200, 302)
    assert Mentorship.objects.for_school(cast.school).count() == before
