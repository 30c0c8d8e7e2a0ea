"""`workbench matches`: checked claims elsewhere that say the same as a claim."""
from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from workbench import matching
from workbench.cli import app, echo_json, say, unit_of_work


@app.command()
def matches(claim_id: Annotated[int, typer.Argument(help="The claim's id (see `workbench show`).")],
            limit: Annotated[int, typer.Option(help="Show at most this many matches.", min=1)] = 10,
            as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Find claims already checked, in any article or by other desks, that say the same as a claim.

    Other desks' fact checks come from `workbench claimreview import` and show with their link.

    \b
    Example:
        workbench matches 12
        workbench matches 12 --limit 3 --json
    """
    with unit_of_work() as session:
        found = matching.find_matches(session, claim_id=claim_id, limit=limit)
    if as_json:
        echo_json([asdict(m) for m in found])
        return
    if not found:
        say(f"No checked claim says the same as claim #{claim_id}.")
        return
    for m in found:
        if m.is_external:
            say(f"{m.score:5.1f}  {m.article_title} [{m.verdict}] {m.external_url}: {m.text}")
            continue
        say(f"{m.score:5.1f}  claim #{m.claim_id} [{m.verdict}] {m.status}, "
                   f"article #{m.article_id} \u201c{m.article_title}\u201d: {m.text}")
