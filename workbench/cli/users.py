"""`workbench users ...`: the desk's members and their roles (desk mode)."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from workbench import users
from workbench.cli import echo_json, unit_of_work

users_app = typer.Typer(help="The desk's users and roles (desk mode, WORKBENCH_AUTH=oidc).", no_args_is_help=True)
# Without --actor these commands act as the server's operator (users.operator): whoever can reach
# the database from this shell. With it, as that user, who must be an admin.
AdminActor = Annotated[Optional[str], typer.Option("--actor", "-a",
                                                   help="The admin making the change (email); default: you, the server's operator.")]


def _admin(actor: Optional[str]):
    return actor or users.operator()


@users_app.command("list")
def list_(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List the users with their role and whether they are active.

    \b
    Example:
        workbench users list
    """
    with unit_of_work() as session:
        rows = [{"id": users.user_key(u), "email": u.email, "name": u.name, "role": u.role,
                 "active": u.active, "signed_in": u.subject is not None} for u in users.list_users(session)]
    if as_json:
        echo_json(rows)
        return
    if not rows:
        typer.echo("No users yet. Add the first admin with: workbench users add EMAIL --name NAME --role admin")
    for r in rows:
        state = "" if r["active"] else " (inactive)"
        typer.echo(f"{r['id']}\t{r['email'] or '-'}\t{r['name']}\t{r['role']}{state}")


@users_app.command("add")
def add(email: Annotated[str, typer.Argument(help="The user's email (what they sign in with).")],
        name: Annotated[Optional[str], typer.Option(help="Display name.")] = None,
        role: Annotated[str, typer.Option(help="reviewer, editor or admin.")] = "reviewer",
        actor: AdminActor = None) -> None:
    """Add a member of the desk with a role.

    \b
    Example:
        WORKBENCH_AUTH=oidc workbench users add rita@desk.example --name Rita --role reviewer
    """
    with unit_of_work() as session:
        user = users.add_user(session, email=email, name=name or "", role=role, actor=_admin(actor))
        typer.echo(f"Added {user.name} <{user.email}> as {user.role} ({users.user_key(user)}).")


@users_app.command("set-role")
def set_role(user: Annotated[str, typer.Argument(help="Email or id (user:N).")],
             role: Annotated[str, typer.Argument(help="reviewer, editor or admin.")],
             actor: AdminActor = None) -> None:
    """Change a user's role.

    \b
    Example:
        workbench users set-role sam@desk.example editor
    """
    with unit_of_work() as session:
        changed = users.set_role(session, user=user, role=role, actor=_admin(actor))
        typer.echo(f"{changed.name} is now {changed.role}.")


@users_app.command("deactivate")
def deactivate(user: Annotated[str, typer.Argument(help="Email or id (user:N).")],
               actor: AdminActor = None) -> None:
    """Stop a user from signing in and changing anything (their history stays).

    \b
    Example:
        workbench users deactivate rita@desk.example
    """
    with unit_of_work() as session:
        changed = users.set_active(session, user=user, active=False, actor=_admin(actor))
        typer.echo(f"{changed.name} is deactivated.")


@users_app.command("activate")
def activate(user: Annotated[str, typer.Argument(help="Email or id (user:N).")],
             actor: AdminActor = None) -> None:
    """Let a user in (a new user waiting, or one deactivated before).

    \b
    Example:
        workbench users activate rita@desk.example
    """
    with unit_of_work() as session:
        changed = users.set_active(session, user=user, active=True, actor=_admin(actor))
        typer.echo(f"{changed.name} is active.")


@users_app.command("adopt")
def adopt(mapping: Annotated[list[str], typer.Argument(help="OLD NAME=EMAIL pairs.")],
          actor: AdminActor = None) -> None:
    """Map names typed in local mode to users, so their history, verdicts and approvals carry over.

    \b
    Example:
        workbench users adopt "Rita Alvarez=rita@desk.example" "sam=sam@desk.example"
    """
    pairs = {}
    for item in mapping:
        name, sep, who = item.partition("=")
        if not sep or not name.strip() or not who.strip():
            raise typer.BadParameter(f"{item!r}: write OLD NAME=EMAIL")
        pairs[name.strip()] = who.strip()
    with unit_of_work() as session:
        touched = users.adopt(session, mapping=pairs, actor=_admin(actor))
    for name, n in touched.items():
        typer.echo(f"{name} \u2192 {pairs[name]}: {n} record(s).")
