"""The `workbench matches` command: checked claims elsewhere that say the same as a claim."""
from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer

from db.engine import get_engine, session_scope
from workbench import matching
from workbench.errors import WorkbenchError


def matches(claim_id: Annotated[int, typer.Argument(help="The claim's id (see `workbench show`).")],
            limit: Annotated[int, typer.Option(help="Show at most this many matches.", min=1)] = 10,
            as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Find claims already checked, in any article, that say the same as a claim, with their verdicts.

    \b
    Example:
        workbench matches 12
        workbench matches 12 --limit 3 --json
    """
    # Not cli.fail()/_unit_of_work(): workbench.cli imports this module, so importing it back
    # would be circular.
    try:
        with session_scope(get_engine()) as session:
            found = matching.find_matches(session, claim_id=claim_id, limit=limit)
    except WorkbenchError as exc:
        typer.secho(f"Error: {exc}", err=True, fg=typer.colors.RED)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps([asdict(m) for m in found], ensure_ascii=False, indent=2))
        return
    if not found:
        typer.echo(f"No checked claim says the same as claim #{claim_id}.")
        return
    for m in found:
        typer.echo(f"{m.score:5.1f}  claim #{m.claim_id} [{m.verdict}] {m.status}, "
                   f"article #{m.article_id} \u201c{m.article_title}\u201d: {m.text}")


def register(app: typer.Typer) -> None:
    """Add the `matches` command to the workbench CLI."""
    app.command("matches")(matches)
