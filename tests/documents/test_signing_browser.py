"""The director signs an order in the browser; the pair becomes active and the PDF verifies."""

import pytest
from playwright.sync_api import expect

from documents import drafting, signing
from documents.models import Document, DocumentStatus
from mentoring.models import Status
from tests.browser import log_in, shoot
from tests.cast import make_cast
from tests.mentoring.test_lifecycle import proposed

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_director_signs_from_the_inbox_and_the_public_page_verifies(live_server, page):
    cast = make_cast()
    document = drafting.draft_pairs_order(school=cast.school, mentorships=[proposed(cast)], by=cast.curator)
    signing.send_for_signature(document=document, by=cast.curator)

    log_in(page, live_server, "alla")
    page.get_by_test_id("main-menu").get_by_role("link", name="На подпись").click()
    item = page.get_by_test_id("inbox-item")
    expect(item).to_contain_text(document.number)
    expect(item.locator("object")).to_be_attached(timeout=15000)  # the preview was rendered by the task
    shoot(page, "director-inbox")

    item.get_by_label("Ваш пароль для подписи").fill("wrong")
    item.get_by_role("button", name="Подписать").click()
    expect(page.get_by_role("alert").first).to_contain_text("Неверный пароль")

    page.get_by_test_id("inbox-item").get_by_label("Ваш пароль для подписи").fill("secret-pass-1")
    page.get_by_test_id("inbox-item").get_by_role("button", name="Подписать").click()
    expect(page.get_by_role("alert").first).to_contain_text("Подписано")
    expect(page.get_by_text("Документов на подпись нет.")).to_be_visible()

    document.refresh_from_db()
    assert document.status == DocumentStatus.SIGNED
    assert document.mentorships.get().status in (Status.APPROVED, Status.ACTIVE)

    page.goto(f"{live_server.url}/v/{document.verification_code}/")
    expect(page.get_by_test_id("verification")).to_contain_text("Документ подлинный")
    expect(page.get_by_test_id("verification")).to_contain_text(document.sha256)
    shoot(page, "verification")
    assert Document.objects.get(pk=document.pk).sha256 == document.sha256
