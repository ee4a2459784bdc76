import base64

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_key, env_list, env_secret, env_url


def test_booleans_are_read_strictly(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG", default=False) is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", default=True) is False
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG", default=False)


def test_integers_refuse_garbage(monkeypatch):
    monkeypatch.setenv("PORT_X", "25")
    assert env_int("PORT_X", 1) == 25
    monkeypatch.setenv("PORT_X", "twenty")
    with pytest.raises(ImproperlyConfigured, match="PORT_X"):
        env_int("PORT_X", 1)


def test_lists_split_on_commas(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.ru, b.ru,,")
    assert env_list("HOSTS", []) == ["a.ru", "b.ru"]


def test_secret_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s3cr3t\n")
    monkeypatch.setenv("APP_KEY_FILE", str(secret))
    assert env_secret("APP_KEY") == "s3cr3t"
    monkeypatch.setenv("APP_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="APP_KEY_FILE"):
        env_secret("APP_KEY")


def test_addresses_must_be_absolute_http_urls(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    assert env_url("SITE_URL") == ""
    monkeypatch.setenv("SITE_URL", " https://nastavnik.example.ru ")
    assert env_url("SITE_URL") == "https://nastavnik.example.ru"
    for wrong in ("nastavnik.example.ru", "ftp://example.ru", "https://"):
        monkeypatch.setenv("SITE_URL", wrong)
        with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
            env_url("SITE_URL")


def test_a_backup_key_is_32_bytes_of_base64_from_the_variable_or_a_file(monkeypatch, tmp_path):
    key = bytes(range(200, 232))  # its base64 has «+» and «/», URL-safe «-» and «_»
    monkeypatch.delenv("BKEY_FILE", raising=False)
    monkeypatch.delenv("BKEY", raising=False)
    assert env_key("BKEY") is None
    for written in (
        base64.b64encode(key).decode(),
        base64.urlsafe_b64encode(key).decode(),
        base64.urlsafe_b64encode(key).decode().rstrip("="),
    ):
        monkeypatch.setenv("BKEY", written)
        assert env_key("BKEY") == key
    for wrong in ("not base64 at all!", base64.b64encode(key[:16]).decode(), base64.b64encode(key + b"x").decode()):
        monkeypatch.setenv("BKEY", wrong)
        with pytest.raises(ImproperlyConfigured, match="BKEY must be 32 random bytes in base64") as refused:
            env_key("BKEY")
        assert wrong not in str(refused.value)  # a secret, even a broken one, is not echoed
    file = tmp_path / "backup.key"
    file.write_text(base64.b64encode(key).decode() + "\n")
    monkeypatch.setenv("BKEY_FILE", str(file))
    assert env_key("BKEY") == key


def start(**variables):
    """Starts Django in a fresh process with the environment changed; unset a variable with None."""
    import os
    import subprocess
    import sys

    env = dict(os.environ)
    for name, value in variables.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup(); "
            "from django.conf import settings; print(settings.PUBLIC_BASE_URL)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = start(DEBUG="false", SECRET_KEY=None, SECRET_KEY_FILE=None, PUBLIC_BASE_URL="https://nastavnik.example.ru")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_the_public_address():
    result = start(DEBUG="false", SECRET_KEY="x" * 60, PUBLIC_BASE_URL=None)
    assert result.returncode != 0
    assert "ImproperlyConfigured: PUBLIC_BASE_URL must be set when DEBUG is false" in result.stderr

    result = start(DEBUG="false", SECRET_KEY="x" * 60, PUBLIC_BASE_URL="https://nastavnik.example.ru")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://nastavnik.example.ru"


def test_a_malformed_backup_key_stops_the_start():
    result = start(DEBUG="true", BACKUP_KEY="too-short", BACKUP_KEY_FILE=None)
    assert result.returncode != 0
    assert "ImproperlyConfigured: BACKUP_KEY must be 32 random bytes in base64" in result.stderr


def test_a_laptop_needs_no_public_address():
    result = start(DEBUG="true", PUBLIC_BASE_URL=None)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "http://127.0.0.1:8000"


def test_production_settings_pass_the_deployment_checklist():
    import os
    import secrets
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set for the browser tests
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="nastavnik.example.ru",
        PUBLIC_BASE_URL="https://nastavnik.example.ru",
        SIGNING_KEY_PASSPHRASE=secrets.token_urlsafe(40),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
