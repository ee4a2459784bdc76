"""Helpers for the Playwright tests: log in through the real form, keep screenshots to look at."""

from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parent.parent / ".screenshots"
PASSWORD = "secret-pass-1"


def log_in(page, live_server, username, password=PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Вход").click()


def shoot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def session(browser, live_server, username, width=1366):
    """A role's own browser (context and page), logged in, in Russian."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ru-RU")
    page = context.new_page()
    log_in(page, live_server, username)
    return context, page
