"""`workbench serve` and `workbench migrate`: the browser app and the schema."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from db.engine import database_url, get_engine
from workbench.cli import app, reported_errors
from workbench.transfer.demo import import_demo_if_empty

APP_SCRIPT = Path(__file__).resolve().parents[1] / "ui" / "app.py"


@app.command()
def migrate() -> None:
    """Upgrade the database to the newest schema (the app and the CLI also do it on start).

    \b
    Example:
        WORKBENCH_DATABASE_URL=postgresql+psycopg://desk@db/workbench workbench migrate
    """
    with reported_errors():
        get_engine()
    typer.echo(f"Database is up to date: {_safe_url(database_url())}")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url
    return make_url(url).render_as_string(hide_password=True)


@app.command()
def serve(port: Annotated[int, typer.Option(help="Port to listen on.")] = 8501,
          address: Annotated[str, typer.Option(help="Address to bind.")] = "localhost",
          demo: Annotated[bool, typer.Option("--demo/--no-demo",
                                             help="Import the demo article if the database is empty.")] = True) -> None:
    """Start the browser app (Streamlit) on http://localhost:8501.

    \b
    Example:
        workbench serve --port 8502 --no-demo
    """
    with reported_errors():
        get_engine()
        if demo and (new_id := import_demo_if_empty()):
            typer.echo(f"Imported the demo article as #{new_id}.")
    typer.echo(f"Claim Workbench on http://{address}:{port}")
    sys.stdout.flush()
    # Become the server (no child process), so stopping `workbench serve` stops Streamlit too.
    cmd = streamlit_command(port, address)
    os.execv(cmd[0], cmd)


def streamlit_command(port: int, address: str = "localhost") -> list[str]:
    """The `streamlit run` command line of the app; `serve` and the browser tests both use it.

    It runs Streamlit's command line through workbench.ui.server, which first starts warming the
    pages' imports and the suggestion model in a background thread (workbench.ui.warm).

    Magic is off (the pages never rely on it, and it re-walks every page's syntax tree when a
    script is compiled), the toolbar is minimal (no "Deploy"), usage statistics are not gathered
    (nor timed per command), and no file watcher runs. Streamlit's full garbage collection after
    every script run is off: with about 170k objects alive it took 180 to 230 ms per run (twice
    per save); Python's generational collector still runs, so cycles are still freed."""
    return [sys.executable, "-m", "workbench.ui.server", "run", str(APP_SCRIPT),
            "--server.port", str(port), "--server.address", address, "--server.headless", "true",
            "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
            "--runner.magicEnabled", "false", "--runner.postScriptGC", "false",
            "--client.toolbarMode", "minimal",
            # The uploader's "Limit … per file" hint says the limit ingest really applies.
            "--server.maxUploadSize", str(_upload_limit_mb())]


def _upload_limit_mb() -> int:
    from workbench.ingest import MAX_FILE_BYTES
    return MAX_FILE_BYTES // 1_000_000
