"""`workbench article edit` and `workbench article correct`: an article's details and body corrected."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Optional

import typer

from workbench import articles
from workbench.cli import Actor, app, fail, unit_of_work

article_app = typer.Typer(help="Correct an article: its details or its text.", no_args_is_help=True)
app.add_typer(article_app, name="article")

ArticleArg = Annotated[int, typer.Argument(help="The article's id (see `workbench list`).")]
ArticleVersion = Annotated[Optional[int], typer.Option(
    "--version", help="The article version you read; refuses if someone saved since (default: latest).")]


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise fail(f"\u201c{value}\u201d is not a date: use YYYY-MM-DD, for example 2024-03-18.") from None


@article_app.command("edit")
def edit(article_id: ArticleArg, actor: Actor,
         title: Annotated[Optional[str], typer.Option(help="The title.")] = None,
         url: Annotated[Optional[str], typer.Option(help="The source URL (http:// or https://; \"\" clears it).")] = None,
         publisher: Annotated[Optional[str], typer.Option(help="The publisher (\"\" clears it).")] = None,
         author: Annotated[Optional[str], typer.Option(help="The author (\"\" clears it).")] = None,
         published: Annotated[Optional[str], typer.Option(help="The publication date, YYYY-MM-DD.")] = None,
         version: ArticleVersion = None) -> None:
    """Edit an article's details: title, source URL, publisher, author, publication date.

    \b
    Example:
        workbench article edit 1 --url https://example.org/story --publisher "Daily News" --actor rita
        workbench article edit 1 --title "Ketamine therapy" --published 2024-03-18 --actor rita
    """
    when = _date(published)
    if all(v is None for v in (title, url, publisher, author, when)):
        raise fail("Nothing to change: give --title, --url, --publisher, --author or --published.")
    with unit_of_work() as session:
        expected = version if version is not None else articles.require_article(session, article_id).version
        article = articles.update_article(session, article_id=article_id, expected_version=expected,
                                          actor=actor, title=title, source_url=url, publisher=publisher,
                                          author=author, published=when)
        typer.echo(f"Article #{article.id} \u201c{article.title}\u201d saved (version {article.version}).")


@article_app.command("correct")
def correct(article_id: ArticleArg, actor: Actor,
            body_file: Annotated[Path, typer.Option("--body-file", help="The corrected text (UTF-8); - for standard input.")],
            note: Annotated[Optional[str], typer.Option(help="Why the text changed (kept with the revision).")] = None,
            dry_run: Annotated[bool, typer.Option("--dry-run", help="Only say what would happen to the claims.")] = False,
            version: ArticleVersion = None) -> None:
    """Correct an article's text as a new revision; its claims are found again or flagged orphaned.

    \b
    Example:
        workbench article correct 1 --body-file corrected.txt --note "typo in the headline" --actor rita
        workbench article correct 1 --body-file corrected.txt --dry-run --actor rita
    """
    if str(body_file) == "-":
        import sys
        new_body = sys.stdin.read()
    elif not body_file.is_file():
        raise fail(f"No file at {body_file}.")
    else:
        try:
            new_body = body_file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise fail(f"{body_file} is not UTF-8 text.") from None
    with unit_of_work() as session:
        if dry_run:
            report = articles.preview_correction(session, article_id=article_id, new_body=new_body)
        else:
            expected = version if version is not None else articles.require_article(session, article_id).version
            report = articles.correct_body(session, article_id=article_id, new_body=new_body,
                                           expected_version=expected, actor=actor, note=note)
    lead = "Would make" if dry_run else "Made"
    typer.echo(f"{lead} revision {report.revision} of article #{article_id}.")
    for label, ids in (("unchanged", report.unchanged), ("moved", report.moved),
                       ("re-anchored fuzzily (their words changed)", report.fuzzy),
                       ("orphaned (not found; kept and flagged)", report.orphaned)):
        if ids:
            typer.echo(f"  {len(ids)} {label}: " + ", ".join(f"#{i}" for i in ids))
