"""The `workbench` command line: a thin layer over the service functions."""
from __future__ import annotations

import json
import os
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer

from db.engine import database_url, get_engine, session_scope
from workbench import articles, audit, claims, citations, cli_matching, cli_suggest, review
from workbench.errors import WorkbenchError

app = typer.Typer(help="Claim Workbench: check the claims of articles, from import to ClaimReview.",
                  no_args_is_help=True, add_completion=False, rich_markup_mode=None)
claim_app = typer.Typer(help="Create, edit and review claims.", no_args_is_help=True)
app.add_typer(claim_app, name="claim")

APP_SCRIPT = Path(__file__).resolve().parent / "app.py"
DEMO_ARTICLE = Path(__file__).resolve().parent / "data" / "ketamine-therapy.txt"
Actor = Annotated[str, typer.Option("--actor", "-a", envvar="WORKBENCH_ACTOR",
                                    help="Your name; every change carries it (or set WORKBENCH_ACTOR).")]


def fail(message: str) -> typer.Exit:
    """Print a reviewer-facing error on stderr; the caller raises the returned Exit(1)."""
    typer.secho(f"Error: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(1)


@contextmanager
def _unit_of_work():
    """One session for the command; project errors become a clean message and exit code 1."""
    try:
        with session_scope(get_engine()) as session:
            yield session
    except WorkbenchError as exc:
        raise fail(str(exc)) from None


def _echo_json(data) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def import_demo_if_empty(actor: str = "demo") -> int | None:
    """Import the shipped demo article when the database has no article; returns its id."""
    from workbench.ingest import from_file

    with session_scope(get_engine()) as session:
        if articles.list_articles(session, limit=1):
            return None
        doc = from_file(DEMO_ARTICLE.name, DEMO_ARTICLE.read_bytes())
        return articles.import_document(session, doc=doc, actor=actor).id


@app.command()
def migrate() -> None:
    """Upgrade the database to the newest schema (the app and the CLI also do it on start).

    \b
    Example:
        WORKBENCH_DATABASE_URL=postgresql+psycopg://desk@db/workbench workbench migrate
    """
    get_engine()
    typer.echo(f"Database is up to date: {_safe_url(database_url())}")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url
    return make_url(url).render_as_string(hide_password=True)


@app.command()
def serve(port: Annotated[int, typer.Option(help="Port to listen on.")] = 8501,
          address: Annotated[str, typer.Option(help="Address to bind.")] = "localhost",
          demo: Annotated[bool, typer.Option("--demo/--no-demo",
                                             help="Import the demo article if the database is empty.")] = True) -> None:
    """Start the browser app (Streamlit) on http://localhost:8501.

    \b
    Example:
        workbench serve --port 8502 --no-demo
    """
    get_engine()
    if demo and (new_id := import_demo_if_empty()):
        typer.echo(f"Imported the demo article as #{new_id}.")
    typer.echo(f"Claim Workbench on http://{address}:{port}")
    sys.stdout.flush()
    # Become the server (no child process), so stopping `workbench serve` stops Streamlit too.
    cmd = streamlit_command(port, address)
    os.execv(cmd[0], cmd)


def streamlit_command(port: int, address: str = "localhost") -> list[str]:
    """The `streamlit run` command line of the app; `serve` and the browser tests both use it.

    Magic is off (the pages never rely on it, and it re-walks every page's syntax tree when a
    script is compiled), the toolbar is minimal (no "Deploy"), usage statistics are not gathered
    (nor timed per command), and no file watcher runs."""
    return [sys.executable, "-m", "streamlit", "run", str(APP_SCRIPT),
            "--server.port", str(port), "--server.address", address, "--server.headless", "true",
            "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
            "--runner.magicEnabled", "false", "--client.toolbarMode", "minimal"]


@app.command("import")
def import_(source: Annotated[str, typer.Argument(help="A file (.txt .md .html .docx), a http(s) URL, or - for stdin.")],
            actor: Actor,
            title: Annotated[Optional[str], typer.Option(help="Title (default: from the document).")] = None) -> None:
    """Import an article from a file, a URL or standard input.

    \b
    Example:
        workbench import article.html --actor rita
        workbench import https://example.org/story --actor rita
        pbpaste | workbench import - --title "Ketamine therapy" --actor rita
    """
    from workbench import ingest

    with _unit_of_work() as session:
        try:
            if source == "-":
                doc = ingest.from_text(sys.stdin.read(), title=title)
            elif source.startswith(("http://", "https://")):
                doc = ingest.from_url(source)
            else:
                path = Path(source)
                if not path.is_file():
                    raise fail(f"No file at {source}.")
                doc = ingest.from_file(path.name, path.read_bytes())
        except WorkbenchError as exc:
            raise fail(str(exc)) from None
        if title:
            doc = type(doc)(**{**doc.__dict__, "title": title})
        article = articles.import_document(session, doc=doc, actor=actor)
        n = len(article.body)
        typer.echo(f"Imported article #{article.id} \u201c{article.title}\u201d ({n:,} characters).")


@app.command("list")
def list_(search: Annotated[Optional[str], typer.Option(help="Only articles whose title or text contains this.")] = None,
          as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List articles with their claim counts by status.

    \b
    Example:
        workbench list --search ketamine
    """
    with _unit_of_work() as session:
        rows = articles.list_articles(session, search=search)
    if as_json:
        _echo_json([{"id": r.id, "title": r.title, "source_url": r.source_url, "claims": r.counts}
                    for r in rows])
        return
    if not rows:
        typer.echo("No articles yet. Import one with: workbench import FILE --actor NAME")
    for r in rows:
        counts = ", ".join(f"{n} {s}" for s, n in sorted(r.counts.items())) or "no claims"
        typer.echo(f"#{r.id}\t{r.title}\t({counts})")


@app.command()
def show(article_id: Annotated[int, typer.Argument(help="The article's id (see `workbench list`).")],
         as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Show an article's claims in reading order.

    \b
    Example:
        workbench show 1
    """
    with _unit_of_work() as session:
        article = articles.require_article(session, article_id)
        rows = claims.list_claims(session, article_id=article_id)
        ncit = claims.citation_counts(session, [c.id for c in rows])
        data = [{"id": c.id, "start": c.start, "end": c.end, "quote": c.quote, "claim": c.text,
                 "claimant": c.claimant, "type": c.claim_type, "status": c.status,
                 "verdict": review.verdict_label(session, c), "citations": ncit.get(c.id, 0),
                 "version": c.version, "orphaned": c.orphaned} for c in rows]
    if as_json:
        _echo_json({"article": {"id": article.id, "title": article.title}, "claims": data})
        return
    typer.echo(f"#{article.id} {article.title}: {len(data)} claims")
    for d in data:
        verdict = f" [{d['verdict']}]" if d["verdict"] else ""
        who = f" ({d['claimant']})" if d["claimant"] else ""
        typer.echo(f"  claim #{d['id']} {d['start']}-{d['end']} {d['status']}{verdict}{who}: {d['claim']}")


def _latest_version(session, claim_id: int, version: Optional[int]) -> int:
    return version if version is not None else claims.require_claim(session, claim_id).version


VersionOpt = Annotated[Optional[int], typer.Option("--version", help="The version you read; refuses if someone saved since (default: latest).")]


@claim_app.command("add")
def claim_add(article_id: Annotated[int, typer.Argument(help="The article's id.")], actor: Actor,
              quote: Annotated[Optional[str], typer.Option(help="Words of the article to anchor the claim to.")] = None,
              start: Annotated[Optional[int], typer.Option(help="Start offset (with --end).")] = None,
              end: Annotated[Optional[int], typer.Option(help="End offset (with --start).")] = None,
              sentence: Annotated[Optional[int], typer.Option(help="Sentence number, from 1.")] = None,
              text: Annotated[Optional[str], typer.Option(help="The claim as you word it (default: the quote).")] = None,
              claimant: Annotated[Optional[str], typer.Option(help="Who made the claim.")] = None,
              claim_type: Annotated[str, typer.Option("--type", help=f"One of: {', '.join(claims.CLAIM_TYPES)}.")] = "other") -> None:
    """Create a claim from a quote, from offsets, or from a sentence number.

    \b
    Example:
        workbench claim add 1 --quote "an estimated 70% of people" --claimant Stewart --type statistic --actor rita
    """
    fields = {"text": text, "claimant": claimant, "claim_type": claim_type}
    with _unit_of_work() as session:
        if quote:
            claim = claims.create_claim_from_quote(session, article_id=article_id, quote=quote, actor=actor, **fields)
        elif start is not None and end is not None:
            claim = claims.create_claim(session, article_id=article_id, start=start, end=end, actor=actor, **fields)
        elif sentence is not None:
            claim = claims.create_claim_from_sentence(session, article_id=article_id,
                                                      sentence_index=sentence - 1, actor=actor, **fields)
        else:
            raise typer.BadParameter("give --quote, or --start and --end, or --sentence.")
        typer.echo(f"Created claim #{claim.id} at {claim.start}-{claim.end}: \u201c{claim.quote}\u201d")


@claim_app.command("edit")
def claim_edit(claim_id: int, actor: Actor, version: VersionOpt = None,
               text: Annotated[Optional[str], typer.Option(help="New wording.")] = None,
               claimant: Annotated[Optional[str], typer.Option(help="Who made the claim.")] = None,
               claim_type: Annotated[Optional[str], typer.Option("--type", help="Claim type.")] = None,
               assignee: Annotated[Optional[str], typer.Option(help="Who checks it.")] = None) -> None:
    """Edit a claim's wording, claimant, type or assignee.

    \b
    Example:
        workbench claim edit 3 --claimant Krystal --type health/medical --actor rita
    """
    fields = {k: v for k, v in {"text": text, "claimant": claimant, "claim_type": claim_type,
                                "assignee": assignee}.items() if v is not None}
    with _unit_of_work() as session:
        claim = claims.update_claim(session, claim_id=claim_id, actor=actor,
                                    expected_version=_latest_version(session, claim_id, version), **fields)
        typer.echo(f"Saved claim #{claim.id} (version {claim.version}).")


@claim_app.command("delete")
def claim_delete(claim_id: int, actor: Actor, version: VersionOpt = None) -> None:
    """Delete a claim and its citations (kept in the history).

    \b
    Example:
        workbench claim delete 3 --actor rita
    """
    with _unit_of_work() as session:
        claims.delete_claim(session, claim_id=claim_id, actor=actor,
                            expected_version=_latest_version(session, claim_id, version))
    typer.echo(f"Deleted claim #{claim_id}.")


@claim_app.command("split")
def claim_split(claim_id: int, actor: Actor, at: Annotated[Optional[int], typer.Option(help="Body offset to split at; without it, split into sentences.")] = None,
                version: VersionOpt = None) -> None:
    """Split a claim in two at an offset, or into its sentences.

    \b
    Example:
        workbench claim split 3 --at 180 --actor rita
    """
    with _unit_of_work() as session:
        v = _latest_version(session, claim_id, version)
        if at is None:
            parts = claims.split_claim_into_sentences(session, claim_id=claim_id, expected_version=v, actor=actor)
        else:
            parts = claims.split_claim(session, claim_id=claim_id, at=at, expected_version=v, actor=actor)
        typer.echo("Now claims " + ", ".join(f"#{c.id}" for c in parts) + ".")


@claim_app.command("merge")
def claim_merge(first_id: int, second_id: int, actor: Actor) -> None:
    """Merge a claim with the next one in reading order.

    \b
    Example:
        workbench claim merge 3 4 --actor rita
    """
    with _unit_of_work() as session:
        merged = claims.merge_claims(session, first_id=first_id, second_id=second_id, actor=actor,
                                     first_version=_latest_version(session, first_id, None),
                                     second_version=_latest_version(session, second_id, None))
        typer.echo(f"Merged into claim #{merged.id}: \u201c{merged.quote}\u201d")


@claim_app.command("cite")
def claim_cite(claim_id: int, actor: Actor,
               url: Annotated[str, typer.Option(help="http(s) address of the evidence.")],
               stance: Annotated[str, typer.Option(help="supports, refutes or context.")] = "supports",
               title: Annotated[Optional[str], typer.Option(help="Title of the source.")] = None,
               publisher: Annotated[Optional[str], typer.Option(help="Publisher.")] = None,
               published: Annotated[Optional[str], typer.Option(help="Publication date, YYYY-MM-DD.")] = None,
               passage: Annotated[Optional[str], typer.Option(help="The quoted passage.")] = None,
               source_type: Annotated[str, typer.Option(help=f"One of: {', '.join(citations.SOURCE_TYPES)}.")] = "other",
               note: Annotated[Optional[str], typer.Option(help="A note for the desk.")] = None) -> None:
    """Attach a citation (evidence) to a claim.

    \b
    Example:
        workbench claim cite 3 --url https://doi.org/10.1000/x --stance supports --source-type "peer-reviewed study" --actor rita
    """
    with _unit_of_work() as session:
        c = citations.add_citation(session, claim_id=claim_id, actor=actor, url=url, stance=stance,
                                   title=title, publisher=publisher, published=published,
                                   quoted_passage=passage, source_type=source_type, note=note)
        typer.echo(f"Added citation #{c.id} to claim #{claim_id}.")


@claim_app.command("uncite")
def claim_uncite(citation_id: int, actor: Actor) -> None:
    """Remove a citation.

    \b
    Example:
        workbench claim uncite 7 --actor rita
    """
    with _unit_of_work() as session:
        citations.remove_citation(session, citation_id=citation_id, actor=actor)
    typer.echo(f"Removed citation #{citation_id}.")


@claim_app.command("verdict")
def claim_verdict(claim_id: int, actor: Actor,
                  rating: Annotated[str, typer.Option(help="A label of the rating scale (see `workbench ratings`).")],
                  rationale: Annotated[str, typer.Option(help="Why: the reasoning readers will see.")],
                  version: VersionOpt = None) -> None:
    """Give a claim a verdict with a rationale.

    \b
    Example:
        workbench claim verdict 3 --rating "Mostly true" --rationale "The 2023 cohort study found 28%." --actor rita
    """
    with _unit_of_work() as session:
        c = review.set_verdict(session, claim_id=claim_id, rating=rating, rationale=rationale, actor=actor,
                               expected_version=_latest_version(session, claim_id, version))
        typer.echo(f"Claim #{c.id}: {rating} (status {c.status}).")


def _move(action: str):
    def command(claim_id: int, actor: Actor, version: VersionOpt = None) -> None:
        with _unit_of_work() as session:
            c = review.transition(session, claim_id=claim_id, action=action, actor=actor,
                                  expected_version=_latest_version(session, claim_id, version))
            typer.echo(f"Claim #{c.id} is now {c.status}.")
    return command


for _action, _help in [("submit", "Send a draft or reopened claim for review."),
                       ("check", "Mark a claim checked (needs a verdict, a rationale and a citation)."),
                       ("approve", "Approve a checked claim (not by the person who gave the verdict)."),
                       ("reopen", "Reopen a checked or approved claim.")]:
    _cmd = _move(_action)
    _cmd.__doc__ = f"{_help}\n\n    Example:\n        workbench claim {_action} 3 --actor sam\n    "
    claim_app.command(_action)(_cmd)


@claim_app.command("history")
def claim_history(claim_id: int) -> None:
    """Show who changed what on a claim, oldest first.

    \b
    Example:
        workbench claim history 3
    """
    with _unit_of_work() as session:
        claims.require_claim(session, claim_id)
        for e in audit.claim_history(session, claim_id):
            fields = ", ".join(e.changes)
            typer.echo(f"{e.at:%Y-%m-%d %H:%M} {e.actor}: {e.action} {e.entity} #{e.entity_id} ({fields})")


@app.command()
def ratings() -> None:
    """List the rating scale with its ClaimReview values.

    \b
    Example:
        workbench ratings
    """
    with _unit_of_work() as session:
        for r in review.rating_scale(session):
            value = r.rating_value if r.rating_value is not None else "-"
            typer.echo(f"{r.label}\t{value}\t{r.alternate_name}")


@app.command()
def export(kind: Annotated[str, typer.Argument(help="csv, claimreview or json.")],
           output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: standard output).")] = None,
           all_claims: Annotated[bool, typer.Option("--all", help="CSV: every claim, not only checked ones.")] = False,
           article: Annotated[Optional[int], typer.Option(help="Only this article.")] = None,
           desk: Annotated[Optional[str], typer.Option(envvar="WORKBENCH_DESK_NAME", help="ClaimReview author (your desk).")] = None) -> None:
    """Export claims as CSV, ClaimReview JSON-LD, or a JSON backup of whole articles.

    \b
    Example:
        workbench export csv -o checked.csv
        workbench export claimreview --desk "Health Desk" -o claimreview.json
        workbench export json -o backup.json
    """
    from workbench import backup as bk
    from workbench import export as ex

    with _unit_of_work() as session:
        if kind == "csv":
            data = ex.export_claims_csv(session, include_all=all_claims, article_id=article)
        elif kind == "claimreview":
            data = ex.export_claimreview(session, desk_name=desk or ex.default_desk_name(),
                                         article_id=article).encode("utf-8")
        elif kind == "json":
            ids = [article] if article else None
            data = json.dumps(bk.export_backup(session, article_ids=ids), ensure_ascii=False,
                              indent=1).encode("utf-8")
        else:
            raise typer.BadParameter("use csv, claimreview or json", param_hint="KIND")
    if output:
        output.write_bytes(data)
        typer.echo(f"Wrote {len(data):,} bytes to {output}.", err=True)
    else:
        sys.stdout.buffer.write(data)


@app.command()
def restore(path: Annotated[Path, typer.Argument(help="A JSON backup written by `workbench export json`.")],
            actor: Actor) -> None:
    """Import a JSON backup (articles, claims, citations, history) into this database.

    \b
    Example:
        workbench restore backup.json --actor rita
    """
    from workbench import backup as bk

    if not path.is_file():
        raise fail(f"No file at {path}.")
    with _unit_of_work() as session:
        report = bk.import_backup(session, bk.load_backup(path.read_bytes()), actor=actor)
    typer.echo(report.summary())


@app.command()
def backup(dest: Annotated[Path, typer.Argument(help="Where to write the copy (.db).")]) -> None:
    """Write a consistent copy of the SQLite database, safe while the app is running.

    \b
    Example:
        workbench backup ~/backups/workbench-$(date +%F).db
    """
    url = database_url()
    if not url.startswith("sqlite:///"):
        raise fail("backup copies the SQLite database; for PostgreSQL use pg_dump.")
    src_path = url.removeprefix("sqlite:///")
    get_engine()
    if dest.exists():
        raise fail(f"{dest} exists already; choose a new file name.")
    src = sqlite3.connect(src_path)
    out = sqlite3.connect(dest)
    try:
        with out:
            src.backup(out)
    finally:
        out.close()
        src.close()
    typer.echo(f"Copied {src_path} to {dest} ({dest.stat().st_size:,} bytes).")


cli_suggest.register(app)
cli_matching.register(app)

if __name__ == "__main__":
    app()
