"""Two stateless app servers on one database and one Redis: a change made through one shows at
once on the other, even though the other had the page cached.

The servers are real gunicorn processes on their own ports. The database is a fresh one on the
suite's own database server (PostgreSQL when DATABASE_URL points there, else a SQLite file), and
the cache is Redis database 15 at 127.0.0.1:6379.
"""

import http.cookiejar
import re
import socket
import subprocess
import sys
import urllib.parse
import urllib.request
from contextlib import ExitStack

import pytest
import redis
from django.conf import settings

from bench.servers import ROOT, gunicorn, site_env

REDIS_URL = "redis://127.0.0.1:6379/15"
PASSWORD = "two-servers-admin-password"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database_url(tmp_path):
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        yield f"sqlite:///{tmp_path / 'two-servers.sqlite3'}"
        return
    import psycopg

    admin = psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname="postgres", autocommit=True
    )
    name = "tipt_two_servers"
    admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.execute(f"CREATE DATABASE {name}")
    yield f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"
    admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.close()


@pytest.fixture
def env(database_url):
    redis.Redis.from_url(REDIS_URL).flushdb()
    environment = site_env(
        DJANGO_SECRET_KEY="two-servers-test-key-" + "q" * 30,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_HSTS_SECONDS="0",
        DATABASE_URL=database_url,
        REDIS_URL=REDIS_URL,
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["load_demo", "--no-admin"],
        ["createsuperuser", "--no-input", "--username", "secretary", "--email", "s@example.org"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=environment,
            check=True,
            capture_output=True,
        )
    return environment


@pytest.fixture
def two_servers(env):
    with ExitStack() as stack:
        yield [stack.enter_context(gunicorn(env, free_port(), workers=1)) for _ in range(2)]


class Browser:
    """Cookies and CSRF tokens, as a person's browser keeps them."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, url):
        with self.opener.open(url, timeout=30) as response:
            return response.read().decode()

    def post(self, url, data, referer):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(referer))
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token.group(1)}, doseq=True)
        request = urllib.request.Request(url, data=body.encode(), headers={"Referer": referer})
        with self.opener.open(request, timeout=30) as response:
            return response.read().decode()


def test_a_change_through_one_server_shows_at_once_on_the_other(two_servers):
    server_a, server_b = two_servers
    visitor = Browser()
    listing = visitor.get(server_b + "/recommendations/")
    pk = re.search(r'href="/recommendations/(\d+)/"', listing).group(1)
    detail = f"{server_b}/recommendations/{pk}/"
    before = visitor.get(detail)
    assert visitor.get(detail) == before  # now cached on server B
    assert "Not started" in before

    staff = Browser()
    login = server_a + "/admin/login/?next=/admin/"
    staff.post(login, {"username": "secretary", "password": PASSWORD}, referer=login)
    changelist = server_a + "/admin/recommendations/recommendation/"
    done = staff.post(
        changelist,
        {"action": "mark_completed", "_selected_action": [pk], "index": "0", "apply": "1"},
        referer=changelist,
    )
    assert "marked as" in done

    after = visitor.get(detail)
    assert "Status changed from Not started to Completed." in after
    assert "Status changed from Not started to Completed." not in before
