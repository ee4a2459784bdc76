"""Consents: dates, withdrawal at once, guardians for minors, private scans."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from people import services
from people.consents import missing_consents
from people.models import Consent, ConsentKind, Person, PersonKind
from people.signals import consent_withdrawn
from tests.documents.scans import pdf_bytes
from tests.factories import ConsentFactory, PersonFactory

TODAY = timezone.localdate()


@pytest.mark.django_db
def test_withdrawal_takes_effect_at_once_and_tells_listeners(cast):
    consent = ConsentFactory(person=PersonFactory(school=cast.school), kind=ConsentKind.MENTEE_PARTICIPATION)
    heard = []
    consent_withdrawn.connect(
        lambda sender, consent, on, **kw: heard.append((consent.pk, on)), weak=False, dispatch_uid="t"
    )
    try:
        services.consent_withdraw(consent=consent, actor=cast.curator)
    finally:
        consent_withdrawn.disconnect(dispatch_uid="t")

    assert not consent.is_active(TODAY)
    assert not Consent.objects.for_school(cast.school).active(TODAY).filter(pk=consent.pk).exists()
    assert heard == [(consent.pk, TODAY)]
    assert AuditEvent.objects.filter(action=AuditAction.CONSENT_WITHDRAWN, object_id=str(consent.person_id)).exists()


@pytest.mark.django_db
def test_a_consent_cannot_be_withdrawn_twice_or_before_it_was_given(cast):
    consent = ConsentFactory(person=PersonFactory(school=cast.school), given_on=datetime.date(2026, 1, 10))
    with pytest.raises(ValidationError, match="раньше"):
        services.consent_withdraw(consent=consent, actor=cast.curator, on=datetime.date(2026, 1, 9))
    services.consent_withdraw(consent=consent, actor=cast.curator, on=datetime.date(2026, 2, 1))
    with pytest.raises(ValidationError, match="уже отозвано"):
        services.consent_withdraw(consent=consent, actor=cast.curator)
    consent.refresh_from_db()
    assert consent.withdrawn_on == datetime.date(2026, 2, 1)


@pytest.mark.django_db
def test_a_minor_needs_a_guardians_consent_with_the_guardians_name(cast):
    pupil = PersonFactory(school=cast.school, kind=PersonKind.PUPIL, birth_date=TODAY.replace(year=TODAY.year - 13))
    ConsentFactory(person=pupil, kind=ConsentKind.PERSONAL_DATA)
    ConsentFactory(person=pupil, kind=ConsentKind.MENTEE_PARTICIPATION)
    assert missing_consents(pupil, as_mentor=False) == [ConsentKind.GUARDIAN]

    nameless = Consent(person=pupil, kind=ConsentKind.GUARDIAN, given_on=TODAY)
    with pytest.raises(ValidationError) as error:
        services.consent_record(consent=nameless, actor=cast.curator)
    assert "guardian_name" in error.value.message_dict
    services.consent_record(
        consent=Consent(
            person=pupil, kind=ConsentKind.GUARDIAN, given_on=TODAY, guardian_name="Лазарева Ольга Ивановна"
        ),
        actor=cast.curator,
    )
    assert missing_consents(Person.objects.get(pk=pupil.pk), as_mentor=False) == []


@pytest.mark.django_db
def test_curator_records_a_consent_with_a_scan_in_the_browser_form(cast, client_as):
    person = PersonFactory(school=cast.school)
    scan = SimpleUploadedFile("согласие.pdf", pdf_bytes(), content_type="application/pdf")
    response = client_as(cast.curator).post(
        reverse("people:consent_add", kwargs={"pk": person.pk}),
        {"kind": ConsentKind.PERSONAL_DATA, "given_on": "01.09.2026", "scan": scan},
    )
    assert response.status_code == 302
    consent = person.consents.get()
    assert consent.given_on == datetime.date(2026, 9, 1)
    assert consent.recorded_by == cast.curator
    assert consent.scan.name.startswith(f"consents/{cast.school.pk}/{person.pk}/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.exe", b"MZ\x90\x00", "Расширение файлов"),
        ("fake.pdf", b"<html><script>alert(1)</script>", "не является PDF"),
    ],
)
def test_scans_other_than_pdf_jpg_png_are_refused_in_russian(cast, client_as, name, content, message):
    person = PersonFactory(school=cast.school)
    response = client_as(cast.curator).post(
        reverse("people:consent_add", kwargs={"pk": person.pk}),
        {"kind": ConsentKind.PERSONAL_DATA, "given_on": "01.09.2026", "scan": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not person.consents.exists()


@pytest.mark.django_db
def test_oversized_scans_are_refused(cast, client_as, settings):
    from people import models

    person = PersonFactory(school=cast.school)
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (models.SCAN_MAX_BYTES + 1))
    response = client_as(cast.curator).post(
        reverse("people:consent_add", kwargs={"pk": person.pk}),
        {"kind": ConsentKind.PERSONAL_DATA, "given_on": "01.09.2026", "scan": big},
    )
    assert "слишком большой" in response.content.decode()
    assert not person.consents.exists()


@pytest.mark.django_db
def test_scans_are_served_only_to_those_allowed_and_every_download_is_logged(cast, client_as):
    from people.models import Person as P

    own = P.objects.get(user=cast.mentor)
    own_consent = ConsentFactory(person=own)
    colleague_consent = ConsentFactory(person=PersonFactory(school=cast.school))

    assert (
        client_as(cast.director).get(reverse("people:consent_scan", kwargs={"pk": colleague_consent.pk})).status_code
        == 200
    )
    assert client_as(cast.mentor).get(reverse("people:consent_scan", kwargs={"pk": own_consent.pk})).status_code == 200
    assert (
        client_as(cast.mentor).get(reverse("people:consent_scan", kwargs={"pk": colleague_consent.pk})).status_code
        == 403
    )
    downloads = AuditEvent.objects.filter(action=AuditAction.DOWNLOAD)
    assert downloads.count() == 2
    assert {e.actor for e in downloads} == {cast.director, cast.mentor}


def test_scans_have_no_public_url():
    consent = Consent(scan="consents/1/1/x.pdf")
    with pytest.raises(ValueError, match="public URL"):
        consent.scan.url  # noqa: B018
