"""The list, opening a notification, «mark all read», the settings and the bell."""

import pytest
from django.urls import reverse

from accounts.middleware import SESSION_SCHOOL_KEY
from notifications.models import Kind, Notification, Preference
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def notify(user, title="Напоминание", url="/mentoring/", school=None, key=None, **fields):
    return Notification.objects.create(
        user=user,
        school=school,
        kind=Kind.OVERDUE_ITEMS,
        title=title,
        url=url,
        key=key or f"test:{user.pk}:{title}",
        **fields,
    )


def test_the_list_shows_only_the_users_own_notifications_newest_first(cast, client_as):
    notify(cast.curator, "Старое своё")
    notify(cast.curator, "Новое своё")
    notify(cast.director, "Чужое директору")

    page = client_as(cast.curator).get(reverse("notifications:list")).content.decode()

    assert page.index("Новое своё") < page.index("Старое своё")
    assert "Чужое директору" not in page
    assert page.count('data-unread="true"') == 2


def test_someone_elses_notification_is_a_404(cast, client_as):
    foreign = notify(cast.director, "Чужое")

    response = client_as(cast.curator).get(reverse("notifications:open", kwargs={"pk": foreign.pk}))

    assert response.status_code == 404
    assert Notification.objects.get(pk=foreign.pk).read_at is None


def test_opening_marks_read_and_goes_to_its_page(cast, client_as):
    own = notify(cast.curator, url="/mentoring/")

    response = client_as(cast.curator).get(reverse("notifications:open", kwargs={"pk": own.pk}))

    assert response.status_code == 302
    assert response["Location"] == "/mentoring/"
    assert Notification.objects.get(pk=own.pk).read_at is not None


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"])
def test_opening_never_leaves_the_site(cast, client_as, url):
    own = notify(cast.curator, url=url)

    response = client_as(cast.curator).get(reverse("notifications:open", kwargs={"pk": own.pk}))

    assert response["Location"] == reverse("notifications:list")


def test_opening_switches_to_the_school_it_is_about(cast, client_as):
    MembershipFactory(user=cast.curator, school=cast.other_school, role="curator")
    own = notify(cast.curator, school=cast.other_school)
    client = client_as(cast.curator)

    client.get(reverse("notifications:open", kwargs={"pk": own.pk}))

    assert client.session[SESSION_SCHOOL_KEY] == cast.other_school.pk


def test_opening_does_not_switch_to_a_school_without_a_role(cast, client_as):
    own = notify(cast.curator, school=cast.other_school)
    client = client_as(cast.curator)

    client.get(reverse("notifications:open", kwargs={"pk": own.pk}))

    assert SESSION_SCHOOL_KEY not in client.session


def test_mark_all_read_touches_only_the_users_own(cast, client_as):
    notify(cast.curator, "Раз")
    notify(cast.curator, "Два")
    foreign = notify(cast.director, "Чужое")
    client = client_as(cast.curator)

    assert client.get(reverse("notifications:read_all")).status_code == 405
    client.post(reverse("notifications:read_all"))

    assert not Notification.objects.filter(user=cast.curator, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=foreign.pk).read_at is None
    assert 'data-testid="read-all"' not in client.get(reverse("notifications:list")).content.decode()


def test_the_bell_shows_the_unread_count(cast, client_as):
    notify(cast.curator, "Раз")
    notify(cast.curator, "Два")
    notify(cast.director, "Чужое")
    client = client_as(cast.curator)

    page = client.get(reverse("home")).content.decode()
    bell = page[page.index('data-testid="notifications-bell"') :]
    bell = bell[: bell.index("</a>")]
    assert reverse("notifications:list") in page
    assert ">2</span>" in bell

    client.post(reverse("notifications:read_all"))
    page = client.get(reverse("home")).content.decode()
    bell = page[page.index('data-testid="notifications-bell"') :]
    assert "badge" not in bell[: bell.index("</a>")]


def test_every_user_reaches_their_notifications_even_without_a_school(cast, client_as):
    notify(cast.outsider, "Для постороннего")

    response = client_as(cast.outsider).get(reverse("notifications:list"))

    assert response.status_code == 200
    assert "Для постороннего" in response.content.decode()


def test_settings_default_to_every_email_and_two_days(cast, client_as):
    form = client_as(cast.mentor).get(reverse("notifications:preferences")).context["form"]

    assert form["emails"].initial == Kind.values
    assert form["days_before"].value() == 2
    assert not Preference.objects.exists()


def test_settings_save_the_kinds_turned_off_and_days_before(cast, client_as):
    client = client_as(cast.mentor)
    wanted = [Kind.UPCOMING_ITEM, Kind.ENDING_SOON]

    response = client.post(reverse("notifications:preferences"), {"emails": wanted, "days_before": 5})

    assert response.status_code == 302
    preference = Preference.objects.get(user=cast.mentor)
    assert preference.days_before == 5
    assert set(preference.email_off) == set(Kind.values) - set(wanted)
    assert preference.emails(Kind.UPCOMING_ITEM)
    assert not preference.emails(Kind.OVERDUE_ITEMS)


@pytest.mark.parametrize("days", [0, 15, "два"])
def test_settings_refuse_days_before_out_of_range(cast, client_as, days):
    response = client_as(cast.mentor).post(reverse("notifications:preferences"), {"days_before": days})

    assert response.status_code == 200
    assert response.context["form"].errors["days_before"]
    assert not Preference.objects.exists()


def test_settings_warn_when_the_account_has_no_email(cast, client_as):
    cast.mentor.email = ""
    cast.mentor.save(update_fields=["email"])

    page = client_as(cast.mentor).get(reverse("notifications:preferences")).content.decode()

    assert 'data-testid="no-email"' in page


def test_the_pages_need_a_login(client):
    for name, kwargs in [
        ("notifications:list", {}),
        ("notifications:preferences", {}),
        ("notifications:open", {"pk": 1}),
    ]:
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
