"""Run the hostile-input corpus (cases.json) against the services and the CLI of one database.

Each run ends in one outcome: refused (a WorkbenchError, or the CLI's one-line error, naming the
field and the limit where the case has one), accepted safely (stored and printed inertly),
accepted unsafely, or crashed (any other exception, a traceback, a driver error)."""
from __future__ import annotations

import io
import json
import os
import re
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path

from sqlmodel import Session, select
from typer.testing import CliRunner

from db.engine import make_engine
from db.tables import Article, AuditEvent, Citation, Claim
from workbench import articles, citations, claims, ingest, matching, review, stats
from workbench.errors import WorkbenchError

CASES = json.loads((Path(__file__).with_name("cases.json")).read_text(encoding="utf-8"))["cases"]
OUTCOMES = ("refused", "accepted safely", "accepted unsafely", "crashed")
# What must never be stored or printed: NUL, escape sequences and other controls (C0 but \n \t, DEL, C1).
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SINGLE_LINE_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
ACTOR = "rita"


def value_of(case: dict) -> str:
    value = case["value"]
    return value["repeat"] * value["times"] if isinstance(value, dict) else value


def case_id(case: dict) -> str:
    shown = json.dumps(value_of(case), ensure_ascii=True)[:30]
    return f"{case['class']}:{case['op']}:{case.get('field', '')}:{shown}"


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"<w:document>" + b"A" * 60_000_000 + b"</w:document>")
    return out.getvalue()


def _file(case: dict, folder: Path) -> Path:
    kind, text = case["field"], value_of(case)
    if kind == "utf16":
        return _write(folder / "utf16.txt", text.encode("utf-16-le"))
    if kind == "binary":
        return _write(folder / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
    return _write(folder / "bomb.docx", _zip_bomb())


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


class Fixture:
    """An article with one claim by ACTOR and one citation, made fresh for each case."""

    def __init__(self, engine, n: int, surface: str):
        with Session(engine, expire_on_commit=False) as s:
            body = f"Case {n} ({surface}): ketamine helps 70% of patients, the clinic said. A second sentence here."
            article = articles.import_document(s, doc=ingest.from_text(body, title=f"Case {n}"), actor=ACTOR)
            claim = claims.create_claim_from_quote(s, article_id=article.id, quote="ketamine helps 70%",
                                                   actor=ACTOR)
            citation = citations.add_citation(s, claim_id=claim.id, url="https://e.org/c", actor=ACTOR)
            s.commit()
        self.article, self.claim, self.citation = article.id, claim.id, citation.id


def service_call(case: dict, fx: Fixture, folder: Path):
    """The service call a case makes, as a function of a session."""
    op, field, v = case["op"], case.get("field"), value_of(case)
    claim_fields = {"type": "claim_type"}
    if op == "show":
        return lambda s: articles.require_article(s, int(v))
    if op == "claim_edit_id":
        return lambda s: claims.update_claim(s, claim_id=int(v), expected_version=1, actor=ACTOR, text="x")
    if op == "matches":
        return lambda s: matching.find_matches(s, claim_id=int(v))
    if op == "export_article":
        def export(s):
            from workbench.transfer import csv_export
            articles.require_article(s, int(v))  # what `workbench export --article` does first
            return csv_export.export_claims_csv(s, article_id=int(v))
        return export
    if op == "uncite":
        return lambda s: citations.remove_citation(s, citation_id=int(v), actor=ACTOR)
    if op == "article_delete":
        return lambda s: articles.delete_article(s, article_id=int(v), expected_version=1, actor=ACTOR)
    if op == "trash_restore":
        return lambda s: articles.restore_article(s, article_id=int(v), actor=ACTOR)
    if op == "claim_version":
        return lambda s: claims.update_claim(s, claim_id=fx.claim, expected_version=int(v), actor=ACTOR, text="x")
    if op == "claim_edit":
        return lambda s: claims.update_claim(s, claim_id=fx.claim, expected_version=1, actor=ACTOR,
                                             **{claim_fields.get(field, field): v})
    if op == "cite":
        values = {"url": "https://e.org/a", {"passage": "quoted_passage"}.get(field, field): v}
        return lambda s: citations.add_citation(s, claim_id=fx.claim, actor=ACTOR, **values)
    if op == "verdict":
        return lambda s: review.set_verdict(s, claim_id=fx.claim, rating="True", rationale=v,
                                            expected_version=1, actor=ACTOR)
    if op == "import":
        body, title = (v, None) if field == "body" else (f"A body for a {field} case {fx.article} (services).", v)
        return lambda s: articles.import_document(s, doc=ingest.from_text(body, title=title), actor=ACTOR)
    if op == "actor":
        return lambda s: claims.update_claim(s, claim_id=fx.claim, expected_version=1, actor=v, text="New wording")
    if op == "search":
        return lambda s: (articles.list_articles(s, search=v), stats.article_progress(s, search=v))
    if op == "claim_add_offsets":
        return lambda s: claims.create_claim(s, article_id=fx.article, start=int(v), end=int(v) + 5, actor=ACTOR)
    if op == "claim_add_sentence":
        return lambda s: claims.create_claim_from_sentence(s, article_id=fx.article, sentence_index=int(v),
                                                           actor=ACTOR)
    if op == "claim_split":
        return lambda s: claims.split_claim(s, claim_id=fx.claim, at=int(v), expected_version=1, actor=ACTOR)
    if op == "import_file":
        path = _file(case, folder)
        return lambda s: articles.import_document(s, doc=ingest.from_file(path.name, path.read_bytes()),
                                                  actor=ACTOR)
    raise ValueError(f"unknown op {op}")


def cli_args(case: dict, fx: Fixture, folder: Path) -> tuple[list[str], str | None]:
    """The command line a case runs, and its standard input."""
    op, field, v = case["op"], case.get("field"), value_of(case)
    me = ["--actor", ACTOR]
    claim, article = str(fx.claim), str(fx.article)
    end = str(int(v) + 5) if op == "claim_add_offsets" else ""
    table = {
        "show": (["show", v], None),
        "claim_edit_id": (["claim", "edit", v, "--text", "x", "--version", "1", *me], None),
        "matches": (["matches", v], None),
        "export_article": (["export", "csv", "--article", v, "-o", "-"], None),
        "uncite": (["claim", "uncite", v, *me], None),
        "article_delete": (["article", "delete", v, "--version", "1", *me], None),
        "trash_restore": (["trash", "restore", v, *me], None),
        "claim_version": (["claim", "edit", claim, "--version", v, "--text", "x", *me], None),
        "claim_edit": (["claim", "edit", claim, "--version", "1", f"--{field}", v, *me], None),
        "cite": (["claim", "cite", claim, *(["--url", "https://e.org/a"] if field != "url" else []),
                  f"--{field}", v, *me], None),
        "verdict": (["claim", "verdict", claim, "--rating", "True", "--rationale", v, "--version", "1", *me], None),
        "actor": (["claim", "edit", claim, "--version", "1", "--text", "New wording", "--actor", v], None),
        "search": (["list", "--search", v], None),
        "claim_add_offsets": (["claim", "add", article, "--start", v, "--end", end, *me], None),
        "claim_add_sentence": (["claim", "add", article, "--sentence", v, *me], None),
        "claim_split": (["claim", "split", claim, "--at", v, "--version", "1", *me], None),
    }
    if op == "import":
        if field == "body":
            return ["import", "-", "--title", f"Case {fx.article} body", *me], v
        return ["import", "-", "--title", v, *me], f"A body for a {field} case {fx.article} (CLI)."
    if op == "import_file":
        return ["import", str(_file(case, folder)), *me], None
    return table[op]


def stored_unsafely(engine) -> str | None:
    """What stored text breaks the rules, if any: a control character, a multi-line single-line
    field, a citation URL that is not http(s)."""
    with Session(engine) as s:
        rows = [*s.exec(select(Article)), *s.exec(select(Claim)), *s.exec(select(Citation)),
                *s.exec(select(AuditEvent))]
        for row in rows:
            for column in row.__table__.columns:
                value = getattr(row, column.name, None)
                if not isinstance(value, str):
                    continue
                multi = column.name in ("body", "quote", "text", "rationale", "quoted_passage", "note",
                                        "prefix", "suffix")
                if (_UNSAFE if multi else _SINGLE_LINE_UNSAFE).search(value):
                    return f"{row.__tablename__}.{column.name} = {value[:40]!r}"
        for citation in s.exec(select(Citation)):
            if not citation.url.lower().startswith(("http://", "https://")):
                return f"citation.url = {citation.url[:40]!r}"
    return None


def _limit_named(case: dict, message: str) -> bool:
    return all(part in message for part in case.get("limit", ()))


def run_service(case: dict, url: str, n: int) -> tuple[str, str]:
    engine = make_engine(url)
    try:
        fx = Fixture(engine, n, "services")
        with tempfile.TemporaryDirectory() as folder:
            call = service_call(case, fx, Path(folder))
            try:
                with Session(engine, expire_on_commit=False) as s:
                    call(s)
                    s.commit()
            except WorkbenchError as refused:
                ok = _limit_named(case, str(refused))
                return ("refused" if ok else "crashed"), str(refused)[:200]
            except Exception as error:  # noqa: BLE001  the corpus counts what it catches
                return "crashed", f"{type(error).__name__}: {str(error)[:200]}"
        if "limit" in case:
            return "accepted unsafely", "accepted a value over its limit"
        bad = stored_unsafely(engine)
        return ("accepted unsafely", bad) if bad else ("accepted safely", "")
    finally:
        engine.dispose()


@contextmanager
def _database(url: str):
    before = os.environ.get("WORKBENCH_DATABASE_URL")
    os.environ["WORKBENCH_DATABASE_URL"] = url
    try:
        yield
    finally:
        from db.engine import dispose_engines
        dispose_engines()
        if before is None:
            os.environ.pop("WORKBENCH_DATABASE_URL", None)
        else:
            os.environ["WORKBENCH_DATABASE_URL"] = before


def run_cli(case: dict, url: str, n: int) -> tuple[str, str]:
    from workbench.cli import app

    engine = make_engine(url)
    runner = CliRunner()
    try:
        fx = Fixture(engine, n, "cli")
        with tempfile.TemporaryDirectory() as folder, _database(url):
            args, stdin = cli_args(case, fx, Path(folder))
            result = runner.invoke(app, args, input=stdin)
            printed = result.output
            for follow_up in (["list"], ["show", str(fx.article)], ["claim", "history", str(fx.claim)]):
                printed += runner.invoke(app, follow_up).output
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            return "crashed", f"{type(result.exception).__name__}: {str(result.exception)[:200]}"
        if "Traceback" in printed:
            return "crashed", "a traceback was printed"
        if _UNSAFE.search(printed):
            return "accepted unsafely", f"printed {_UNSAFE.search(printed).group()!r}"
        if result.exit_code != 0:
            message = " ".join(result.output.split())
            return ("refused" if _limit_named(case, message) else "crashed"), message[:200]
        if "limit" in case:
            return "accepted unsafely", "accepted a value over its limit"
        bad = stored_unsafely(engine)
        return ("accepted unsafely", bad) if bad else ("accepted safely", "")
    finally:
        engine.dispose()


SURFACES = {"services": run_service, "cli": run_cli}


# --- restore: the same values, arriving in a JSON backup ---------------------------------------

_RESTORE_CLAIM = {"claimant": "claimant", "text": "text", "assignee": "assignee", "type": "claim_type"}
_RESTORE_CITATION = {"url": "url", "title": "title", "publisher": "publisher", "passage": "quoted_passage",
                     "published": "published", "note": "note", "author": "author"}


def restores(case: dict) -> bool:
    """Whether a case can arrive in a backup: a stored field, not a lookup or a command."""
    op, field = case["op"], case.get("field")
    return (op == "claim_edit" and field in _RESTORE_CLAIM or op == "cite" and field in _RESTORE_CITATION
            or op in ("verdict", "import", "claim_add_offsets", "claim_version", "actor"))


def _hostile_backup(case: dict, data: dict) -> None:
    """Put the case's value where the case puts it, in a backup of one article."""
    op, field, v = case["op"], case.get("field"), value_of(case)
    [article] = data["articles"]
    claim = article["claims"][0]
    if op == "claim_edit":
        claim[_RESTORE_CLAIM[field]] = v
    elif op == "cite":
        claim["citations"][0][_RESTORE_CITATION[field]] = v
    elif op == "verdict":
        claim["rationale"] = v
    elif op == "import" and field == "title":
        article["title"] = v
    elif op == "import":
        article["body"] = v
        article["body_sha256"] = articles.body_sha256(v)
    elif op == "claim_add_offsets":
        claim["start"] = int(v)
    elif op == "claim_version":
        claim["version"] = int(v)
    elif op == "actor":
        claim["created_by"] = v


def run_restore(case: dict, url: str, n: int) -> tuple[str, str]:
    """Export the fixture's article, purge it, put the hostile value into the backup, restore."""
    from workbench.transfer import backup

    engine = make_engine(url)
    try:
        fx = Fixture(engine, n, "restore")
        with Session(engine, expire_on_commit=False) as s:
            data = backup.export_backup(s, article_ids=[fx.article])
            article = articles.require_article(s, fx.article)
            articles.delete_article(s, article_id=fx.article, expected_version=article.version, actor=ACTOR)
            articles.purge_article(s, article_id=fx.article, actor=ACTOR)
            s.commit()
        _hostile_backup(case, data)
        try:
            with Session(engine, expire_on_commit=False) as s:
                report = backup.import_backup(s, backup.load_backup(json.dumps(data)), actor=ACTOR)
                s.commit()
        except WorkbenchError as refused:
            return "refused", str(refused)[:200]
        except Exception as error:  # noqa: BLE001  the corpus counts what it catches
            return "crashed", f"{type(error).__name__}: {str(error)[:200]}"
        if report.refused:
            reason = report.refused[0].reason
            ok = all(part in reason for part in case.get("limit", ())[-1:])  # the limit's number
            return ("refused" if ok else "crashed"), reason[:200]
        if "limit" in case:
            return "accepted unsafely", "restored a value over its limit"
        bad = stored_unsafely(engine)
        return ("accepted unsafely", bad) if bad else ("accepted safely", "")
    finally:
        engine.dispose()


SURFACES["restore"] = run_restore
APPLIES = {"services": lambda case: True, "cli": lambda case: True, "restore": restores}
