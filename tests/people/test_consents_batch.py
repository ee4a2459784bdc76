"""Consents recorded several at a time: the kinds of one signed form, and «согласие получено» from the bank."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from audit.models import AuditAction, AuditEvent
from people.models import Consent, ConsentKind
from portal.orphans import remove_orphan_files
from tests.browser import PASSWORD, log_in
from tests.documents.scans import pdf_bytes
from tests.factories import ConsentFactory, PersonFactory

GIVEN = "01.09.2026"


def scan(name="согласия.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


# One signed form, several consents


@pytest.mark.django_db
def test_several_consents_of_one_form_are_recorded_at_once(cast, client_as):
    person = PersonFactory(school=cast.school)
    response = client_as(cast.secretary).post(
        reverse("people:consent_add", kwargs={"pk": person.pk}),
        {
            "kind": [ConsentKind.PERSONAL_DATA, ConsentKind.MENTOR_PARTICIPATION, ConsentKind.PUBLICATION],
            "given_on": GIVEN,
            "scan": scan(),
        },
    )

    assert response.status_code == 302
    consents = list(person.consents.order_by("kind"))
    assert sorted(c.kind for c in consents) == sorted(
        [ConsentKind.PERSONAL_DATA, ConsentKind.MENTOR_PARTICIPATION, ConsentKind.PUBLICATION]
    )
    assert {c.given_on for c in consents} == {datetime.date(2026, 9, 1)}
    assert {c.recorded_by for c in consents} == {cast.secretary}
    assert len({c.scan.name for c in consents}) == 1, "one stored scan, named by every record"
    assert consents[0].scan.open("rb").read().startswith(b"%PDF")
    assert AuditEvent.objects.filter(action=AuditAction.CONSENT_GIVEN, object_id=str(person.pk)).count() == 3


@pytest.mark.django_db
def test_a_guardians_consent_without_the_guardians_name_records_none_of_the_ticked(cast, client_as):
    person = PersonFactory(school=cast.school)
    response = client_as(cast.curator).post(
        reverse("people:consent_add", kwargs={"pk": person.pk}),
        {"kind": [ConsentKind.PERSONAL_DATA, ConsentKind.GUARDIAN], "given_on": GIVEN, "scan": scan()},
    )

    assert response.status_code == 200
    assert "guardian_name" in response.context["form"].errors
    assert not person.consents.exists()


@pytest.mark.django_db
def test_no_ticked_kind_records_nothing(cast, client_as):
    person = PersonFactory(school=cast.school)
    response = client_as(cast.curator).post(
        reverse("people:consent_add", kwargs={"pk": person.pk}), {"given_on": GIVEN, "scan": scan()}
    )

    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert not person.consents.exists()


# «Согласие получено» from the bank


def given(client, people, kinds=(ConsentKind.PERSONAL_DATA,), **extra):
    data = {"people": [p.pk for p in people], "kind": list(kinds), "given_on": GIVEN, "scan": scan(), **extra}
    return client.post(reverse("people:consents_given"), data)


@pytest.mark.django_db
def test_consent_received_is_recorded_for_the_ticked_people_only(cast, client_as):
    first, second, untouched = (PersonFactory(school=cast.school) for _ in range(3))

    response = given(
        client_as(cast.secretary), [first, second], [ConsentKind.PERSONAL_DATA, ConsentKind.MENTEE_PARTICIPATION]
    )

    assert response.status_code == 302
    for person in (first, second):
        assert sorted(person.consents.values_list("kind", flat=True)) == sorted(
            [ConsentKind.PERSONAL_DATA, ConsentKind.MENTEE_PARTICIPATION]
        )
    assert not untouched.consents.exists()
    recorded = Consent.objects.filter(person__in=[first, second])
    assert {c.recorded_by for c in recorded} == {cast.secretary}
    assert len({c.scan.name for c in recorded}) == 1
    assert AuditEvent.objects.filter(action=AuditAction.CONSENT_GIVEN).count() == 4


@pytest.mark.django_db
def test_a_shared_scan_is_kept_by_the_orphan_cleaner_and_served_for_each(cast, client_as):
    first, second = PersonFactory(school=cast.school), PersonFactory(school=cast.school)
    client = client_as(cast.curator)
    given(client, [first, second])

    cleanup = remove_orphan_files(now=datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=30))

    assert cleanup.removed == []
    for consent in Consent.objects.filter(person__in=[first, second]):
        response = client.get(reverse("people:consent_scan", kwargs={"pk": consent.pk}))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_who_already_consents_is_skipped_and_named(cast, client_as):
    fresh = PersonFactory(school=cast.school)
    consenting = PersonFactory(school=cast.school, last_name="Уже-Согласнова")
    ConsentFactory(person=consenting, kind=ConsentKind.PERSONAL_DATA, given_on=datetime.date(2026, 1, 10))

    with translation.override("en"):
        response = given(client_as(cast.secretary), [fresh, consenting])

    assert fresh.consents.count() == 1
    assert consenting.consents.count() == 1, "no second consent of the same kind"
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "Уже-Согласнова" in text
    assert fresh.last_name not in text


@pytest.mark.django_db
def test_bad_input_changes_nothing(cast, client_as):
    person = PersonFactory(school=cast.school)
    client = client_as(cast.secretary)

    assert given(client, [person], scan=SimpleUploadedFile("x.pdf", b"<html>")).status_code == 302
    assert given(client, [person], given_on="").status_code == 302
    assert given(client, [person], kinds=[ConsentKind.GUARDIAN]).status_code == 302
    assert given(client, [person], valid_until="01.01.2020").status_code == 302
    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_another_schools_people_cannot_be_ticked(cast, client_as):
    ours = PersonFactory(school=cast.school)
    theirs = PersonFactory(school=cast.other_school)

    response = given(client_as(cast.secretary), [ours, theirs])
    assert response.status_code == 302
    assert not Consent.objects.exists()

    # The other school's curator keeps her own bank: school A's people are not hers to tick.
    response = given(client_as(cast.other_curator), [ours])
    assert response.status_code == 302
    assert not Consent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["director", "council_member", "mentor", "mentee"])
def test_only_the_bank_keepers_record_consents_received(cast, client_as, role):
    person = PersonFactory(school=cast.school)

    assert given(client_as(getattr(cast, role)), [person]).status_code == 403
    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_the_bank_offers_the_action_only_to_who_may_record_consents(cast, client_as):
    PersonFactory(school=cast.school)
    secretary_page = client_as(cast.secretary).get(reverse("people:bank")).content.decode()
    director_page = client_as(cast.director).get(reverse("people:bank")).content.decode()

    assert 'data-testid="consents-given"' in secretary_page
    assert 'name="people"' in secretary_page
    assert 'data-testid="consents-given"' not in director_page


# In the browser

browser = pytest.mark.browser


@browser
@pytest.mark.django_db(transaction=True)
def test_the_secretary_records_consents_received_for_two_people_in_the_bank(live_server, page, tmp_path):
    from tests.cast import make_cast

    cast = make_cast()
    cast.secretary.set_password(PASSWORD)
    cast.secretary.save()
    first = PersonFactory(school=cast.school, last_name="Агафонова", first_name="Анна")
    second = PersonFactory(school=cast.school, last_name="Богданов", first_name="Борис")
    third = PersonFactory(school=cast.school, last_name="Викторова", first_name="Вера")
    pdf = tmp_path / "стопка.pdf"
    pdf.write_bytes(pdf_bytes(2))

    log_in(page, live_server, cast.secretary.username)
    page.goto(f"{live_server.url}{reverse('people:bank')}")
    page.get_by_label(f"{first.full_name}").check()
    page.get_by_label(f"{second.full_name}").check()
    action = page.get_by_test_id("consents-given")
    action.locator(f"input[name=kind][value={ConsentKind.PERSONAL_DATA}]").check()
    action.locator("input[name=given_on]").fill("2026-09-01")
    action.locator("input[name=scan]").set_input_files(str(pdf))
    action.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{reverse('people:bank')}*")

    assert page.locator(".alert-success").count() == 1
    for person in (first, second):
        [consent] = person.consents.all()
        assert (consent.kind, consent.given_on) == (ConsentKind.PERSONAL_DATA, datetime.date(2026, 9, 1))
        assert consent.scan
    assert not third.consents.exists()
