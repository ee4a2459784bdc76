"""Issue 18, item 3, played in Chromium: a pair whose mentor works in another school.

The coordinator proposes a mentor of school Б for a young teacher of school А → both schools'
curators see it on their home page and agree → Б's director signs the order assigning the mentor
→ А's curator drafts the pair-fixing order and А's director signs it → the pair is fixed; Б's
curator reads it without forms; the mentor switches to school А and finds it in «Моё наставничество».
"""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from documents.models import DocumentStatus
from mentoring.models import CrossSchoolLink, Status
from people.models import ConsentKind
from tests.browser import PASSWORD, session, shoot
from tests.cast import make_cast
from tests.factories import ConsentFactory, MembershipFactory, UserFactory
from tests.mentoring.helpers import mentee, mentor

pytestmark = pytest.mark.browser


def _sign_in_inbox(page, live_server):
    page.goto(f"{live_server.url}/documents/inbox/")
    item = page.get_by_test_id("inbox-item")
    item.get_by_label("Ваш пароль для подписи").fill(PASSWORD)
    item.get_by_role("button", name="Подписать").click()
    expect(page.get_by_role("alert").first).to_contain_text("Подписано")


@pytest.mark.django_db(transaction=True)
def test_a_pair_across_schools_from_the_coordinators_proposal_to_both_orders_signed(live_server, browser):
    cast = make_cast()
    director_b = UserFactory(username="olga", last_name="Романова", first_name="Ольга", patronymic="Петровна")
    MembershipFactory(user=director_b, role=Role.DIRECTOR, school=cast.other_school)
    petr = UserFactory(username="petr", last_name="Петров", first_name="Пётр", patronymic="Ильич")
    MembershipFactory(user=petr, role=Role.MENTOR, school=cast.other_school)
    teacher = mentor(cast.other_school, user=petr, last_name="Петров", first_name="Пётр", patronymic="Ильич", sex="m")
    young = mentee(cast.school, last_name="Новикова", first_name="Ольга", patronymic="Игоревна", sex="f")
    for person in (teacher, young):
        ConsentFactory(person=person, kind=ConsentKind.MUNICIPAL_SHARING, given_on=datetime.date(2026, 1, 1))

    officer_context, officer = session(browser, live_server, "inna")
    # The coordinator proposes the pair on the municipality's page.
    officer.goto(f"{live_server.url}/municipality/")
    officer.get_by_role("link", name="Межшкольные пары").click()
    officer.locator('select[name="mentees"]').select_option(str(young.pk))
    officer.locator('select[name="mentor"]').select_option(str(teacher.pk))
    officer.locator('select[name="form_name"]').select_option("педагог – педагог")
    officer.get_by_role("button", name="Предложить школам").click()
    expect(officer.get_by_role("alert").first).to_contain_text("Пара предложена")
    expect(officer.get_by_test_id("cross-link")).to_contain_text("Ждёт согласия")
    shoot(officer, "cross-officer-proposed")
    link = CrossSchoolLink.objects.get()

    # Each school's curator sees it on the home page and agrees.
    curator_a_context, curator_a = session(browser, live_server, "boris")
    curator_b_context, curator_b = session(browser, live_server, "zoya")
    for page in (curator_a, curator_b):
        page.goto(f"{live_server.url}/")
        task = page.get_by_test_id("cross-agreement")
        expect(task).to_contain_text("ждёт вашего согласия")
        task.get_by_role("link").click()
        row = page.get_by_test_id("cross-link")
        expect(row).to_contain_text("Новикова Ольга Игоревна")
        row.get_by_role("button", name="Согласовать").click()
        expect(page.get_by_role("alert").first).to_contain_text("Согласие школы записано")
    shoot(curator_b, "cross-curator-b-agreed")
    link.refresh_from_db()
    assert link.is_agreed
    assert link.mentorship.status == Status.PROPOSED

    # The pair's page in school А says why its order waits, and offers none yet.
    curator_a.goto(f"{live_server.url}/mentoring/{link.mentorship_id}/")
    expect(curator_a.get_by_test_id("cross-note")).to_contain_text("Школа Б")
    expect(curator_a.get_by_test_id("draft-order")).to_have_count(0)

    # School Б's director signs the order assigning her teacher.
    director_b_context, director_b_page = session(browser, live_server, "olga")
    director_b_page.goto(f"{live_server.url}/")
    expect(director_b_page.get_by_test_id("to-sign")).to_contain_text("1 документ ждёт вашей подписи")
    director_b_page.goto(f"{live_server.url}/documents/inbox/")
    expect(director_b_page.get_by_test_id("inbox-item")).to_contain_text(
        "О закреплении наставника за педагогом другой образовательной организации"
    )
    _sign_in_inbox(director_b_page, live_server)
    link.refresh_from_db()
    assert link.mentor_order.status == DocumentStatus.SIGNED

    # School А's curator drafts the pair-fixing order from the board; its director signs it.
    curator_a.goto(f"{live_server.url}/mentoring/")
    board = curator_a.get_by_test_id("awaiting-order")
    board.get_by_role("button", name="Сформировать приказ по выбранным парам").click()
    curator_a.get_by_role("button", name="Зарегистрировать проект").click()
    expect(curator_a.get_by_role("alert").first).to_contain_text("зарегистрирован")
    curator_a.get_by_role("button", name="Отправить на подпись").click()
    expect(curator_a.get_by_role("alert").first).to_contain_text("на подпись")
    director_a_context, director_a = session(browser, live_server, "alla")
    _sign_in_inbox(director_a, live_server)
    link.refresh_from_db()
    assert link.mentorship.status in (Status.APPROVED, Status.ACTIVE)

    # School Б's curator reads the pair, without a single form.
    curator_b.goto(f"{live_server.url}/mentoring/cross/")
    curator_b.get_by_test_id("cross-link").get_by_role("link", name="Открыть (только просмотр)").click()
    expect(curator_b.get_by_test_id("cross-readonly")).to_be_visible()
    expect(curator_b.get_by_role("main")).to_contain_text("Новикова Ольга Игоревна")
    expect(curator_b.locator("main form")).to_have_count(0)
    shoot(curator_b, "cross-curator-b-reads")

    # The mentor switches to school А and finds the pair in «Моё наставничество».
    mentor_context, mentor_page = session(browser, live_server, "petr")
    mentor_page.goto(f"{live_server.url}/")
    mentor_page.locator("#school-switch").select_option(label="Школа А")
    expect(mentor_page.get_by_test_id("current-school")).to_contain_text("Школа А", timeout=10000)
    mentor_page.goto(f"{live_server.url}/mentoring/mine/")
    expect(mentor_page.get_by_role("main")).to_contain_text("Новикова")
    shoot(mentor_page, "cross-mentor-mine")

    for context in (
        officer_context,
        curator_a_context,
        curator_b_context,
        director_b_context,
        director_a_context,
        mentor_context,
    ):
        context.close()
