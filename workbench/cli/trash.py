"""`workbench article delete` and `workbench trash ...`: deleting moves an article to the trash,
from which it is restored or purged."""
from __future__ import annotations

from typing import Annotated

import typer

from workbench import articles
from workbench.cli import Actor, app, say, unit_of_work
from workbench.cli.article_commands import article_app

trash_app = typer.Typer(help="Deleted articles: list, restore, purge.", no_args_is_help=True)
app.add_typer(trash_app, name="trash")

ArticleArg = Annotated[int, typer.Argument(help="The article's id (see `workbench list` or `workbench trash list`).")]


@article_app.command("delete")
def article_delete(article_id: ArticleArg, actor: Actor,
                   version: Annotated[int, typer.Option("--version", help="The article's version you read (`workbench show` prints it); refused if it changed since.")]) -> None:
    """Move an article, with its claims, to the trash.

    \b
    Example:
        workbench article delete 4 --version 2 --actor rita
    """
    with unit_of_work() as session:
        article = articles.delete_article(session, article_id=article_id, expected_version=version,
                                          actor=actor)
        say(f"Moved article #{article.id} \u201c{article.title}\u201d to the trash "
            f"(restore it with: workbench trash restore {article.id}).")


@trash_app.command("list")
def trash_list() -> None:
    """List the articles in the trash, most recently deleted first.

    \b
    Example:
        workbench trash list
    """
    with unit_of_work() as session:
        rows = articles.list_trash(session)
    if not rows:
        say("The trash is empty.")
    for a in rows:
        say(f"#{a.id}\t{a.title}\tdeleted {a.deleted_at:%Y-%m-%d %H:%M} by {a.deleted_by}")


@trash_app.command("restore")
def trash_restore(article_id: ArticleArg, actor: Actor) -> None:
    """Bring an article and its claims back from the trash.

    \b
    Example:
        workbench trash restore 4 --actor rita
    """
    with unit_of_work() as session:
        article = articles.restore_article(session, article_id=article_id, actor=actor)
        say(f"Restored article #{article.id} \u201c{article.title}\u201d.")


@trash_app.command("purge")
def trash_purge(article_id: ArticleArg, actor: Actor) -> None:
    """Remove an article in the trash for good, with its claims and citations (the history keeps a record).

    \b
    Example:
        workbench trash purge 4 --actor rita
    """
    with unit_of_work() as session:
        articles.purge_article(session, article_id=article_id, actor=actor)
    say(f"Purged article #{article_id}.")
