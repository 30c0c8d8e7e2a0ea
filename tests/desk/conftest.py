"""Desk mode in the browser: a real OIDC provider (the PyPI package oidc-provider-mock) on a free
loopback port, and app processes (`workbench serve`'s command line) signed in through it, on the
throwaway PostgreSQL server of tests/conftest.py."""
from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest
from desk_steps import PEOPLE
from playwright.sync_api import Page, expect

from workbench.cli.serve import streamlit_command

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# The mock's pages link a CDN stylesheet: every name but loopback fails at once, offline or not.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("WORKBENCH_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"WORKBENCH_REQUIRE_BROWSER=1 but there is no Chromium at {CHROMIUM}")
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 800}}


@pytest.fixture(scope="session")
def base_url():
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(proc: subprocess.Popen, url: str, log: Path, timeout: float = 60) -> None:
    """Poll url until it answers; fail with the server's log if the process dies or times out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{url} never answered:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.1)


def start(stack: ExitStack, name: str, cmd: list[str], cwd: Path, env: dict, ready_url: str) -> None:
    log = cwd / f"{name}.log"
    out = stack.enter_context(open(log, "wb"))
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)

    def stop() -> None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    stack.callback(stop)
    wait_ready(proc, ready_url, log)


@pytest.fixture(scope="session")
def desk(tmp_path_factory, pg_server):
    """The mock provider and two app processes on one PostgreSQL database, with the demo article;
    Ada is the configured first admin. Yields the two app URLs (on localhost, the redirect host)."""
    db_url = pg_server.fresh_database()
    work = tmp_path_factory.mktemp("desk")
    mock_port, ports = free_port(), [free_port(), free_port()]
    issuer = f"http://127.0.0.1:{mock_port}"
    claims = [a for sub, name in PEOPLE.items()
              for a in ("--user-claims", json.dumps({"sub": sub, "email": sub, "name": name}))]
    env = {**os.environ, "WORKBENCH_DATABASE_URL": db_url, "WORKBENCH_AUTH": "oidc",
           "WORKBENCH_ADMINS": "ada@desk.example", "PYTHONPATH": str(ROOT)}
    env.pop("WORKBENCH_ACTOR", None)
    subprocess.run([sys.executable, "-c", "from workbench.transfer.demo import import_demo_if_empty as f; f()"],
                   cwd=ROOT, env=env, check=True)
    cookie_secret = secrets.token_urlsafe(32)
    with ExitStack() as stack:
        start(stack, "mock", [sys.executable, "-m", "oidc_provider_mock", "--port", str(mock_port), *claims],
              work, env, f"{issuer}/.well-known/openid-configuration")
        urls = []
        for n, port in enumerate(ports):
            app_dir = work / f"app{n}"  # streamlit reads .streamlit/secrets.toml from its working directory
            (app_dir / ".streamlit").mkdir(parents=True)
            (app_dir / ".streamlit" / "secrets.toml").write_text(
                f'[auth]\nredirect_uri = "http://localhost:{port}/oauth2callback"\n'
                f'cookie_secret = "{cookie_secret}"\nclient_id = "claim-workbench"\n'
                f'client_secret = "test-secret"\n'
                f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n')
            start(stack, f"app{n}", streamlit_command(port, "127.0.0.1"), app_dir, env,
                  f"http://127.0.0.1:{port}/_stcore/health")
            urls.append(f"http://localhost:{port}/")
        yield {"urls": urls, "db_url": db_url}


@pytest.fixture
def shot(request):
    """Save a screenshot under test-artifacts/screenshots/<test>-<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}-{name}.png"))
    return take


@pytest.fixture(scope="session", autouse=True)
def _patient_expectations():
    """Assertions wait up to 15 s for the page: a rerun after a write on a loaded 2-core machine
    can take longer than Playwright's default 5 s."""
    expect.set_options(timeout=15_000)
