"""Issue 15 played end to end in Chromium, each role in its own browser session.

The curator proposes a pair and drafts its order from the board → the director sees «1 документ
ждёт вашей подписи» on her home page, a badge on «На подпись» and a notification in the bell →
she signs → the curator and the pair's mentor hear of it → the pair is active and its page links
the order and its verification page. On the way, the bypasses the tester found are refused.
"""

import pytest
from playwright.sync_api import expect

from documents.models import Document, DocumentStatus
from mentoring.models import Mentorship, Status
from people.models import Person
from tests.browser import session, shoot
from tests.cast import make_cast
from tests.mentoring.helpers import with_consents
from tests.mentoring.test_lifecycle import draft

pytestmark = pytest.mark.browser


def _bell(page):
    return page.get_by_test_id("notifications-bell")


@pytest.mark.django_db(transaction=True)
def test_only_the_directors_signature_fixes_the_pair_and_everyone_hears_of_it(live_server, browser):
    from people.models import ConsentKind, MentorProfile

    cast = make_cast()
    mentor_person = Person.objects.get(user=cast.mentor)
    MentorProfile.objects.create(person=mentor_person, max_mentees=3)
    with_consents(mentor_person, ConsentKind.PERSONAL_DATA, ConsentKind.MENTOR_PARTICIPATION)
    pair = draft(cast, mentors=[mentor_person])

    curator_context, curator = session(browser, live_server, "boris")
    director_context, director = session(browser, live_server, "alla")
    mentor_context, mentor = session(browser, live_server, "dmitry")

    # The curator proposes the pair; its page offers the order, and no order number to type.
    curator.goto(f"{live_server.url}/mentoring/{pair.pk}/")
    curator.get_by_role("button", name="Предложить для приказа").click()
    expect(curator.get_by_test_id("draft-order")).to_be_visible()
    expect(curator.locator('input[name="order_number"]')).to_have_count(0)

    # The board lists the proposed pair for the order; one click drafts it with the pair chosen.
    curator.goto(f"{live_server.url}/mentoring/")
    board = curator.get_by_test_id("awaiting-order")
    expect(board).to_contain_text(str(Mentorship.objects.get(pk=pair.pk)))
    board.get_by_role("button", name="Сформировать приказ по выбранным парам").click()
    expect(curator.get_by_label(str(Mentorship.objects.get(pk=pair.pk)), exact=False)).to_be_checked()
    curator.get_by_role("button", name="Зарегистрировать проект").click()
    expect(curator.get_by_role("alert").first).to_contain_text("зарегистрирован")
    document = Document.objects.get(mentorships=pair)
    curator.get_by_role("button", name="Отправить на подпись").click()
    expect(curator.get_by_role("alert").first).to_contain_text("на подпись")
    shoot(curator, "story-curator-sent")

    # A pair in a pending order is not offered for another one.
    curator.goto(f"{live_server.url}/documents/new/order_pairs/")
    expect(curator.locator(f'input[name="mentorships"][value="{pair.pk}"]')).to_have_count(0)

    # The curator cannot register a paper original in a school whose director signs in the portal.
    curator.goto(f"{live_server.url}/documents/{document.pk}/")
    expect(curator.get_by_test_id("registration-refusal")).to_contain_text("только директор")
    expect(curator.get_by_role("button", name="Зарегистрировать скан")).to_have_count(0)

    # The director sees what waits for her: on her home page, as a badge and in the bell.
    director.goto(f"{live_server.url}/")
    expect(director.get_by_test_id("to-sign")).to_contain_text("1 документ ждёт вашей подписи")
    menu = director.get_by_test_id("main-menu")
    expect(menu.get_by_role("link", name="На подпись")).to_contain_text("1")
    expect(_bell(director)).to_contain_text("1")
    shoot(director, "story-director-home")
    _bell(director).click()
    expect(director.get_by_text(f"№ {document.number}").first).to_be_visible()

    director.goto(f"{live_server.url}/documents/inbox/")
    item = director.get_by_test_id("inbox-item")
    item.get_by_label("Ваш пароль для подписи").fill("secret-pass-1")
    item.get_by_role("button", name="Подписать").click()
    expect(director.get_by_role("alert").first).to_contain_text("Подписано")
    director.goto(f"{live_server.url}/")
    expect(director.get_by_test_id("todo-empty")).to_be_visible()

    document.refresh_from_db()
    assert document.status == DocumentStatus.SIGNED
    pair.refresh_from_db()
    assert pair.status in (Status.APPROVED, Status.ACTIVE)
    assert pair.order_number == document.number

    # The curator and the mentor hear of it; the pair's page links the order and its /v/ page.
    for page in (curator, mentor):
        page.goto(f"{live_server.url}/notifications/")
        expect(page.get_by_text(f"№ {document.number}").first).to_be_visible()
    mentor.get_by_text(f"№ {document.number}").first.click()
    expect(mentor).to_have_url(f"{live_server.url}/mentoring/{pair.pk}/")
    expect(mentor.get_by_test_id("order").get_by_role("link", name="проверка")).to_be_visible()
    shoot(mentor, "story-mentor-notified")

    curator.goto(f"{live_server.url}/mentoring/{pair.pk}/")
    order = curator.get_by_test_id("order")
    expect(order).to_contain_text(f"приказ № {document.number}")
    order.get_by_role("link", name="проверка").click()
    expect(curator.get_by_test_id("verification")).to_contain_text("Документ подлинный")
    shoot(curator, "story-verification")

    for context in (curator_context, director_context, mentor_context):
        context.close()
