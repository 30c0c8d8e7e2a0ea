"""`workbench export`, `restore` and `copy-db`: what leaves the database and what comes back."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated, Optional

import typer

from db.engine import database_url, get_engine
from workbench.cli import Actor, Output, app, fail, reported_errors, say, unit_of_work, write_output


@app.command()
def export(kind: Annotated[str, typer.Argument(help="csv, citations, claimreview or json.")],
           output: Output = None,
           all_claims: Annotated[bool, typer.Option("--all", help="CSV: every claim, not only checked ones.")] = False,
           article: Annotated[Optional[int], typer.Option(help="Only this article.")] = None,
           desk: Annotated[Optional[str], typer.Option(envvar="WORKBENCH_DESK_NAME", help="ClaimReview author (your desk).")] = None,
           desk_url: Annotated[Optional[str], typer.Option(envvar="WORKBENCH_DESK_URL", help="ClaimReview: your desk's home page.")] = None,
           factcheck_url: Annotated[Optional[str], typer.Option(envvar="WORKBENCH_FACTCHECK_URL", help="ClaimReview: where reviews are published, e.g. https://desk.example/fact-checks/{article_id}#claim-{claim_id}.")] = None) -> None:
    """Export claims as CSV, their citations as CSV, ClaimReview JSON-LD, or a JSON backup.

    ClaimReview needs an address for each review: --factcheck-url (or WORKBENCH_FACTCHECK_URL),
    or the article's own published fact-check URL (`workbench claimreview set-url`).

    \b
    Example:
        workbench export csv -o checked.csv
        workbench export citations -o citations.csv
        workbench export claimreview --desk "Health Desk" --factcheck-url "https://desk.example/checks/{article_id}#claim-{claim_id}" -o claimreview.json
        workbench export json -o backup.json
        workbench export csv -o - | head
    """
    from workbench import articles
    from workbench.transfer import backup, claimreview, csv_export

    with unit_of_work() as session:
        if article is not None:
            articles.require_article(session, article)  # a clear refusal for an unknown or huge id
        if kind == "csv":
            data = csv_export.export_claims_csv(session, include_all=all_claims, article_id=article)
        elif kind == "citations":
            data = csv_export.export_citations_csv(session, include_all=all_claims, article_id=article)
        elif kind == "claimreview":
            settings = claimreview.desk_settings(name=desk, url=desk_url, factcheck_url=factcheck_url)
            data = claimreview.export_claimreview(session, desk=settings, article_id=article).encode("utf-8")
        elif kind == "json":
            ids = [article] if article else None
            data = json.dumps(backup.export_backup(session, article_ids=ids), ensure_ascii=False,
                              indent=1).encode("utf-8")
        else:
            raise typer.BadParameter("use csv, citations, claimreview or json", param_hint="KIND")
    write_output(data, output)


@app.command()
def restore(path: Annotated[Path, typer.Argument(help="A JSON backup written by `workbench export json`.")],
            actor: Actor) -> None:
    """Import a JSON backup (articles, claims, citations, history) into this database.

    \b
    Example:
        workbench restore backup.json --actor rita
    """
    from workbench.transfer import backup
    from workbench.transfer.backup_format import MAX_BACKUP_BYTES

    if not path.is_file():
        raise fail(f"No file at {path}.")
    if path.stat().st_size > MAX_BACKUP_BYTES:  # refused before a byte is read
        raise fail(f"{path} has {path.stat().st_size:,} bytes; a backup may have {MAX_BACKUP_BYTES:,}.")
    with unit_of_work() as session:
        report = backup.import_backup(session, backup.load_backup(path.read_bytes()), actor=actor)
    say(report.summary())


@app.command("copy-db")
def copy_db(dest: Annotated[Path, typer.Argument(help="Where to write the copy (.db); - for standard output.")]) -> None:
    """Write a consistent copy of the SQLite database file, safe while the app is running.

    \b
    Example:
        workbench copy-db ~/copies/workbench-$(date +%F).db
    """
    from workbench.transfer.sqlite_copy import copy_sqlite_database

    with reported_errors():
        get_engine()
        if str(dest) != "-":
            source = copy_sqlite_database(database_url(), dest)
            say(f"Copied {source} to {dest} ({dest.stat().st_size:,} bytes).")
            return
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "copy.db"
            copy_sqlite_database(database_url(), copy)
            write_output(copy.read_bytes(), None)
