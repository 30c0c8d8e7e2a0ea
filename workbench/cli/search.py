"""`workbench search`: claims of every article by their words, claimant, status or verdict."""
from __future__ import annotations

from typing import Annotated

import typer

from workbench.cli import app, echo_json, unit_of_work
from workbench.search import search_claims


@app.command("search")
def search(query: Annotated[str, typer.Argument(help="Words of the claim, a claimant, a status or a verdict.")],
           as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Find claims in every article by their words, claimant, status or verdict.

    \b
    Example:
        workbench search "ketamine boosters"
        workbench search Stewart
        workbench search "in review"
    """
    with unit_of_work() as session:
        hits = search_claims(session, query)
    if as_json:
        echo_json([h.__dict__ for h in hits])
        return
    if not hits:
        typer.echo(f"No claim matches \u201c{query}\u201d.")
    for h in hits:
        facts = " \u00b7 ".join(x for x in (h.status, h.verdict, h.claimant,
                                            "orphaned" if h.orphaned else None) if x)
        typer.echo(f"claim #{h.claim_id} (article #{h.article_id} {h.article_title}) [{facts}]: {h.text}")
