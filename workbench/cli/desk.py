"""`workbench queue`, `workbench claim assign` and `workbench claim note`: the desk's daily work."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from workbench import desk, users
from workbench.cli import Actor, app, claim_app, echo_json, unit_of_work


@claim_app.command("assign")
def assign(claim_ids: Annotated[list[int], typer.Argument(help="One or more claim ids.")], actor: Actor,
           to: Annotated[Optional[str], typer.Option("--to", help="The reviewer (email in desk mode); leave out to unassign.")] = None) -> None:
    """Assign claims to a reviewer (editors), one or many at once.

    \b
    Example:
        workbench claim assign 3 4 5 --to rita@desk.example --actor sam@desk.example
    """
    with unit_of_work() as session:
        done = desk.assign_claims(session, claim_ids=claim_ids, assignee=to, actor=actor)
    who = to or "nobody"
    typer.echo(f"Assigned {len(done)} claim(s) to {who}" + (f": {', '.join(f'#{c.id}' for c in done)}." if done else "."))


@claim_app.command("note")
def note(claim_id: int, actor: Actor,
         text: Annotated[Optional[str], typer.Option(help="The note; without it, list the claim's notes.")] = None) -> None:
    """Add a note to a claim's discussion thread, or list its notes.

    \b
    Example:
        workbench claim note 3 --text "The clinic has not answered our email yet." --actor rita
        workbench claim note 3 --actor rita
    """
    with unit_of_work() as session:
        if text is not None:
            made = desk.add_note(session, claim_id=claim_id, body=text, actor=actor)
            typer.echo(f"Added note #{made.id} to claim #{claim_id}.")
            return
        for n in desk.notes(session, claim_id):
            typer.echo(f"{n.created_at:%Y-%m-%d %H:%M} {n.author}: {n.body}")


@app.command()
def queue(actor: Actor, as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Show your queue: the claims assigned to you by status and, for editors, those awaiting approval.

    \b
    Example:
        workbench queue --actor sam@desk.example
    """
    with unit_of_work() as session:
        me = users.identify(session, actor)
        found = desk.my_queue(session, actor)
    if as_json:
        echo_json({k: [vars(i) for i in v] for k, v in found.items()})
        return
    if me is None:
        typer.echo("Nobody by that name here.")
        return
    if not any(found.values()):
        typer.echo(f"Nothing waits on {me.name}.")
    for status, items in found.items():
        typer.echo(f"{status} ({len(items)}):")
        for i in items:
            typer.echo(f"  claim #{i.claim_id} in #{i.article_id} \u201c{i.article_title}\u201d, waits for "
                       f"{i.waiting_for}: {i.text}")
