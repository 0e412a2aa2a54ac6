"""Two stateless app servers on one database and one Redis: a change made through one shows at
once on the other, even though the other had the page cached; and, with one object store, a
document uploaded through one downloads from the other.

The servers are real gunicorn processes on their own ports. The database is a fresh one on the
suite's own database server (PostgreSQL when DATABASE_URL points there, else a SQLite file), and
the cache is Redis database 15 at 127.0.0.1:6379; the object store is moto's standalone server
(tests/object_store.py).
"""

import html
import http.cookiejar
import re
import secrets
import subprocess
import sys
import urllib.parse
import urllib.request
from contextlib import ExitStack
from html.parser import HTMLParser

import pytest
import redis
from django.conf import settings

from bench.servers import ROOT, gunicorn, site_env

from .documents import PDF
from .object_store import bucket, free_port, object_store, s3_client, site_settings

REDIS_URL = "redis://127.0.0.1:6379/15"
PASSWORD = "two-servers-admin-password"


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
        return self.get_bytes(url).decode()

    def get_bytes(self, url):
        with self.opener.open(url, timeout=30) as response:
            return response.read()

    def post_form(self, url, fields, files):
        """Post a form as a browser does with a file input: multipart/form-data, ``files``
        {name: (filename, bytes, type)} beside the ``fields`` [(name, value), ...]."""
        boundary = secrets.token_hex(16)
        parts = []
        for name, value in fields:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content, kind) in files.items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'
            )
            parts.append(head.encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            url,
            data=body,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": url,
            },
        )
        with self.opener.open(request, timeout=30) as response:
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


class FormFields(HTMLParser):
    """The fields a browser posts from a page's forms as shown: inputs with their values
    (checkboxes when ticked), textareas, each select's chosen option; never a button."""

    def __init__(self):
        super().__init__()
        self.fields, self._textarea, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "file", "button"}:
            if attrs.get("type") != "checkbox":
                self.fields.append((name, attrs.get("value", "")))
            elif "checked" in attrs:
                self.fields.append((name, attrs.get("value", "on")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self.fields.append((name, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_fields(page: str) -> list[tuple[str, str]]:
    reader = FormFields()
    reader.feed(page)
    return reader.fields


@pytest.fixture
def store():
    with object_store() as address:
        yield address


@pytest.fixture
def two_servers_one_store(env, store):
    name = bucket(store, "tipt-two-servers")
    environment = {**env, **site_settings(store, name)}
    with ExitStack() as stack:
        servers = [
            stack.enter_context(gunicorn(environment, free_port(), workers=1)) for _ in range(2)
        ]
        yield servers, s3_client(store), name


def test_a_document_uploaded_through_one_server_downloads_from_the_other(two_servers_one_store):
    (server_a, server_b), s3, name = two_servers_one_store
    staff = Browser()
    login = server_a + "/admin/login/?next=/admin/"
    staff.post(login, {"username": "secretary", "password": PASSWORD}, referer=login)
    notes = staff.get(server_a + "/admin/recommendations/evidencenote/?visibility__exact=public")
    note = re.search(r'href="/admin/recommendations/evidencenote/(\d+)/change/', notes).group(1)
    page_url = f"{server_a}/admin/recommendations/evidencenote/{note}/change/"
    fields = [
        (field, value)
        for field, value in form_fields(staff.get(page_url))
        if not field.startswith(("action", "_selected_action", "language"))
    ]
    fields += [("documents-0-public", "on"), ("_continue", "1")]
    saved = staff.post_form(
        page_url, fields, {"documents-0-upload": ("SOPs.pdf", PDF, "application/pdf")}
    )
    assert "was changed successfully" in saved
    download = re.search(r'href="(/admin/recommendations/evidencenote/documents/\d+/)"', saved)
    (stored,) = s3.list_objects_v2(Bucket=name)["Contents"]
    assert stored["Size"] == len(PDF)

    # Server B, on the same database and store, serves it to the same staff member...
    assert staff.get_bytes(server_b + download.group(1)) == PDF
    # ... and to the public, from the recommendation's page it lists it on.
    visitor = Browser()
    page = staff.get(page_url)
    rec = re.search(r'href="/admin/recommendations/recommendation/(\d+)/change/"', page).group(1)
    detail = visitor.get(f"{server_b}/recommendations/{rec}/")
    public = re.search(r'href="(/documents/[0-9a-f]+/)"', detail)
    assert public is not None
    assert visitor.get_bytes(server_b + html.unescape(public.group(1))) == PDF
