"""What a reviewer feels: real Chromium, from the click to the page settled, interleaved with a
one-button Streamlit app run with the same server flags. Prints figures only (no pass/fail).

"Settled" (measured inside the page, so Playwright's polling adds nothing):
- t0 is the `mouseup` of the click or drag (captured on window, before any app handler runs);
- t1 is the first animation frame in which
  (a) the change the interaction makes is in the DOM (a new toast, the editor on the clicked claim,
      the selection panel with the dragged offsets, the counter of the reference app),
  (b) `[data-testid=stApp]` says `data-test-script-state="notRunning"` (Streamlit's own e2e signal),
  (c) no element is stale (`[data-stale=true]`: left over from before the rerun, greyed out).
  A fragment rerun counts: it sets the script state too. (a) is needed because a fast run can go
  from running back to notRunning inside one React batch, so "seen running" is not observable.
KB received: WebSocket frames plus HTTP bodies reaching the browser from the click until 150 ms after
t1 (CDP Network events). Server CPU: user+system time of the server process (psutil) over the same span.

Cold start: `workbench serve` (and `streamlit run` of the reference) launched, then the browser opens
the page as soon as /_stcore/health answers; timed until the Articles page (the button) is shown.
Then "first Workspace view": from the click on "Open in workspace" to the workspace settled with its
suggestions listed.

    .venv/bin/python bench/bench_browser.py [--runs 20] [--starts 5] [--db bench/out/foundation.db]
"""
from __future__ import annotations

import argparse
import base64
import os
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import psutil
from playwright.sync_api import Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.cli.serve import streamlit_command  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DEMO_QUOTES = ["For about 30% of people that finish the whole collection", "an estimated 70% of people",
               "ketamine resolves an opioid system", "larger as well as larger dosages of ketamine",
               "It also may not be secure for people who have schizophrenia.",
               "ketamine transiently intensifies their symptoms of psychosis"]
REFERENCE_APP = """import streamlit as st
st.session_state.setdefault("n", 0)
if st.button("Add one"):
    st.session_state["n"] += 1
st.write(f"count: {st.session_state['n']}")
"""

# Installed before each timed action; resolves window.__bench.t1 (see the module docstring).
_WATCH = r"""(pred) => {
  const b = window.__bench = {t0: null, t1: null, sawRun: false};
  const check = new Function('return (' + pred + ')();');
  const app = () => document.querySelector('[data-testid=stApp]');
  const state = () => (app() || {}).getAttribute ? app().getAttribute('data-test-script-state') : null;
  window.addEventListener('mouseup', (e) => { b.t0 = e.timeStamp || performance.now(); },
                          {capture: true, once: true});
  let queued = false;
  const test = () => {
    queued = false;
    if (b.t1 !== null || b.t0 === null) return;
    if (state() !== 'notRunning' || document.querySelector('[data-stale=true]')) return;
    let ok = false; try { ok = check(); } catch (e) { ok = false; }
    if (ok) { b.t1 = performance.now(); obs.disconnect(); clearInterval(tick); }
  };
  const later = () => { if (!queued) { queued = true; requestAnimationFrame(test); } };
  const obs = new MutationObserver((records) => {
    for (const r of records)
      if (r.attributeName === 'data-test-script-state' &&
          (r.oldValue === 'running' || r.target.getAttribute('data-test-script-state') === 'running'))
        b.sawRun = true;
    later();
  });
  obs.observe(document.body, {subtree: true, childList: true, attributes: true,
                              attributeOldValue: true, characterData: true});
  const tick = setInterval(later, 25);
}"""
_MARK_TOASTS = "() => document.querySelectorAll('[data-testid=stToast]').forEach(t => t.dataset.benchOld = '1')"


def new_toast(words: str) -> str:
    return ("() => [...document.querySelectorAll('[data-testid=stToast]:not([data-bench-old])')]"
            f".some(t => t.textContent.includes({words!r}))")


def in_key(key: str, words: str) -> str:
    dashed = key.replace(".", "-")
    return (f"() => [...document.querySelectorAll('.st-key-{dashed}')]"
            f".some(e => e.textContent.includes({words!r}))")


class Network:
    """Bytes reaching the browser (WebSocket frames and HTTP bodies), through CDP."""

    def __init__(self, page: Page):
        self.received = 0
        self.sent = 0
        self.hosts: set[str] = set()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.on("Network.webSocketFrameSent", self._sent)
        cdp.on("Network.loadingFinished", lambda e: self._add(int(e.get("encodedDataLength", 0))))

    def _size(self, e) -> int:
        r = e["response"]
        data = r.get("payloadData", "")
        return len(base64.b64decode(data)) if r.get("opcode") == 2 else len(data.encode())

    def _frame(self, e) -> None:
        self._add(self._size(e))

    def _sent(self, e) -> None:
        self.sent += self._size(e)

    def _add(self, n: int) -> None:
        self.received += n


@dataclass
class Series:
    ms: list[float] = field(default_factory=list)
    kb: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    failed: int = 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str, proc: subprocess.Popen, deadline: float) -> None:
    while True:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=1).read() == b"ok":
                return
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError(f"server did not start: {proc.args}")
            time.sleep(0.05)


class Server:
    """A server process on a free port (the workbench or the reference app), stopped on exit."""

    def __init__(self, cmd: list[str], env: dict, log: Path):
        self.port = _free_port()
        self.cmd = [c.replace("{port}", str(self.port)) for c in cmd]
        self.url = f"http://127.0.0.1:{self.port}"
        self.t0 = time.monotonic()
        self.out = open(log, "ab")
        self.proc = subprocess.Popen(self.cmd, cwd=ROOT, env=env, stdout=self.out, stderr=subprocess.STDOUT)
        self.ps = psutil.Process(self.proc.pid)

    def wait(self, timeout: float = 120) -> "Server":
        _healthy(self.url, self.proc, time.monotonic() + timeout)
        return self

    def cpu(self) -> float:
        t = self.ps.cpu_times()
        return t.user + t.system

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.out.close()


def app_command(script: Path | None) -> list[str]:
    """`streamlit run` of a script (None: the workbench) with exactly the workbench's server flags."""
    cmd = streamlit_command(0, "127.0.0.1")
    if script is not None:  # plain Streamlit: the workbench's launcher would warm workbench modules
        cmd[cmd.index("run") + 1] = str(script)
        cmd[cmd.index("-m") + 1] = "streamlit"
    cmd[cmd.index("--server.port") + 1] = "{port}"
    return cmd


def timed(page: Page, net: Network, server: Server, pred: str, action: Callable[[], None],
          timeout_ms: float = 30_000) -> tuple[float, float, float]:
    """Run action (a click or drag) and return (ms to settled, KB received, server CPU ms)."""
    page.evaluate(_MARK_TOASTS)
    page.evaluate(_WATCH, pred)
    net.received, cpu0 = 0, server.cpu()
    action()
    page.wait_for_function("window.__bench.t1 !== null && window.__bench.t0 !== null",
                           timeout=timeout_ms, polling=50)
    t0, t1 = page.evaluate("[window.__bench.t0, window.__bench.t1]")
    time.sleep(0.15)  # trailing messages of the same rerun
    return t1 - t0, net.received / 1024, (server.cpu() - cpu0) * 1000


def settle(page: Page) -> None:
    """Wait (untimed) until the app is idle and nothing is stale."""
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state')"
        " === 'notRunning' && !document.querySelector('[data-stale=true]')", timeout=120_000)
    time.sleep(0.2)


def drag(page: Page, container, start: int, end: int) -> None:
    """A real mouse drag over [start, end) (the spans are near the top: scroll the text there)."""
    container.evaluate("el => { el.scrollIntoView({block: 'start'}); "
                       "for (let p = el; p; p = p.parentElement) if (p.scrollTop) p.scrollTop = 0; }")
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    from helpers import select_text
    select_text(page, container, start, end)


# ---- the database --------------------------------------------------------------------------
def demo_database(tmp: Path) -> tuple[str, dict]:
    """A fresh SQLite database with three copies of the demo article; the first has six claims."""
    from db.engine import get_engine, session_scope
    from workbench import articles, claims
    from workbench.ingest import from_file
    from workbench.transfer.demo import DEMO_ARTICLE
    url = f"sqlite:///{tmp / 'demo.db'}"
    with session_scope(get_engine(url)) as s:
        doc = from_file(DEMO_ARTICLE.name, DEMO_ARTICLE.read_bytes())
        ids = [articles.import_document(s, doc=replace(doc, body=doc.body + "\n" * n), actor="bench").id
               for n in range(3)]
        made = [claims.create_claim_from_quote(s, article_id=ids[0], quote=q, actor="bench").id
                for q in DEMO_QUOTES]
    return url, {"article": ids[0], "accept": ids[1:], "claims": made}


def large_database(source: Path, tmp: Path) -> tuple[str, dict]:
    """A copy of the 100k-claim database; its 1,000-claim article."""
    db = tmp / "large.db"
    shutil.copy(source, db)
    con = sqlite3.connect(db)
    article, = con.execute("select article_id from claim group by article_id order by count(*) desc"
                           " limit 1").fetchone()
    made = [r[0] for r in con.execute("select id from claim where article_id=? order by start limit 40",
                                      (article,))]
    con.close()
    return f"sqlite:///{db}", {"article": article, "accept": [], "claims": made}


# ---- the interactions --------------------------------------------------------------------------
class Workbench:
    """The workbench page and the interactions of the issue's table."""

    def __init__(self, page: Page, net: Network, server: Server, info: dict):
        self.page, self.net, self.server, self.info = page, net, server, info
        self.n = 0
        self.accept_at = 0

    def workspace(self, article: int) -> None:
        if f"article={article}" not in self.page.url or "/workspace" not in self.page.url:
            self.page.goto(f"{self.server.url}/workspace?article={article}")
            self.page.get_by_test_id("span-select").wait_for(timeout=180_000)
            settle(self.page)
            self.page.get_by_label("Your name", exact=True).fill("bench")
            self.page.get_by_label("Your name", exact=True).press("Enter")
            settle(self.page)

    def _time(self, pred, action, **kw):
        return timed(self.page, self.net, self.server, pred, action, **kw)

    def open_claim(self, cid: int):
        mark = self.page.locator(f"mark[data-claim='{cid}']").first
        mark.scroll_into_view_if_needed()
        return self._time(in_key("workspace.editor", f"Claim #{cid}"), mark.click)

    def select_claim(self):
        self.workspace(self.info["article"])
        cid = self.info["claims"][self.n % 2]
        self.n += 1
        return self.open_claim(cid)

    def ensure_open(self, cid: int) -> None:
        editor = self.page.locator(".st-key-workspace-editor")
        if editor.count() == 0 or f"Claim #{cid}" not in editor.inner_text():
            self.open_claim(cid)
            settle(self.page)

    def save_edit(self):
        self.workspace(self.info["article"])
        cid = self.info["claims"][2]
        self.ensure_open(cid)
        self.n += 1
        self.page.get_by_label("Wording", exact=True).fill(f"An edited wording, run {self.n}")
        button = self.page.get_by_role("button", name="Save changes")
        return self._time(new_toast(f"Claim #{cid} saved"), button.click)

    def _spans(self) -> list[tuple[int, int]]:
        text = self.page.get_by_test_id("span-select").inner_text()
        words = [(m.start(), m.end()) for m in __import__("re").finditer(r"\S+", text)]
        return [(words[i][0], words[i + 3][1]) for i in range(10, min(len(words) - 4, 120), 5)]

    def drag_select(self):
        self.workspace(self.info["article"])
        spans = self._spans()
        s, e = spans[self.n % len(spans)]
        self.n += 1
        box = self.page.get_by_test_id("span-select")
        panel = self.page.locator(".st-key-workspace-new_panel")
        before = panel.inner_text() if panel.count() else ""
        before = before[:before.find("\n")] if "\n" in before else before
        # The panel shows new offsets (the drag's ends may land a character off a word's edge).
        pred = ("() => [...document.querySelectorAll('.st-key-workspace-new_panel')].some(e => "
                f"e.textContent.includes('characters') && !({before!r} && e.textContent.startsWith({before!r})))")
        return self._time(pred, lambda: drag(self.page, box, s, e))

    def create_claim(self):
        self.workspace(self.info["article"])
        spans = self._spans()
        s, e = spans[(self.n * 3 + 1) % len(spans)]
        self.n += 1
        drag(self.page, self.page.get_by_test_id("span-select"), s, e)
        button = self.page.get_by_role("button", name="Create claim")
        button.wait_for()
        settle(self.page)
        return self._time(new_toast("Claim created"), button.click)

    def accept_suggestion(self):
        article = self.info["accept"][self.accept_at]
        self.workspace(article)
        button = self.page.get_by_role("button", name="Accept", exact=True)
        if button.count() == 0:  # this copy has no suggestion left: the next copy
            self.accept_at += 1
            self.workspace(self.info["accept"][self.accept_at])
        button.wait_for(timeout=120_000)
        return self._time(new_toast("Suggestion accepted"), button.click)

    def save_verdict(self):
        cid = self.info["claims"][3]
        if f"claim={cid}" not in self.page.url:
            self.page.goto(f"{self.server.url}/review?claim={cid}")
            self.page.get_by_role("button", name="Save verdict").wait_for(timeout=120_000)
            settle(self.page)
        self.n += 1
        box = self.page.get_by_role("combobox", name="Rating", exact=True)
        box.click()
        self.page.keyboard.type(["Mostly true", "Half true"][self.n % 2])
        self.page.keyboard.press("Enter")
        self.page.get_by_label("Rationale", exact=True).fill(f"Rationale of run {self.n}.")
        settle(self.page)
        button = self.page.get_by_role("button", name="Save verdict")
        return self._time(new_toast("Verdict saved"), button.click)


DEMO = [("select a claim", "select_claim"), ("save a claim edit", "save_edit"),
        ("drag-select words", "drag_select"), ("create a claim", "create_claim"),
        ("accept a suggestion", "accept_suggestion"), ("save a verdict (review page)", "save_verdict")]
LARGE = [("select a claim", "select_claim"), ("save a claim edit", "save_edit"),
         ("drag-select words", "drag_select"), ("create a claim", "create_claim"),
         ("save a verdict (review page)", "save_verdict")]


class Reference:
    def __init__(self, page: Page, net: Network, server: Server):
        self.page, self.net, self.server = page, net, server
        page.goto(server.url)
        page.get_by_role("button", name="Add one").wait_for(timeout=60_000)
        settle(page)
        self.n = 0

    def click(self):
        self.n += 1
        return timed(self.page, self.net, self.server, f"() => document.body.innerText.includes('count: {self.n}')",
                     self.page.get_by_role("button", name="Add one").click)


def interleaved(browser, tmp: Path, url: str, info: dict, steps, runs: int, label: str, log: Path) -> dict:
    env = {**os.environ, "WORKBENCH_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    ref_script = tmp / "reference_app.py"
    ref_script.write_text(REFERENCE_APP)
    app = Server(app_command(None), env, log).wait()
    ref = Server(app_command(ref_script), env, log).wait()
    try:
        pages = []
        for _ in range(2):
            ctx = browser.new_context(viewport={"width": 1280, "height": 800})
            page = ctx.new_page()
            pages.append((page, Network(page)))
        wb = Workbench(*pages[0], app, info)
        rf = Reference(*pages[1], ref)
        results: dict[str, Series] = {"reference click": Series()}
        for name, _ in steps:
            results[f"{label}: {name}"] = Series()
        for name, method in steps:  # one warm-up each, not counted
            try:
                getattr(wb, method)()
            except PlaywrightTimeout:
                print(f"  warm-up of {name}: did not settle", file=sys.stderr)
                wb.page.goto("about:blank")
            settle(wb.page)
        for i in range(runs):
            for name, method in steps:
                for what, call in (("reference click", rf.click), (f"{label}: {name}", getattr(wb, method))):
                    try:
                        ms, kb, cpu = call()
                    except PlaywrightTimeout:  # counted, then the page starts afresh
                        results[what].failed += 1
                        print(f"  {what}: did not settle within the timeout", file=sys.stderr)
                        target = rf.page if what == "reference click" else wb.page
                        target.goto("about:blank")
                        if what == "reference click":
                            rf.__init__(rf.page, rf.net, rf.server)
                        continue
                    s = results[what]
                    s.ms.append(ms), s.kb.append(kb), s.cpu.append(cpu)
                    settle(rf.page if what == "reference click" else wb.page)
            print(f"  {label}: run {i + 1}/{runs} done", file=sys.stderr, flush=True)
        return results
    finally:
        app.stop()
        ref.stop()


# ---- cold start ----------------------------------------------------------------------------
def cold_starts(browser, tmp: Path, runs: int, log: Path) -> dict[str, list[float]]:
    ref_script = tmp / "reference_app.py"
    ref_script.write_text(REFERENCE_APP)
    out: dict[str, list[float]] = {"reference start": [], "serve \u2192 Articles": [],
                                   "first Workspace view": [], "serve CPU s": []}
    for i in range(runs):
        db = tmp / f"start{i}.db"
        url = f"sqlite:///{db}"
        env = {**os.environ, "WORKBENCH_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, "-c", "from workbench.transfer.demo import import_demo_if_empty as f; f()"],
                       cwd=ROOT, env=env, check=True)
        for kind in ("reference", "serve"):
            ctx = browser.new_context(viewport={"width": 1280, "height": 800})
            page = ctx.new_page()
            if kind == "reference":
                server = Server(app_command(ref_script), env, log)
            else:
                server = Server([sys.executable, "-c", "from workbench.cli import app; app()", "serve",
                                 "--port", "{port}", "--address", "127.0.0.1"], env, log)
            try:
                server.wait()
                page.goto(server.url)  # Articles is the default page, served at the root
                target = page.get_by_role("button", name="Add one" if kind == "reference" else "Open in workspace")
                target.wait_for(timeout=120_000)
                out["reference start" if kind == "reference" else "serve \u2192 Articles"].append(
                    (time.monotonic() - server.t0) * 1000)
                if kind == "serve":
                    net = Network(page)
                    settle(page)
                    ms, _, _ = timed(page, net, server,
                                     "() => !!document.querySelector('[data-testid=span-select] mark')"
                                     " && document.body.innerText.includes('Suggested claims (')",
                                     target.click)
                    out["first Workspace view"].append(ms)
                    out["serve CPU s"].append(server.cpu() * 1000)
            finally:
                server.stop()
                ctx.close()
        print(f"  cold start {i + 1}/{runs} done", file=sys.stderr, flush=True)
    return out


def _p90(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(0.9 * (len(xs) - 1)))]


def report(results: dict[str, Series], load: tuple[float, float, float]) -> None:
    ref = statistics.median(results["reference click"].ms)
    print(f"\nload average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (cores: {os.cpu_count()})")
    print("| interaction | runs | median | p90 | \u00d7 reference | server CPU | KB received | timed out |")
    print("|---|---|---|---|---|---|---|---|")
    for name, s in results.items():
        if not s.ms:
            continue
        print(f"| {name} | {len(s.ms)} | {statistics.median(s.ms):,.0f} ms | {_p90(s.ms):,.0f} ms | "
              f"{statistics.median(s.ms) / ref:.1f} | {statistics.median(s.cpu):,.0f} ms | "
              f"{statistics.median(s.kb):,.1f} | {s.failed} |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--starts", type=int, default=5, help="cold starts of each (0: none)")
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "out" / "foundation.db")
    parser.add_argument("--only", choices=["demo", "large", "start"], action="append")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # so the servers are stopped
    only = set(args.only or ["demo", "large", "start"])
    tmp = Path(tempfile.mkdtemp(prefix="bench-browser-"))
    log = tmp / "servers.log"
    print(f"server logs: {log}", file=sys.stderr)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            if "demo" in only:
                url, info = demo_database(tmp)
                report(interleaved(browser, tmp, url, info, DEMO, args.runs, "demo", log), os.getloadavg())
            if "large" in only:
                if args.db.exists():
                    url, info = large_database(args.db, tmp)
                    report(interleaved(browser, tmp, url, info, LARGE, args.runs, "1,000-claim article", log),
                           os.getloadavg())
                else:
                    print(f"\n(no {args.db}: run bench/bench_foundation.py first for the large article)")
            if "start" in only and args.starts:
                out = cold_starts(browser, tmp, args.starts, log)
                ref = statistics.median(out["reference start"])
                la = os.getloadavg()
                print(f"\nload average {la[0]:.2f} {la[1]:.2f} {la[2]:.2f}")
                print("| start | runs | median | p90 | \u00d7 reference start |")
                print("|---|---|---|---|---|")
                for name, xs in out.items():
                    if xs and name != "serve CPU s":
                        ratio = f"{statistics.median(xs) / ref:.1f}" if "start" in name or "serve" in name else "-"
                        print(f"| {name} | {len(xs)} | {statistics.median(xs):,.0f} ms | {_p90(xs):,.0f} ms |"
                              f" {ratio} |")
                print(f"server CPU until the first Workspace view: median {statistics.median(out['serve CPU s']) / 1000:.1f} s")
            browser.close()
    finally:
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
