"""`workbench report`, `claimreview ...` and `citations recheck`: what a desk publishes, other desks'
fact checks, and whether cited pages still say what they said."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from workbench.cli import Actor, Output, app, fail, unit_of_work, write_output

claimreview_app = typer.Typer(help="Publish ClaimReview, and import other desks' fact checks.",
                              no_args_is_help=True)
citations_app = typer.Typer(help="Cited sources: check the archived pages again.", no_args_is_help=True)
app.add_typer(claimreview_app, name="claimreview")
app.add_typer(citations_app, name="citations")


@app.command()
def report(article_id: Annotated[int, typer.Argument(help="The article's id (see `workbench list`).")],
           fmt: Annotated[str, typer.Option("--format", "-f", help="html (self-contained, printable) or md.")] = "html",
           output: Output = None) -> None:
    """Write an article's fact-check report: each checked claim with its verdict, sources and reviewers.

    The HTML carries the claims' ClaimReview JSON-LD when their address is known (see
    `workbench export claimreview`).

    \b
    Example:
        workbench report 1 --format html -o report.html
        workbench report 1 --format md -o -
    """
    from workbench.transfer.report import article_report

    with unit_of_work() as session:
        text = article_report(session, article_id=article_id, fmt=fmt)
    write_output(text.encode("utf-8"), output)


@claimreview_app.command("set-url")
def set_url(article_id: Annotated[int, typer.Argument(help="The article's id.")],
            url: Annotated[str, typer.Argument(help="Where the desk published its fact check; \"\" to clear.")],
            actor: Actor) -> None:
    """Set the address of an article's published fact check, the url of its ClaimReview items.

    It wins over WORKBENCH_FACTCHECK_URL; each claim's review gets #claim-ID unless it has an anchor.

    \b
    Example:
        workbench claimreview set-url 1 https://desk.example/2026/ketamine-check --actor rita
    """
    from workbench import articles

    with unit_of_work() as session:
        article = articles.require_article(session, article_id)
        articles.update_article(session, article_id=article_id, expected_version=article.version, actor=actor,
                                factcheck_url=url)
        shown = article.factcheck_url or "nothing (WORKBENCH_FACTCHECK_URL applies)"
    typer.echo(f"Article #{article_id}'s fact check is published at {shown}.")


@claimreview_app.command("import")
def import_reviews(source: Annotated[str, typer.Argument(help="A JSON-LD or HTML file, or an http(s) URL of a page carrying ClaimReview.")],
                   actor: Actor) -> None:
    """Import other desks' ClaimReview items, so that `workbench matches` shows what they concluded.

    \b
    Example:
        workbench claimreview import other-desk.jsonld --actor rita
        workbench claimreview import https://factcheck.example/2026/story --actor rita
    """
    from workbench import external

    data = None
    if not source.startswith(("http://", "https://")):
        path = Path(source)
        if not path.is_file():
            raise fail(f"No file at {source}.")
        data = path.read_bytes()
    with unit_of_work() as session:
        result = external.import_from_source(session, source=source, data=data, actor=actor)
    typer.echo(result.summary())


@citations_app.command("recheck")
def recheck(actor: Actor,
            article_id: Annotated[Optional[int], typer.Argument(help="The article whose sources to check.")] = None,
            every: Annotated[bool, typer.Option("--all", help="Check the sources of every article.")] = False) -> None:
    """Fetch cited pages again and flag each unchanged, changed (with a word diff), gone or failed.

    \b
    Example:
        workbench citations recheck 1 --actor rita
        workbench citations recheck --all --actor rita
    """
    from workbench import archive

    if (article_id is None) == (not every):
        raise typer.BadParameter("give an ARTICLE or --all, not both.")
    with unit_of_work() as session:
        results = archive.recheck_sources(session, actor=actor, article_id=article_id)
    if not results:
        typer.echo("No cited sources to check.")
    for r in results:
        typer.echo(f"citation #{r.citation_id} (claim #{r.claim_id}) {r.outcome}: {r.url}")
        if r.diff:
            typer.echo(f"    {r.diff}")
        elif r.error and r.outcome in ("gone", "failed"):
            typer.echo(f"    {r.error}")
