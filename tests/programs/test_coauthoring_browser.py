"""The mentee adds an event to the draft program; the mentor sees it, attributed to her."""

import pytest
from playwright.sync_api import expect

from programs.models import ChangeKind, ProgramChange
from tests.browser import log_in, shoot
from tests.cast import make_cast
from tests.programs.test_coauthoring import own_draft

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_the_mentee_adds_an_event_to_the_draft_and_the_mentor_sees_it_is_hers(live_server, browser):
    cast = make_cast()
    program = own_draft(cast)

    mentee_context = browser.new_context(locale="ru-RU")
    page = mentee_context.new_page()
    log_in(page, live_server, "elena")
    page.goto(f"{live_server.url}/programs/{program.pk}/")
    page.get_by_role("link", name="Добавить мероприятие").click()
    page.get_by_label("Мероприятие").fill("Открытый урок по теме «Дроби»")
    page.locator('input[name="planned_on"]').fill("2026-10-20")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("alert").first).to_contain_text("План сохранён")
    mentee_context.close()

    change = ProgramChange.objects.get(program=program)
    assert (change.kind, change.actor, change.subject) == (
        ChangeKind.ITEM_ADDED,
        cast.mentee,
        "Открытый урок по теме «Дроби»",
    )

    mentor_context = browser.new_context(locale="ru-RU")
    mentor_page = mentor_context.new_page()
    log_in(mentor_page, live_server, "dmitry")
    mentor_page.goto(f"{live_server.url}/programs/{program.pk}/")
    expect(mentor_page.get_by_test_id("plan")).to_contain_text("Открытый урок по теме «Дроби»")
    line = mentor_page.get_by_test_id("history-line").filter(has_text="Открытый урок по теме «Дроби»")
    expect(line).to_have_attribute("data-kind", "item_added")
    expect(line.get_by_test_id("history-actor")).to_have_text(cast.mentee.get_full_name())
    shoot(mentor_page, "program-coauthored-history")
    mentor_context.close()
