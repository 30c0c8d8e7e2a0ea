"""`workbench import`, `list` and `show`: articles in and out."""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from workbench import articles, claims, review
from workbench.cli import Actor, app, echo_json, fail, say, unit_of_work


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

    with unit_of_work() as session:
        if source == "-":
            data = sys.stdin.buffer.read(ingest.MAX_FILE_BYTES + 1)  # never more than the limit
            ingest.check_size(len(data), "The standard input")
            doc = ingest.from_text(data.decode("utf-8", errors="replace"), title=title)
        elif source.startswith(("http://", "https://")):
            doc = ingest.from_url(source)
        else:
            path = Path(source)
            if not path.is_file():
                raise fail(f"No file at {source}.")
            ingest.check_size(path.stat().st_size, f'The file "{path.name}"')  # before reading it
            doc = ingest.from_file(path.name, path.read_bytes())
        if title:
            doc = dataclasses.replace(doc, title=title)
        article = articles.import_document(session, doc=doc, actor=actor)
        n = len(article.body)
        say(f"Imported article #{article.id} \u201c{article.title}\u201d ({n:,} characters).")


@app.command("list")
def list_(search: Annotated[Optional[str], typer.Option(help="Only articles whose title or text contains this.")] = None,
          as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List articles with their claim counts by status.

    \b
    Example:
        workbench list --search ketamine
    """
    with unit_of_work() as session:
        rows = articles.list_articles(session, search=search)
    if as_json:
        echo_json([{"id": r.id, "title": r.title, "source_url": r.source_url, "claims": r.counts}
                    for r in rows])
        return
    if not rows:
        say("No articles yet. Import one with: workbench import FILE --actor NAME")
    for r in rows:
        counts = ", ".join(f"{n} {s}" for s, n in sorted(r.counts.items())) or "no claims"
        say(f"#{r.id}\t{r.title}\t({counts})")


@app.command()
def show(article_id: Annotated[int, typer.Argument(help="The article's id (see `workbench list`).")],
         as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Show an article's claims in reading order.

    \b
    Example:
        workbench show 1
    """
    with unit_of_work() as session:
        article = articles.require_article(session, article_id)
        rows = claims.list_claims(session, article_id=article_id)
        ncit = claims.citation_counts(session, [c.id for c in rows])
        data = [{"id": c.id, "start": c.start, "end": c.end, "quote": c.quote, "claim": c.text,
                 "claimant": c.claimant, "type": c.claim_type, "status": c.status,
                 "verdict": review.verdict_label(session, c), "citations": ncit.get(c.id, 0),
                 "version": c.version, "orphaned": c.orphaned} for c in rows]
    if as_json:
        echo_json({"article": {"id": article.id, "title": article.title, "version": article.version},
                   "claims": data})
        return
    say(f"#{article.id} {article.title} (version {article.version}): {len(data)} claims")
    for d in data:
        verdict = f" [{d['verdict']}]" if d["verdict"] else ""
        who = f" ({d['claimant']})" if d["claimant"] else ""
        lost = " ORPHANED (quote no longer in the text)" if d["orphaned"] else ""
        say(f"  claim #{d['id']} v{d['version']} {d['start']}-{d['end']} {d['status']}{verdict}{who}{lost}: "
            f"{d['claim']}")
