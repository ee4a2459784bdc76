import pytest
from django.core import mail
from django.urls import reverse


@pytest.mark.django_db
def test_password_reset_sends_a_russian_letter_with_a_working_link(client, cast):
    cast.curator.email = "boris@example.org"
    cast.curator.save()
    response = client.post(reverse("password_reset"), {"email": "boris@example.org"}, follow=True)
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert "Восстановление пароля" in letter.subject
    link = next(line for line in letter.body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert "Новый пароль" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "Tq8-vesna-2026", "new_password2": "Tq8-vesna-2026"}, follow=True)
    assert done.status_code == 200
    logged_in = client.post(reverse("login"), {"username": "boris", "password": "Tq8-vesna-2026"})
    assert logged_in.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_wrong_password_is_explained_in_russian(client, cast):
    page = client.post(reverse("login"), {"username": "boris", "password": "nope"}).content.decode()
    assert "Пожалуйста, введите правильные имя пользователя и пароль" in page


@pytest.mark.django_db
def test_password_change_requires_the_old_password(client_as, cast):
    client = client_as(cast.curator)
    page = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "Tq8-vesna-2026", "new_password2": "Tq8-vesna-2026"},
    ).content.decode()
    assert "Ваш старый пароль введен неправильно" in page


@pytest.mark.django_db
def test_unknown_page_is_a_styled_russian_404(client_as, cast, settings):
    settings.DEBUG = False
    response = client_as(cast.curator).get("/no-such-page/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_login_for_a_while(client, cast):
    from axes.models import AccessAttempt

    for _ in range(5):
        client.post(reverse("login"), {"username": "boris", "password": "nope"})
    page = client.post(reverse("login"), {"username": "boris", "password": "secret-pass-1"}).content.decode()
    assert "Слишком много неверных паролей" in page
    assert "_auth_user_id" not in client.session
    AccessAttempt.objects.all().delete()  # what the cool-off, or the director's «Разблокировать», does
    response = client.post(reverse("login"), {"username": "boris", "password": "secret-pass-1"})
    assert response.status_code == 302
