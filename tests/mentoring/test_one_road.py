"""Issue 15: only the director's signature fixes pairs — the bypasses a tester found are closed.

A pair becomes «утверждена» only by a registry order the director signed in the portal, or whose
paper original was registered (by her, or in a school that signs on paper by the curator or the
secretary, and then she may contest it); a pair in a pending order is not offered again, and it
leaves that order only by being excluded or by the order being withdrawn.
"""

import datetime
import hashlib

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.memberships import forget_memberships, roles_in
from accounts.models import Membership
from accounts.roles import Role
from audit.models import AuditAction, AuditEvent
from documents import drafting, orders, paper, signing
from documents.forms import PairsOrderForm
from documents.models import Document, DocumentSettings, DocumentStatus, PaperRegistration, SigningMode
from mentoring import lifecycle
from mentoring.models import Mentorship, Status
from notifications.models import Notification
from tests.documents.scans import fake_scan, pdf_scan, photo_scan
from tests.factories import PersonFactory, UserFactory
from tests.mentoring.test_lifecycle import draft, proposed

PASSWORD = "secret-pass-1"


def sent_order(cast, *pairs):
    document = drafting.draft_pairs_order(school=cast.school, mentorships=list(pairs), by=cast.curator)
    signing.send_for_signature(document=document, by=cast.curator)
    return Document.objects.get(pk=document.pk)


def signs_on_paper(cast, days=5):
    DocumentSettings.objects.update_or_create(
        school=cast.school, defaults={"signing_mode": SigningMode.PAPER, "contest_days": days}
    )


def status_of(mentorship):
    return Mentorship.objects.get(pk=mentorship.pk).status


# --- no order number typed on a pair's page ---------------------------------------------------


@pytest.mark.django_db
def test_no_page_approves_a_pair_by_typing_an_order_number(cast, client_as):
    pair = proposed(cast)
    with pytest.raises(NoReverseMatch):
        reverse("mentoring:approve", kwargs={"pk": pair.pk})
    for user in (cast.curator, cast.director):
        client = client_as(user)
        assert client.post(f"/mentoring/{pair.pk}/approve/", {"order_number": "01-10/99"}).status_code == 404
        page = client.get(reverse("mentoring:detail", kwargs={"pk": pair.pk})).content.decode()
        assert 'name="order_number"' not in page
    assert status_of(pair) == Status.PROPOSED


@pytest.mark.django_db
def test_the_pair_page_offers_the_order_and_the_signed_order_links_back(cast, client_as):
    pair = proposed(cast)
    client = client_as(cast.curator)
    page = client.get(reverse("mentoring:detail", kwargs={"pk": pair.pk})).content.decode()
    new_order = reverse("documents:new", kwargs={"kind": "order_pairs"}) + f"?mentorships={pair.pk}"
    assert new_order in page
    assert "Сформировать приказ" in page

    form_page = client.get(new_order).content.decode()
    assert f'value="{pair.pk}"' in form_page
    assert "checked" in form_page.split(f'value="{pair.pk}"')[1][:40], "the pair comes preselected"

    document = sent_order(cast, pair)
    page = client.get(reverse("mentoring:detail", kwargs={"pk": pair.pk})).content.decode()
    assert f"В приказе № {document.number} — на подписи." in page
    assert reverse("documents:detail", kwargs={"pk": document.pk}) in page
    assert new_order not in page

    signing.sign(document=document, by=cast.director, password=PASSWORD)
    document.refresh_from_db()
    pair = Mentorship.objects.get(pk=pair.pk)
    assert pair.order_number == document.number
    page = client.get(reverse("mentoring:detail", kwargs={"pk": pair.pk})).content.decode()
    order_link = page.split('data-testid="order"')[1][:600]
    assert reverse("documents:detail", kwargs={"pk": document.pk}) in order_link
    assert reverse("verify", kwargs={"code": document.verification_code}) in order_link
    assert f"приказ № {document.number}" in order_link
    documents_block = page.split('data-testid="pair-documents"')[1]
    assert document.title in documents_block


# --- a pair in a pending order ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_pair_in_a_pending_order_is_not_offered_again_nor_taken_back(cast):
    held, free = proposed(cast), proposed(cast)
    document = sent_order(cast, held)

    offered = set(PairsOrderForm(school=cast.school).fields["mentorships"].queryset)
    assert offered == {free}
    assert list(orders.proposed_without_order(cast.school)) == [free]
    with pytest.raises(ValidationError, match=f"уже включена в проект приказа № {document.number}"):
        drafting.draft_pairs_order(school=cast.school, mentorships=[held, free], by=cast.curator)
    with pytest.raises(ValidationError, match="сначала исключите её из приказа или отзовите приказ"):
        lifecycle.mentorship_return_to_draft(mentorship=held, by=cast.curator)
    with pytest.raises(ValidationError, match="сначала исключите её из приказа"):
        lifecycle.mentorship_drop(mentorship=held, by=cast.curator)
    assert status_of(held) == Status.PROPOSED


@pytest.mark.django_db
def test_excluding_a_pair_redrafts_the_order_and_sends_it_back_to_draft(cast, client_as):
    first, second = proposed(cast), proposed(cast)
    document = sent_order(cast, first, second)
    second_mentee = second.mentees[0].full_name
    assert any(row["mentees"][0]["full"] == second_mentee for row in document.context["pairs"])

    response = client_as(cast.curator).post(
        reverse("documents:exclude_pair", kwargs={"pk": document.pk}), {"mentorship": second.pk}, follow=True
    )

    assert "Пара исключена из приказа" in response.content.decode()
    document.refresh_from_db()
    assert list(document.mentorships.all()) == [first]
    assert document.status == DocumentStatus.DRAFT, "the director signs only what is resent"
    assert [row["mentees"][0]["full"] for row in document.context["pairs"]] == [first.mentees[0].full_name]
    assert second_mentee not in str(document.context["acquainted"])
    assert set(PairsOrderForm(school=cast.school).fields["mentorships"].queryset) == {second}
    with pytest.raises(ValidationError, match="единственная пара приказа"):
        orders.exclude_pair(document=document, mentorship_id=first.pk, by=cast.curator)


@pytest.mark.django_db
def test_a_withdrawn_order_frees_its_pairs_and_keeps_its_number(cast, client_as):
    pair = proposed(cast)
    document = sent_order(cast, pair)

    client_as(cast.curator).post(reverse("documents:withdraw", kwargs={"pk": document.pk}), {"reason": "Ошибка"})

    document.refresh_from_db()
    assert document.status == DocumentStatus.WITHDRAWN
    assert Document.objects.filter(number=document.number).count() == 1
    assert list(orders.proposed_without_order(cast.school)) == [pair]
    with pytest.raises(ValidationError):
        signing.sign(document=document, by=cast.director, password=PASSWORD)
    lifecycle.mentorship_return_to_draft(mentorship=pair, by=cast.curator)
    assert status_of(pair) == Status.DRAFT


@pytest.mark.django_db
def test_an_order_whose_pair_changed_behind_it_cannot_be_sent(cast):
    pair = proposed(cast)
    document = drafting.draft_pairs_order(school=cast.school, mentorships=[pair], by=cast.curator)
    Mentorship.objects.filter(pk=pair.pk).update(status=Status.DRAFT)
    with pytest.raises(ValidationError, match="больше не предложена"):
        signing.send_for_signature(document=document, by=cast.curator)
    assert Document.objects.get(pk=document.pk).status == DocumentStatus.DRAFT


# --- paper originals ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_with_portal_signing_only_the_director_registers_a_paper_original(cast, client_as):
    pair = proposed(cast)
    document = sent_order(cast, pair)
    scan_url = reverse("documents:scan", kwargs={"pk": document.pk})

    for user in (cast.curator, cast.secretary):
        assert client_as(user).post(scan_url, {"scan": pdf_scan()}).status_code == 403
        with pytest.raises(ValidationError, match="директор подписывает документы в портале"):
            paper.register_original(document=document, by=user, upload=pdf_scan())
    assert Document.objects.get(pk=document.pk).status == DocumentStatus.AWAITING_SIGNATURE
    assert status_of(pair) == Status.PROPOSED
    page = client_as(cast.curator).get(reverse("documents:detail", kwargs={"pk": document.pk})).content.decode()
    assert scan_url not in page
    assert "только директор вводит документ в действие" in page

    registration = paper.register_original(document=document, by=cast.director, upload=pdf_scan())
    assert registration.confirmed_by == cast.director, "her own signature: nothing to contest"
    assert not paper.registrations_to_confirm(cast.school).exists()
    assert status_of(pair) in (Status.APPROVED, Status.ACTIVE)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (fake_scan, "не читается как PDF"),
        (lambda: pdf_scan_of(b"%PDF-1.4\n%%EOF\n"), "не читается как PDF"),
        (lambda: pdf_scan_of(b"GIF89a" + b"\x00" * 64), "PDF или фотографией"),
        (lambda: pdf_scan_of(b"x" * (paper.MAX_UPLOAD_BYTES + 1)), "не более 20 МБ"),
    ],
)
def test_only_a_real_scan_is_registered_and_a_refusal_changes_nothing(cast, client_as, upload, message):
    signs_on_paper(cast)
    pair = proposed(cast)
    document = sent_order(cast, pair)

    response = client_as(cast.curator).post(
        reverse("documents:scan", kwargs={"pk": document.pk}), {"scan": upload()}, follow=True
    )

    assert message in response.content.decode()
    document.refresh_from_db()
    assert (document.status, document.sha256, bool(document.pdf)) == (DocumentStatus.AWAITING_SIGNATURE, "", False)
    assert status_of(pair) == Status.PROPOSED
    assert not PaperRegistration.objects.exists()
    assert not Notification.objects.filter(kind="paper_registered").exists()


def pdf_scan_of(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("scan.pdf", data, "application/pdf")


@pytest.mark.django_db
def test_a_photo_of_the_signed_pages_becomes_a_pdf(cast):
    signs_on_paper(cast)
    document = sent_order(cast, proposed(cast))

    registration = paper.register_original(document=document, by=cast.secretary, upload=photo_scan("скан.png", "PNG"))

    document.refresh_from_db()
    with document.pdf.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-")
    assert registration.pages == 1
    assert document.sha256 == hashlib.sha256(data).hexdigest() == registration.sha256


@pytest.mark.django_db
def test_a_registration_is_audited_and_announced_to_the_director_at_once(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    signs_on_paper(cast, days=3)
    cast.director.email = "director@example.org"
    cast.director.save()
    pair = proposed(cast)
    document = sent_order(cast, pair)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        registration = paper.register_original(document=document, by=cast.curator, upload=pdf_scan(pages=2))

    assert status_of(pair) in (Status.APPROVED, Status.ACTIVE)
    assert registration.pages == 2
    assert registration.contest_until == timezone.localdate() + datetime.timedelta(days=3)
    event = AuditEvent.objects.get(action=AuditAction.REGISTER_ORIGINAL)
    assert (event.actor, event.object_id) == (cast.curator, str(document.pk))
    [notice] = Notification.objects.filter(user=cast.director, kind="paper_registered")
    assert document.number in notice.title
    assert registration.contest_until.strftime("%d.%m.%Y") in notice.body
    assert [mail.to for mail in mailoutbox if document.number in mail.subject + mail.body] == [["director@example.org"]]
    assert list(paper.registrations_to_confirm(cast.school)) == [registration]


@pytest.mark.django_db
def test_a_contested_registration_is_undone_with_its_consequences(
    cast, client_as, client, django_capture_on_commit_callbacks
):
    signs_on_paper(cast)
    pair = proposed(cast)
    document = sent_order(cast, pair)
    registration = paper.register_original(document=document, by=cast.curator, upload=pdf_scan())
    code = document.verification_code
    assert client.get(reverse("verify", kwargs={"code": code})).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(cast.director).post(
            reverse("documents:contest_registration", kwargs={"pk": registration.pk}),
            {"reason": "Я этот приказ не подписывала"},
            follow=True,
        )

    assert "Регистрация оспорена" in response.content.decode()
    document.refresh_from_db()
    assert document.status == DocumentStatus.RETURNED
    assert "Я этот приказ не подписывала" in document.return_comment
    assert (document.sha256, bool(document.pdf), document.signed_by) == ("", False, None)
    pair = Mentorship.objects.get(pk=pair.pk)
    assert (pair.status, pair.order_number, pair.order_date) == (Status.PROPOSED, "", None)
    assert "оспорил" in pair.status_changes.order_by("-at", "-pk").first().note
    assert client.get(reverse("verify", kwargs={"code": code})).status_code == 404
    assert Notification.objects.filter(user=cast.curator, kind="registration_contested").exists()
    assert AuditEvent.objects.filter(action=AuditAction.CONTEST, actor=cast.director).exists()
    registration.refresh_from_db()
    assert registration.scan, "what was registered is kept on record"
    # The order may go to the director again and be signed properly.
    signing.send_for_signature(document=document, by=cast.curator)
    signing.sign(document=Document.objects.get(pk=document.pk), by=cast.director, password=PASSWORD)
    assert status_of(pair) in (Status.APPROVED, Status.ACTIVE)


@pytest.mark.django_db
def test_only_the_director_contests_and_only_in_time(cast, client_as):
    signs_on_paper(cast, days=2)
    pair = proposed(cast)
    registration = paper.register_original(document=sent_order(cast, pair), by=cast.curator, upload=pdf_scan())
    url = reverse("documents:contest_registration", kwargs={"pk": registration.pk})

    assert client_as(cast.curator).post(url, {"reason": "x"}).status_code == 403
    with pytest.raises(ValidationError, match="Срок, чтобы оспорить эту регистрацию, истёк"):
        paper.contest_registration(
            registration=registration,
            by=cast.director,
            reason="поздно",
            on=timezone.localdate() + datetime.timedelta(days=3),
        )
    paper.confirm_registration(registration=registration, by=cast.director)
    with pytest.raises(ValidationError, match="уже подтверждена или оспорена"):
        paper.contest_registration(registration=registration, by=cast.director, reason="передумала")
    assert status_of(pair) in (Status.APPROVED, Status.ACTIVE)


@pytest.mark.django_db
def test_a_contested_curator_appointment_takes_the_role_back(cast):
    signs_on_paper(cast)
    user = UserFactory(username="newcurator")
    person = PersonFactory(school=cast.school, user=user)
    document = drafting.draft_curator_order(
        school=cast.school, person=person, by=cast.secretary, academic_year="2026/2027"
    )
    signing.send_for_signature(document=document, by=cast.secretary)
    registration = paper.register_original(document=document, by=cast.secretary, upload=pdf_scan())
    forget_memberships(user)
    assert Role.CURATOR in roles_in(user, cast.school)

    paper.contest_registration(registration=registration, by=cast.director, reason="Не подписывала")

    forget_memberships(user)
    assert Role.CURATOR not in roles_in(user, cast.school)


@pytest.mark.django_db
def test_the_curator_cannot_switch_the_school_to_paper_signing(cast, client_as):
    client_as(cast.curator).post(
        reverse("documents:settings"),
        {
            "section": "numbering",
            "numbering-signing_mode": "paper",
            "numbering-contest_days": "30",
            "numbering-number_prefix": "01-10/",
        },
    )
    assert paper.signing_mode(cast.school) == SigningMode.PORTAL
    client_as(cast.director).post(
        reverse("documents:settings"),
        {
            "section": "numbering",
            "numbering-signing_mode": "paper",
            "numbering-contest_days": "7",
            "numbering-number_prefix": "01-10/",
        },
    )
    assert paper.signing_mode(cast.school) == SigningMode.PAPER
    assert paper.contest_days(cast.school) == 7


# --- other side doors -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_cannot_make_a_curator(cast):
    from accounts.admin import MembershipAdminForm

    user = UserFactory(username="quiet")
    form = MembershipAdminForm(data={"user": user.pk, "role": Role.CURATOR, "school": cast.school.pk})
    assert not form.is_valid()
    assert "приказом директора" in str(form.errors)
    assert MembershipAdminForm(data={"user": user.pk, "role": Role.MENTOR, "school": cast.school.pk}).is_valid()
    existing = Membership.objects.get(user=cast.curator, role=Role.CURATOR)
    keep = MembershipAdminForm(
        data={"user": cast.curator.pk, "role": Role.CURATOR, "school": cast.school.pk}, instance=existing
    )
    assert keep.is_valid(), "an existing curator's row is saved unchanged"
    assert site._registry[Membership].form is MembershipAdminForm


@pytest.mark.django_db
def test_a_draft_made_by_mistake_is_deleted_with_a_delete_entry_and_never_counts(cast, client_as):
    from monitoring.indicators import compute
    from people.services import academic_year_of

    mistaken = draft(cast)
    client_as(cast.curator).post(reverse("mentoring:delete", kwargs={"pk": mistaken.pk}))

    assert not Mentorship.objects.filter(pk=mistaken.pk).exists()
    event = AuditEvent.objects.get(object_type="mentoring.mentorship", object_id=str(mistaken.pk))
    assert (event.action, event.actor) == (AuditAction.DELETE, cast.curator)
    assert event.get_action_display() == "удалено"
    withdrawn = proposed(cast)
    lifecycle.mentorship_return_to_draft(mentorship=withdrawn, by=cast.curator)
    figures = {i.code: i for i in compute(cast.school, year=academic_year_of(timezone.localdate()))}
    assert figures["mentorships"].numerator == 0


# --- completion by order only -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_pair_is_completed_only_by_the_directors_completion_order(cast, client_as):
    from portal.todo import curator_tasks
    from programs import rules
    from programs.models import CompletionReason, PlanItemStatus
    from tests.programs.helpers import END, approved_program

    program = approved_program(cast)
    pair = program.mentorship
    assert status_of(pair) == Status.ACTIVE
    with pytest.raises(NoReverseMatch):
        reverse("mentoring:complete", kwargs={"pk": pair.pk})
    program.items.update(status=PlanItemStatus.DONE)
    rules.program_complete(program=program, by=cast.mentor, reason=CompletionReason.PLAN_DONE, on=END, results="Да")

    assert status_of(pair) == Status.ACTIVE, "the program is done; the pair waits for the order"
    [task] = [t for t in curator_tasks(cast.curator, cast.school) if t.key == "to-complete"]
    assert task.count == 1
    assert task.label == "1 пара с завершённой программой ждёт приказа о завершении"
    board = client_as(cast.curator).get(reverse("mentoring:board")).content.decode()
    form = board.split('data-testid="awaiting-completion"')[1].split("</form>")[0]
    assert f'value="{pair.pk}"' in form

    order = drafting.draft_completion_order(school=cast.school, mentorships=[pair], by=cast.curator)
    assert not [t for t in curator_tasks(cast.curator, cast.school) if t.key == "to-complete"]
    signing.send_for_signature(document=order, by=cast.curator)
    signing.sign(document=Document.objects.get(pk=order.pk), by=cast.director, password=PASSWORD)
    pair = Mentorship.objects.get(pk=pair.pk)
    assert pair.status == Status.COMPLETED
    assert pair.actual_end == Document.objects.get(pk=order.pk).date
