"""Events: each tells exactly its recipients once, after the commit, in Russian, by e-mail as
each user chooses — never the actor, an inactive user or another school's user."""

import contextlib
import datetime
import logging

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from documents import drafting
from documents.models import Document, DocumentStatus, PaperRegistration
from mentoring import lifecycle
from mentoring.models import Mentorship
from notifications import events
from notifications.events import announce
from notifications.models import Kind, Notification, Preference
from notifications.tasks import deliver_event
from people.models import Consent, ConsentKind, Person
from people.services import consent_withdraw
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.mentoring.helpers import END, START, mentee, mentor, teacher_form
from tests.notifications.helpers import pair, with_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced(django_capture_on_commit_callbacks, caplog):
    """``announced(event, **ids)``: announces inside a transaction and runs what its commit
    triggers (the task, then the e-mails); fails on any error the robust callbacks only logged."""

    def run(event, **ids):
        with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            announce(event, **ids)
        errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
        assert errors == [], errors[0].getMessage()

    return run


def told(event=None) -> list[tuple[str, str]]:
    """(username, url) of every notification, of one event or all."""
    found = Notification.objects.all() if event is None else Notification.objects.filter(kind=event)
    return sorted(found.values_list("user__username", "url"))


def russian(msgid: str, **params) -> str:
    with translation.override("ru"):
        return translation.gettext(msgid) % params


def proposed_pair(cast, prefix="q"):
    """A proposed pair whose mentor and mentee have accounts."""
    mentor_person, mentee_person = mentor(cast.school), mentee(cast.school)
    mentor_user = with_account(mentor_person, f"{prefix}-mentor", Role.MENTOR)
    mentee_user = with_account(mentee_person, f"{prefix}-mentee", Role.MENTEE)
    mentorship, _warnings = lifecycle.mentorship_create(
        school=cast.school,
        form=teacher_form(cast.school),
        mentors=[mentor_person],
        mentees=[mentee_person],
        start=START,
        end=END,
        by=cast.curator,
    )
    lifecycle.mentorship_propose(mentorship=mentorship, by=cast.curator)
    return Mentorship.objects.get(pk=mentorship.pk), mentor_user, mentee_user


def pairs_order(cast, *, by=None):
    mentorship, mentor_user, mentee_user = proposed_pair(cast)
    document = drafting.draft_pairs_order(school=cast.school, mentorships=[mentorship], by=by or cast.secretary)
    return document, mentorship, mentor_user, mentee_user


def intruders(cast):
    """A director and a curator of the other school, and an inactive director of this one."""
    MembershipFactory(user=UserFactory(username="other-director"), school=cast.other_school, role=Role.DIRECTOR)
    gone = UserFactory(username="gone-director", is_active=False)
    MembershipFactory(user=gone, school=cast.school, role=Role.DIRECTOR)
    gone_curator = UserFactory(username="gone-curator", is_active=False)
    MembershipFactory(user=gone_curator, school=cast.school, role=Role.CURATOR)


# --- documents -------------------------------------------------------------------------------


def test_a_document_sent_for_signature_tells_the_directors_once(cast, announced):
    intruders(cast)
    document, *_rest = pairs_order(cast)

    announced("document_sent", document_id=document.pk, by_id=cast.secretary.pk)

    assert told() == [("alla", "/documents/inbox/")]
    notification = Notification.objects.get()
    label = russian("Order No. %(number)s «%(title)s»", number=document.number, title=document.title)
    assert notification.title == russian("For signature: %(document)s", document=label)
    assert document.number in notification.title
    assert document.title in notification.title
    event, token, user = notification.key.split(":")
    assert (event, len(token), user) == ("document_sent", 32, str(cast.director.pk))
    assert notification.school == cast.school
    assert [message.to for message in mail.outbox] == [[cast.director.email]]


def test_a_consent_is_never_sent_to_the_director(cast, announced):
    person = PersonFactory(school=cast.school)
    document = drafting.draft(
        school=cast.school, type="consent_personal_data", by=cast.secretary, context={}, person=person
    )

    announced("document_sent", document_id=document.pk, by_id=cast.secretary.pk)

    assert Notification.objects.count() == 0


def test_the_director_who_sends_it_herself_is_not_told(cast, announced):
    document, *_rest = pairs_order(cast)

    announced("document_sent", document_id=document.pk, by_id=cast.director.pk)

    assert Notification.objects.count() == 0


def test_a_returned_document_tells_its_author_and_the_curators_why(cast, announced):
    intruders(cast)
    document, *_rest = pairs_order(cast, by=cast.secretary)
    Document.objects.filter(pk=document.pk).update(
        status=DocumentStatus.RETURNED, return_comment="Исправьте дату начала"
    )

    announced("document_returned", document_id=document.pk, by_id=cast.director.pk)

    detail = f"/documents/{document.pk}/"
    assert told() == [("boris", detail), ("vera", detail)]
    assert {n.body for n in Notification.objects.all()} == {"Исправьте дату начала"}
    assert sorted(message.to[0] for message in mail.outbox) == sorted([cast.curator.email, cast.secretary.email])


def test_an_author_who_left_the_school_is_not_told(cast, announced):
    document, *_rest = pairs_order(cast, by=cast.secretary)
    cast.secretary.memberships.all().delete()

    announced("document_returned", document_id=document.pk, by_id=cast.director.pk)

    assert [user for user, _url in told()] == ["boris"]


def test_a_signed_pairs_order_tells_author_curators_and_the_participants_of_its_pairs(cast, announced):
    intruders(cast)
    document, mentorship, _mentor, _mentee = pairs_order(cast, by=cast.secretary)

    announced("document_signed", document_id=document.pk, by_id=cast.director.pk)

    detail, pair_page = f"/documents/{document.pk}/", f"/mentoring/{mentorship.pk}/"
    assert told() == [("boris", detail), ("q-mentee", pair_page), ("q-mentor", pair_page), ("vera", detail)]
    notification = Notification.objects.filter(user__username="q-mentee").get()
    params = {"number": document.number, "title": document.title}
    assert notification.title == russian("Order No. %(number)s «%(title)s» is signed", **params)
    assert len(mail.outbox) == 4


def test_a_signed_curator_order_tells_the_appointed_person_on_the_home_page(cast, announced):
    person = Person.objects.get(user=cast.mentor)
    document = drafting.draft_curator_order(school=cast.school, person=person, by=cast.curator, academic_year="2026/27")

    announced("document_signed", document_id=document.pk, by_id=cast.director.pk)

    assert told() == [("boris", f"/documents/{document.pk}/"), ("dmitry", reverse("home"))]


def test_a_signed_replacement_order_tells_the_pair_as_it_is_now(cast, announced):
    from mentoring.replacement import replacement_request

    made = pair(cast)
    new_mentor = mentor(cast.school)
    with_account(new_mentor, "new-mentor", Role.MENTOR)
    replacement = replacement_request(
        mentorship=made.mentorship,
        outgoing=made.mentorship.mentors[0],
        incoming=new_mentor,
        reason="dismissal",
        effective_on=datetime.date(2026, 11, 1),
        by=cast.curator,
    )
    document = drafting.draft_replacement_order(replacement=replacement, by=cast.curator)

    announced("document_signed", document_id=document.pk, by_id=cast.director.pk)

    pair_page = f"/mentoring/{made.mentorship.pk}/"
    assert ("p-mentee", pair_page) in told()
    assert ("boris", f"/documents/{document.pk}/") in told()


# --- paper originals -------------------------------------------------------------------------


def registration(cast, document, **fields):
    return PaperRegistration.objects.create(
        school=cast.school,
        document=document,
        scan="documents/scan.pdf",
        sha256="0" * 64,
        pages=3,
        registered_by=cast.secretary,
        contest_until=datetime.date(2026, 10, 15),
        **fields,
    )


def test_a_registered_paper_original_tells_the_directors_until_when_they_may_contest_it(cast, announced):
    intruders(cast)
    document, *_rest = pairs_order(cast)
    registered = registration(cast, document)

    announced("paper_registered", registration_id=registered.pk, by_id=cast.secretary.pk)

    assert told() == [("alla", f"/documents/{document.pk}/")]
    notification = Notification.objects.get()
    assert "15.10.2026" in notification.body
    assert cast.secretary.get_short_name() in notification.body
    assert document.number in notification.title


def test_a_contested_registration_tells_who_registered_it_and_the_curators(cast, announced):
    intruders(cast)
    document, *_rest = pairs_order(cast)
    registered = registration(cast, document, contested_by=cast.director, contest_reason="Это не моя подпись")

    announced("registration_contested", registration_id=registered.pk, by_id=cast.director.pk)

    detail = f"/documents/{document.pk}/"
    assert told() == [("boris", detail), ("vera", detail)]
    assert all("Это не моя подпись" in n.body for n in Notification.objects.all())


# --- programs and pairs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("mentor", ["p-mentee"]), ("mentee", ["p-mentor"]), ("curator", ["p-mentee", "p-mentor"])],
)
def test_a_proposed_program_change_tells_the_other_side(cast, announced, actor, expected):
    made = pair(cast)
    by = {"mentor": made.mentor_user, "mentee": made.mentee_user, "curator": cast.curator}[actor]

    announced("program_change_proposed", program_id=made.program.pk, by_id=by.pk)

    assert told() == [(username, f"/programs/{made.program.pk}/") for username in expected]


def test_a_proposed_pair_tells_the_other_curators(cast, announced):
    intruders(cast)
    second = UserFactory(username="second-curator")
    MembershipFactory(user=second, school=cast.school, role=Role.CURATOR)
    mentorship, *_users = proposed_pair(cast)

    announced("pair_proposed", mentorship_id=mentorship.pk, by_id=cast.curator.pk)

    assert told() == [("second-curator", f"/mentoring/{mentorship.pk}/")]
    notification = Notification.objects.get()
    assert str(mentorship) in notification.title
    assert cast.curator.get_short_name() in notification.body


# --- once, after the commit, by e-mail as chosen ------------------------------------------------


def test_a_rerun_of_the_task_with_the_same_token_creates_and_sends_nothing_new(
    cast, django_capture_on_commit_callbacks
):
    document, *_rest = pairs_order(cast)
    kwargs = {
        "event": "document_signed",
        "token": "t0k3n",
        "by_id": cast.director.pk,
        "ids": {"document_id": document.pk},
    }

    with django_capture_on_commit_callbacks(execute=True):
        first = deliver_event.apply(kwargs=kwargs).get()
    with django_capture_on_commit_callbacks(execute=True):
        second = deliver_event.apply(kwargs=kwargs).get()

    assert first == 4
    assert second == 0
    assert Notification.objects.count() == 4
    assert len(mail.outbox) == 4


def test_each_announcement_is_its_own_event(cast, announced):
    document, *_rest = pairs_order(cast)

    announced("document_sent", document_id=document.pk)  # sent, returned, corrected and sent again
    announced("document_sent", document_id=document.pk)

    assert Notification.objects.filter(user=cast.director).count() == 2


def test_an_event_inside_a_rolled_back_transaction_tells_nobody(cast, django_capture_on_commit_callbacks):
    document, *_rest = pairs_order(cast)

    with django_capture_on_commit_callbacks(execute=True), contextlib.suppress(RuntimeError), transaction.atomic():
        announce("document_sent", document_id=document.pk)
        raise RuntimeError("the signing failed")

    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_nothing_is_delivered_before_the_commit(cast, django_capture_on_commit_callbacks):
    document, *_rest = pairs_order(cast)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        announce("document_sent", document_id=document.pk)
        assert Notification.objects.count() == 0

    assert len(callbacks) == 1
    callbacks[0]()
    assert told() == [("alla", "/documents/inbox/")]


def test_an_object_gone_by_the_delivery_tells_nobody(cast, announced):
    for event, ids in [
        ("document_sent", {"document_id": 999_999}),
        ("document_signed", {"document_id": 999_999}),
        ("paper_registered", {"registration_id": 999_999}),
        ("program_change_proposed", {"program_id": 999_999}),
        ("pair_proposed", {"mentorship_id": 999_999}),
        ("consent_withdrawn", {"consent_id": 999_999}),
    ]:
        announced(event, **ids)

    assert Notification.objects.count() == 0


def test_an_unknown_event_is_refused_at_once(cast):
    with pytest.raises(ValueError, match="Unknown event"):
        announce("document_lost", document_id=1)


def test_the_email_follows_each_users_choice_per_kind(cast, announced):
    document, *_rest = pairs_order(cast, by=cast.secretary)
    Preference.objects.create(user=cast.curator, email_off=[Kind.DOCUMENT_SIGNED])
    Preference.objects.create(user=cast.secretary, email_off=[Kind.DOCUMENT_SENT])

    announced("document_signed", document_id=document.pk, by_id=cast.director.pk)

    emailed = {message.to[0] for message in mail.outbox}
    assert cast.curator.email not in emailed  # turned this kind off: the portal only
    assert cast.secretary.email in emailed  # turned off another kind
    assert Notification.objects.filter(user=cast.curator).count() == 1
    message = next(m for m in mail.outbox if m.to == [cast.secretary.email])
    assert document.number in message.subject


def test_texts_are_russian_whatever_language_the_actor_uses(cast, announced, monkeypatch):
    languages = []
    real = events._

    def spy(message):
        languages.append(translation.get_language())
        return real(message)

    monkeypatch.setattr(events, "_", spy)
    document, *_rest = pairs_order(cast)

    with translation.override("en"):
        announced("document_sent", document_id=document.pk, by_id=cast.secretary.pk)

    assert languages
    assert set(languages) == {"ru"}
    with translation.override("ru"):
        expected = translation.gettext("Order No. %(number)s «%(title)s»") % {
            "number": document.number,
            "title": document.title,
        }
    assert expected in Notification.objects.get().title


def test_every_event_has_a_kind_the_settings_page_lists(cast, client_as):
    page = client_as(cast.director).get(reverse("notifications:preferences")).content.decode()

    for event in events.EVENTS:
        assert event in Kind.values
        assert f'value="{event}"' in page


def test_turning_off_an_event_kind_on_the_settings_page_is_kept(cast, client_as):
    kept = [kind for kind in Kind.values if kind != Kind.DOCUMENT_SENT]

    client_as(cast.director).post(reverse("notifications:preferences"), {"emails": kept, "days_before": 2})

    assert Preference.objects.get(user=cast.director).email_off == [Kind.DOCUMENT_SENT]


# --- a withdrawn consent goes the same way, keyed per consent ------------------------------------


def test_a_withdrawn_consent_tells_the_curators_once_after_the_commit(cast, django_capture_on_commit_callbacks):
    made = pair(cast)
    consent = Consent.objects.get(person__user=made.mentee_user, kind=ConsentKind.MENTEE_PARTICIPATION)

    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(consent=consent, actor=cast.secretary, on=datetime.date(2026, 10, 20))
    with django_capture_on_commit_callbacks(execute=True):
        announce("consent_withdrawn", consent_id=consent.pk)  # announced again: the same key

    assert list(Notification.objects.values_list("key", flat=True)) == [
        f"consent_withdrawn:{consent.pk}:{cast.curator.pk}"
    ]
    assert [message.to for message in mail.outbox] == [[cast.curator.email]]


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_task_runs_in_process_when_the_real_transaction_commits(cast):
    """No test transaction around: a real commit runs the task (eagerly) and sends the e-mail,
    a real rollback runs nothing."""
    document, *_rest = pairs_order(cast)

    with contextlib.suppress(RuntimeError), transaction.atomic():
        announce("document_sent", document_id=document.pk)
        raise RuntimeError("the sending failed")
    assert Notification.objects.count() == 0

    with transaction.atomic():
        announce("document_sent", document_id=document.pk, by_id=cast.secretary.pk)
        assert Notification.objects.count() == 0

    assert told() == [("alla", "/documents/inbox/")]
    assert [message.to for message in mail.outbox] == [[cast.director.email]]
