"""Browser tests: Debian's Chromium via pytest-playwright, against a real `streamlit run` server
(the command line of `workbench serve`) on a free port with a fresh SQLite database holding the
demo article."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from workbench.cli.serve import streamlit_command

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("WORKBENCH_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"WORKBENCH_REQUIRE_BROWSER=1 but there is no Chromium at {CHROMIUM}")
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 800},
            "accept_downloads": True}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    """The app on a free port; yields its URL and database URL."""
    db_url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'e2e.db'}"
    env = {**os.environ, "WORKBENCH_DATABASE_URL": db_url}
    subprocess.run([sys.executable, "-c", "from workbench.transfer.demo import import_demo_if_empty as f; f()"],
                   cwd=ROOT, env=env, check=True)
    port = _free_port()
    log = tmp_path_factory.mktemp("e2e-log") / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(streamlit_command(port, "127.0.0.1"), cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=1).read() == b"ok":
                break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError(log.read_text(errors="replace"))
            time.sleep(0.1)
    yield {"url": url, "db_url": db_url}
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def shot(request):
    """Save a screenshot under test-artifacts/screenshots/<test>-<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}-{name}.png"))
    return take


@pytest.fixture(scope="session")
def base_url():
    """Overrides pytest-base-url's fixture, which pytest 9 warns about (a session fixture defined
    as an instance method); the tests build their URLs from app_server."""
    return None


@pytest.fixture(scope="session", autouse=True)
def _patient_expectations():
    """Assertions wait up to 15 s for the page: a rerun after a write on a loaded 2-core machine
    can take longer than Playwright's default 5 s."""
    expect.set_options(timeout=15_000)
