"""The `workbench` command line: a thin layer over the service functions.

This module holds what every command shares (the app, the Actor and version options, one error
handler, one unit of work, writing a file or standard output); each command group is a module of
this package and registers its commands on `app` when imported at the end.
"""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from sqlmodel import Session

from db.engine import get_engine, session_scope
from workbench import concurrency, text_rules
from workbench.claims import require_claim
from workbench.errors import WorkbenchError

app = typer.Typer(help="Claim Workbench: check the claims of articles, from import to ClaimReview.",
                  no_args_is_help=True, add_completion=False, rich_markup_mode=None)
claim_app = typer.Typer(help="Create, edit and review claims.", no_args_is_help=True)
app.add_typer(claim_app, name="claim")

Actor = Annotated[str, typer.Option("--actor", "-a", envvar="WORKBENCH_ACTOR",
                                    help="Who you are: your name (local mode) or your email (desk mode); every change carries it (or set WORKBENCH_ACTOR).")]
VersionOpt = Annotated[Optional[int], typer.Option("--version", help="The version you read (see `workbench show`); refuses if someone saved since. Without it: refused when someone else saved in the last few minutes.")]
Output = Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write; - or none: standard output.")]


def say(message: str, *, err: bool = False) -> None:
    """Print a line; stored text in it cannot carry terminal escape sequences or other controls."""
    typer.echo(text_rules.printable(message), err=err)


def fail(message: str) -> typer.Exit:
    """Print a reviewer-facing error on stderr; the caller raises the returned Exit(1)."""
    typer.secho(f"Error: {text_rules.single_line(message)}", err=True, fg=typer.colors.RED)
    return typer.Exit(1)


@contextmanager
def reported_errors() -> Iterator[None]:
    """The one error handler: a project error becomes a clean message on stderr and exit code 1."""
    try:
        yield
    except WorkbenchError as exc:
        raise fail(str(exc)) from None


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """One session for the command, committed at the end; project errors as in reported_errors()."""
    with reported_errors(), session_scope(get_engine()) as session:
        yield session


def echo_json(data, indent: int | None = 2) -> None:
    """Print data as JSON, non-ASCII text as is but DEL and C1 controls escaped (json escapes the
    C0 ones itself), so no string can drive the terminal."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, default=str)
    typer.echo(_C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


_C1 = re.compile(r"[\x7f-\x9f]")


def write_output(data: bytes, output: Path | None) -> None:
    """Write bytes to a file, or to standard output when output is None or `-` (the Unix habit)."""
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise fail(f"Cannot write {output}: {exc.strerror or exc}.") from None
    say(f"Wrote {len(data):,} bytes to {output}.", err=True)


def latest_version(session: Session, claim_id: int, version: Optional[int], actor: str | None = None) -> int:
    """The version given with --version; without it, the claim's current one, refused (when an
    actor is given: edits, not workflow moves) if someone else saved it in the last few minutes."""
    if version is not None:
        return version
    claim = require_claim(session, claim_id)
    if actor is None:
        return claim.version
    return concurrency.version_to_edit(session, claim, actor=actor, entity="claim", label=f"Claim #{claim_id}")


# The command groups register themselves on `app` and `claim_app`.
from workbench.cli import (article_commands, articles, claims, desk, export, matches, publish, search,  # noqa: E402,F401
                           serve, suggest, trash, users)

app.add_typer(users.users_app, name="users")
