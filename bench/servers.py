"""The site served by gunicorn on this machine, as in production but over plain HTTP: for the
throughput figures of run.py and for the two app servers of tests/test_two_servers.py; and
the way both start a server and wait for it, which tests/object_store.py shares."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def site_env(**settings: str) -> dict[str, str]:
    """The environment of a child process that runs the site with debug off, over plain HTTP on
    this machine, without two-factor sign-in: this process's environment without the site's own
    variables (DJANGO_*, TIPT_*) nor its .env file, then ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TIPT_"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_ENV_FILE="/nonexistent/.env",
        TIPT_REQUIRE_2FA="0",
    )
    env.update(settings)
    return env


@contextmanager
def serving(command: list[str], port: int, ready: str, **popen):
    """The address http://127.0.0.1:``port`` of the server that ``command`` starts (with
    ``popen``'s arguments), once its path ``ready`` answers, until the block ends."""
    server = subprocess.Popen(command, **popen)
    address = f"http://127.0.0.1:{port}"
    try:
        wait_for(address + ready)
        yield address
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextmanager
def gunicorn(env: dict[str, str], port: int, workers: int):
    """The site served at http://127.0.0.1:``port`` (its address, once /healthz answers), until
    the block ends."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "tipt.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    with serving(command, port, "/healthz", cwd=ROOT, env=env) as base:
        yield base


def wait_for(url: str, seconds: float = 30) -> None:
    """Return once ``url`` answers; refuse to wait longer than ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (local URL)
                response.read()
            return
        except OSError as error:
            if time.monotonic() > deadline:
                raise RuntimeError(f"no server answered at {url}") from error
            time.sleep(0.2)
