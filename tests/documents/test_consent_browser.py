"""A teacher signs her own consent from her home page; the bank gets it, the director never signs it."""

import pytest
from playwright.sync_api import expect

from documents import drafting, signing
from documents.models import DocumentStatus, DocumentType
from people.models import ConsentKind, Person
from tests.browser import log_in, shoot
from tests.cast import make_cast

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_the_mentee_signs_her_publication_consent_from_her_home_page(live_server, page):
    cast = make_cast()
    person = Person.objects.get(user=cast.mentee)
    document = drafting.draft_consent(person=person, type=DocumentType.CONSENT_PUBLICATION, by=cast.secretary)
    signing.send_for_signature(document=document, by=cast.secretary)

    log_in(page, live_server, "alla")
    expect(page.get_by_test_id("to-sign")).to_have_count(0)  # nothing of hers waits for the director

    page.context.clear_cookies()
    log_in(page, live_server, "elena")
    waiting = page.get_by_test_id("my-signatures")
    expect(waiting).to_contain_text("ждёт вашей подписи")
    waiting.get_by_role("link", name=document.title).click()
    expect(page.locator("object")).to_be_attached(timeout=15000)  # the preview was rendered by the task
    form = page.get_by_test_id("party-sign")
    form.get_by_label("Документ мной прочитан", exact=False).check()
    form.get_by_label("Ваш пароль для подписи").fill("wrong")
    form.get_by_role("button", name="Подписать").click()
    expect(page.get_by_role("alert").first).to_contain_text("Неверный пароль")

    form = page.get_by_test_id("party-sign")
    form.get_by_label("Документ мной прочитан", exact=False).check()
    form.get_by_label("Ваш пароль для подписи").fill("secret-pass-1")
    form.get_by_role("button", name="Подписать").click()
    expect(page.get_by_test_id("party-signed")).to_contain_text("Вы подписали этот документ")
    shoot(page, "mentee-signed-consent")

    document.refresh_from_db()
    assert document.status == DocumentStatus.SIGNED
    assert document.signed_by is None
    assert person.consents.filter(kind=ConsentKind.PUBLICATION).exists()

    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("my-signatures")).to_have_count(0)
