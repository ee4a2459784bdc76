"""Each role sees its own menu; anonymous visitors reach only the public pages."""

import pytest
from django.urls import NoReverseMatch, reverse

from tests.test_access_matrix import PUBLIC_URLS  # the rows of the access matrix open to anonymous visitors
from tests.urlwalk import iter_patterns


def menu_links(client):
    page = client.get(reverse("home"), follow=True).content.decode()
    start = page.index('data-testid="main-menu"')
    return page[start : page.index("</ul>", start)]


@pytest.mark.parametrize(
    ("role", "sees_bank"),
    [
        ("director", True),
        ("curator", True),
        ("secretary", True),
        ("council_member", True),
        ("mentor", False),
        ("mentee", False),
    ],
)
def test_bank_menu_item_follows_role(cast, client_as, role, sees_bank):
    menu = menu_links(client_as(getattr(cast, role)))
    assert (reverse("people:mentors") in menu) is sees_bank


@pytest.mark.parametrize("role", ["mentor", "mentee", "outsider", "officer"])
def test_bank_is_forbidden_without_a_managing_role(cast, client_as, role):
    assert client_as(getattr(cast, role)).get(reverse("people:bank")).status_code in {403, 404}


def test_mentor_sees_own_card_but_not_a_colleagues(cast, client_as):
    from people.models import Person
    from tests.factories import PersonFactory

    own = Person.objects.get(user=cast.mentor)
    colleague = PersonFactory(school=cast.school)
    client = client_as(cast.mentor)
    assert client.get(reverse("people:person", kwargs={"pk": own.pk})).status_code == 200
    assert client.get(reverse("people:person", kwargs={"pk": colleague.pk})).status_code == 403


def test_officer_home_is_the_municipality_without_personal_data(cast, client_as):
    from tests.factories import PersonFactory

    PersonFactory(school=cast.school, last_name="Персональнова")
    response = client_as(cast.officer).get(reverse("home"), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("municipality")
    assert "Школа А" in page
    assert "Школа Б" in page
    assert "Персональнова" not in page


def test_school_member_cannot_open_the_municipality_page(cast, client_as):
    assert client_as(cast.curator).get(reverse("municipality")).status_code == 403


def test_user_without_roles_is_told_whom_to_ask(cast, client_as):
    page = client_as(cast.outsider).get(reverse("home")).content.decode()
    assert "куратор" in page


SAMPLE_VALUES = (1, "6f1c2a4e-0b7d-4c39-9d0e-5a8f3b2c1d7e", "a")  # an id, a uuid, a token


def _any_url(name, converters) -> str:
    """The URL with a value every converter of it accepts."""
    for value in SAMPLE_VALUES:
        try:
            return reverse(name, kwargs=dict.fromkeys(converters, value))
        except NoReverseMatch:
            continue
    raise AssertionError(f"no sample value fits {name}")


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_from_every_private_page(client):
    for name, _route, converters in iter_patterns():
        if name in PUBLIC_URLS:
            continue
        url = _any_url(name, converters)
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


@pytest.mark.django_db
def test_login_page_is_in_russian(client):
    page = client.get(reverse("login")).content.decode()
    assert "Вход" in page
    assert "Пароль" in page


@pytest.mark.parametrize("role", ["director", "curator", "secretary", "council_member", "mentor", "mentee", "officer"])
def test_every_menu_entry_carries_a_badge_for_the_to_do_counts(cast, client_as, role):
    """Issue 15: ``badge`` is what waits there for the user (0: nothing), ``badge_label`` says it in words."""
    items = client_as(getattr(cast, role)).get(reverse("home"), follow=True).context["nav_items"]
    assert items
    for item in items:
        assert item["badge"] == 0
        assert item["badge_label"] == ""


def test_a_badge_sums_the_counts_of_the_tasks_done_there(cast, client_as):
    from documents import drafting, signing
    from documents.models import DocumentType

    for _ in range(3):
        document = drafting.draft(school=cast.school, type=DocumentType.ORDER_AWARD, by=cast.curator, context={})
        signing.send_for_signature(document=document, by=cast.curator)
    items = client_as(cast.director).get(reverse("home")).context["nav_items"]
    inbox = next(item for item in items if item["url"] == reverse("documents:inbox"))
    assert inbox["badge"] == 3
    assert "3" in inbox["badge_label"]
    assert all(item["badge"] == 0 for item in items if item is not inbox)
