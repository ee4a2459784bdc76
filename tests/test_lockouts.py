"""Lockouts after wrong passwords (django-axes) and the password-reset mail limits (issue 16, item 4)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from documents import drafting, signing
from documents.models import DocumentStatus, DocumentType
from people.models import Person
from tests.documents.test_registry import pairs_order
from tests.factories import MembershipFactory, UserFactory

RIGHT = "secret-pass-1"  # every factory user's password
LIMIT = 5


def log_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def fail(client, username, times, **extra):
    for _attempt in range(times):
        log_in(client, username, "wrong-guess", **extra)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- the portal login and /admin/ ---------------------------------------------------------------


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_portal_login_even_for_the_right_one(cast, client):
    fail(client, "boris", LIMIT)
    response = log_in(client, "boris", RIGHT)
    assert response.status_code == 429
    assert "Слишком много неверных паролей" in response.content.decode()
    assert not logged_in(client)


@pytest.mark.django_db
def test_four_wrong_passwords_still_let_the_right_one_in_and_start_the_count_again(cast, client):
    fail(client, "boris", LIMIT - 1)
    assert log_in(client, "boris", RIGHT).status_code == 302
    client.logout()
    fail(client, "boris", LIMIT - 1)
    assert log_in(client, "boris", RIGHT).status_code == 302


@pytest.mark.django_db
def test_the_admin_login_counts_and_locks_too(cast, client):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    for _attempt in range(LIMIT):
        client.post("/admin/login/", {"username": "root", "password": "wrong-guess", "next": "/admin/"})
    response = client.post("/admin/login/", {"username": "root", "password": RIGHT, "next": "/admin/"})
    assert response.status_code == 429
    assert not logged_in(client)
    assert client.get("/admin/").status_code == 302  # still sent to the admin login


@pytest.mark.django_db
def test_wrong_passwords_at_the_admin_and_the_portal_add_up(cast, client):
    for _attempt in range(3):
        client.post("/admin/login/", {"username": "boris", "password": "wrong-guess", "next": "/admin/"})
    fail(client, "boris", 2)
    assert log_in(client, "boris", RIGHT).status_code == 429


@pytest.mark.django_db
def test_an_attacker_elsewhere_cannot_lock_the_user_out(cast):
    attacker, user = Client(REMOTE_ADDR="203.0.113.5"), Client(REMOTE_ADDR="198.51.100.20")
    fail(attacker, "boris", 10)
    assert log_in(attacker, "boris", RIGHT).status_code == 429
    assert log_in(user, "boris", RIGHT).status_code == 302
    assert logged_in(user)


@pytest.mark.django_db
def test_a_locked_login_opens_again_after_the_cool_off(cast, client):
    fail(client, "boris", LIMIT)
    assert log_in(client, "boris", RIGHT).status_code == 429
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16))
    assert log_in(client, "boris", RIGHT).status_code == 302


@pytest.mark.django_db
def test_the_count_is_kept_in_the_database_not_in_the_cache(cast, client):
    """Without CACHE_URL each gunicorn process has its own cache: the count must not live there."""
    fail(client, "boris", LIMIT)
    attempt = AccessAttempt.objects.get(username="boris")
    assert (attempt.ip_address, attempt.failures_since_start) == ("127.0.0.1", LIMIT)
    assert "wrong-guess" not in attempt.post_data
    cache.clear()  # another process's empty cache
    assert log_in(client, "boris", RIGHT).status_code == 429


@pytest.mark.django_db
def test_behind_one_proxy_the_address_the_proxy_saw_decides(cast, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # every request comes from the proxy
    attacker = Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    # What the attacker writes into the header himself is to the left of what the proxy appends.
    spoofing = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.20, 203.0.113.5")
    user = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.20")
    fail(attacker, "boris", 3)
    fail(spoofing, "boris", 2)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    assert log_in(attacker, "boris", RIGHT).status_code == 429
    assert log_in(user, "boris", RIGHT).status_code == 302


@pytest.mark.django_db
def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(cast, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    fail(Client(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.20"), "boris", 1)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.5"]


# --- the signing password and the password change -----------------------------------------------


def awaiting_director(cast):
    document = pairs_order(cast)
    signing.send_for_signature(document=document, by=cast.curator)
    return document


@pytest.mark.django_db
def test_five_wrong_signing_passwords_lock_signing_even_with_the_right_one(cast, client_as):
    document = awaiting_director(cast)
    client = client_as(cast.director)
    url = reverse("documents:sign", kwargs={"pk": document.pk})
    for _attempt in range(LIMIT):
        client.post(url, {"password": "wrong-guess"})
    response = client.post(url, {"password": RIGHT}, follow=True)
    assert response.status_code == 200  # back to the document, still logged in, with the reason
    assert "Слишком много неверных паролей" in response.content.decode()
    document.refresh_from_db()
    assert document.status == DocumentStatus.AWAITING_SIGNATURE
    assert not document.pdf
    assert AccessAttempt.objects.get(username="alla").failures_since_start > LIMIT - 1
    assert logged_in(client)


@pytest.mark.django_db
def test_wrong_signing_passwords_lock_the_login_from_that_address(cast, client_as):
    document = awaiting_director(cast)
    director = client_as(cast.director)
    for _attempt in range(LIMIT):
        director.post(reverse("documents:sign", kwargs={"pk": document.pk}), {"password": "wrong-guess"})
    assert log_in(Client(), "alla", RIGHT).status_code == 429


@pytest.mark.django_db
def test_wrong_passwords_on_ones_own_consent_count_the_same(cast, client_as):
    person = Person.objects.get(user=cast.mentee)
    document = drafting.draft_consent(person=person, type=DocumentType.CONSENT_PUBLICATION, by=cast.curator)
    signing.send_for_signature(document=document, by=cast.curator)
    client = client_as(cast.mentee)
    url = reverse("documents:party_sign", kwargs={"pk": document.pk})
    for _attempt in range(LIMIT):
        client.post(url, {"confirm": "on", "password": "wrong-guess"})
    client.post(url, {"confirm": "on", "password": RIGHT})
    document.refresh_from_db()
    assert (document.status, document.party_signed_at) == (DocumentStatus.AWAITING_SIGNATURE, None)
    assert log_in(Client(), "elena", RIGHT).status_code == 429


@pytest.mark.django_db
def test_a_right_signing_password_still_signs(cast, client_as):
    document = awaiting_director(cast)
    client_as(cast.director).post(reverse("documents:sign", kwargs={"pk": document.pk}), {"password": RIGHT})
    document.refresh_from_db()
    assert document.status == DocumentStatus.SIGNED


@pytest.mark.django_db
def test_wrong_old_passwords_on_the_password_change_count(cast, client_as):
    client = client_as(cast.curator)
    url = reverse("password_change")
    for _attempt in range(LIMIT):
        client.post(
            url, {"old_password": "wrong-guess", "new_password1": "Tq8-vesna-2026", "new_password2": "Tq8-vesna-2026"}
        )
    response = client.post(
        url, {"old_password": RIGHT, "new_password1": "Tq8-vesna-2026", "new_password2": "Tq8-vesna-2026"}
    )
    assert response.status_code == 200  # the form again, with the reason
    cast.curator.refresh_from_db()
    assert cast.curator.check_password(RIGHT)
    assert all("Tq8-vesna-2026" not in attempt.post_data for attempt in AccessAttempt.objects.all())


@pytest.mark.django_db
def test_the_password_change_still_works_with_the_right_old_password(cast, client_as):
    client = client_as(cast.curator)
    client.post(
        reverse("password_change"),
        {"old_password": RIGHT, "new_password1": "Tq8-vesna-2026", "new_password2": "Tq8-vesna-2026"},
    )
    cast.curator.refresh_from_db()
    assert cast.curator.check_password("Tq8-vesna-2026")


# --- the director unlocks ------------------------------------------------------------------------


def locked_logins(client) -> str:
    """The table of the page, without the messages above it."""
    return client.get(reverse("locked_logins")).content.decode().split('data-testid="lockouts-table"', 1)[1]


@pytest.mark.django_db
def test_the_director_sees_a_locked_login_of_her_school_and_unlocks_it(cast, client_as):
    fail(Client(), "boris", LIMIT)
    fail(Client(), "nobody-here", LIMIT)
    director = client_as(cast.director)
    page = locked_logins(director)
    assert "Морозов Борис Петрович" in page
    assert "nobody-here" not in page
    response = director.post(reverse("unlock_login"), {"user": cast.curator.pk})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="boris").exists()
    assert AuditEvent.objects.filter(school=cast.school, actor=cast.director, object_id=str(cast.curator.pk)).exists()
    assert log_in(Client(), "boris", RIGHT).status_code == 302
    assert "Морозов Борис Петрович" not in locked_logins(director)


@pytest.mark.django_db
def test_a_curator_cannot_unlock(cast, client_as):
    fail(Client(), "vera", LIMIT)
    curator = client_as(cast.curator)
    assert curator.get(reverse("locked_logins")).status_code == 403
    assert curator.post(reverse("unlock_login"), {"user": cast.secretary.pk}).status_code == 403
    assert AccessAttempt.objects.filter(username="vera").exists()


@pytest.mark.django_db
def test_another_schools_director_neither_sees_nor_unlocks_the_login(cast, client_as):
    other_director = UserFactory(username="olga")
    MembershipFactory(user=other_director, role=Role.DIRECTOR, school=cast.other_school)
    fail(Client(), "boris", LIMIT)
    client = client_as(other_director)
    assert "boris" not in locked_logins(client)
    client.post(reverse("unlock_login"), {"user": cast.curator.pk})
    assert log_in(Client(), "boris", RIGHT).status_code == 429


@pytest.mark.django_db
def test_only_the_director_is_offered_the_page_in_her_menu(cast, client_as):
    assert reverse("locked_logins") in client_as(cast.director).get(reverse("home")).content.decode()
    assert reverse("locked_logins") not in client_as(cast.curator).get(reverse("home")).content.decode()


# --- password-reset mails ------------------------------------------------------------------------


def ask_reset(client, email):
    return client.post(reverse("password_reset"), {"email": email})


@pytest.mark.django_db
def test_ten_reset_requests_for_one_address_send_three_mails_and_look_the_same(cast, client, settings):
    cast.curator.email = "boris@example.org"
    cast.curator.save()
    responses = [ask_reset(client, "boris@example.org" if n % 2 else "Boris@Example.org ") for n in range(10)]
    assert len(mail.outbox) == settings.PASSWORD_RESET_MAILS_PER_EMAIL == 3
    assert {(r.status_code, r["Location"]) for r in responses} == {(302, reverse("password_reset_done"))}


@pytest.mark.django_db
def test_one_visitor_gets_at_most_ten_reset_mails_an_hour_whatever_the_addresses(cast, client, settings):
    for n in range(12):
        user = UserFactory(username=f"teacher{n}", email=f"teacher{n}@example.org")
        ask_reset(client, user.email)
    assert len(mail.outbox) == settings.PASSWORD_RESET_MAILS_PER_ADDRESS == 10
    ask_reset(Client(REMOTE_ADDR="198.51.100.20"), "teacher11@example.org")
    assert len(mail.outbox) == 11


@pytest.mark.django_db
def test_a_forged_huge_login_is_just_a_wrong_login(client):
    from axes.models import AccessAttempt

    response = client.post(reverse("login"), {"username": "я" * 100_000, "password": "x"})

    assert response.status_code == 200
    [attempt] = AccessAttempt.objects.all()
    assert attempt.username == "я" * 150
