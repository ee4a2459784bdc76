"""The web tier keeps no state in its process (issue 19, «scaling out»): a user who logs in through
one web process goes on through another, as behind a proxy that spreads requests over replicas
(docker-compose.yml, profile «scale»). Two real gunicorn processes share only the database."""

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    auth = urllib.parse.quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + urllib.parse.quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def two_web_processes():
    if connection.vendor != "postgresql":
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but DATABASE_URL is not PostgreSQL: the two-process test must run in CI")
        pytest.skip("DATABASE_URL is not PostgreSQL: two processes cannot share an in-memory test database")
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "SECRET_KEY": "the-same-key-in-every-replica",
        "CACHE_URL": "",
        "CELERY_BROKER_URL": "",
    }
    ports, processes = [free_port(), free_port()], []
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    for port in ports:
        processes.append(
            subprocess.Popen(
                [gunicorn, "config.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", "1", "--log-level", "warning"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        )
    try:
        for port in ports:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5)
                    break
                except urllib.error.HTTPError:
                    break  # answering, if unhealthy (no broker): enough to serve pages
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def csrf_from(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_login_through_one_process_holds_in_the_other(cast, two_web_processes):
    first, second = two_web_processes
    hasher = PBKDF2PasswordHasher()  # the processes' own hasher, not the tests' fast one
    cast.curator.password = hasher.encode("secret-pass-1", hasher.salt())
    cast.curator.save(update_fields=["password"])
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())

    def get(url):
        try:
            with browser.open(url, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", "")

    def post(url, fields):
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(url, data=data, headers={"Referer": url})  # noqa: S310
        try:
            with browser.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", "")

    status, login_page = get(f"{first}/accounts/login/")
    assert status == 200
    status, location = post(
        f"{first}/accounts/login/",
        {"username": "boris", "password": "secret-pass-1", "csrfmiddlewaretoken": csrf_from(login_page)},
    )
    assert (status, location) == (302, "/"), re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", location))[-1500:]

    # The other process knows the session: the curator's home, not the login page.
    status, home = get(f"{second}/")
    assert status == 200
    assert "Морозов" in home or "Борис" in home
    assert "Школа А" in home

    # …and accepts a form whose token it did not issue, then logs out.
    status, location = post(f"{second}/accounts/logout/", {"csrfmiddlewaretoken": csrf_from(home)})
    assert status == 302
    status, location = get(f"{first}/")
    assert status == 302
    assert location.startswith("/accounts/login/")


def settings_in_production(**env_vars) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "DEBUG"}}
    env.update(
        DEBUG="false",
        SECRET_KEY="k" * 60,
        ALLOWED_HOSTS="portal.example",
        PUBLIC_BASE_URL="https://portal.example",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    env.update(env_vars)
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({'cache': settings.CACHES['default']['BACKEND'], 'sessions': settings.SESSION_ENGINE, "
        "'limits': settings.CACHES['limits']['BACKEND']}))"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_no_replica_keeps_its_sessions_or_cache_in_its_own_memory():
    shared = settings_in_production()
    assert shared["sessions"] == "django.contrib.sessions.backends.db"
    assert shared["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert shared["limits"] == "django.core.cache.backends.db.DatabaseCache"

    with_redis = settings_in_production(CACHE_URL="redis://127.0.0.1:6379/1")
    assert with_redis["cache"] == with_redis["limits"] == "django.core.cache.backends.redis.RedisCache"
