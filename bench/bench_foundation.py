"""Benchmark the foundation at newsroom size: bulk load, CSV export against the sqlite3 CLI, and
listing the claims of a 1,000-claim article. Prints figures only (no pass/fail).

Each step prints its wall time, the peak of Python allocations (tracemalloc, measured in a second,
traced run so tracing does not slow the timed one; for the build only with --trace-build) and the
process's peak resident set size so far (ru_maxrss, which never goes down). The database is kept under bench/out/ for the UI benchmark.

Example:
  .venv/bin/python bench/bench_foundation.py                 # 10,000 articles, 100,000 claims, 200,000 citations
  .venv/bin/python bench/bench_foundation.py --small         # a quick run
  .venv/bin/python bench/bench_foundation.py --reuse         # skip the build when the database exists
"""
from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, select
from tqdm import tqdm

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from db.engine import make_engine, migrate  # noqa: E402
from db.tables import Article, Claim, SourceType, Stance  # noqa: E402
from workbench.transfer.bulk import BulkArticle, BulkCitation, BulkClaim, bulk_load  # noqa: E402
from workbench.claims import CLAIM_TYPES, list_claims  # noqa: E402
from workbench.transfer.csv_export import export_claims_csv  # noqa: E402

OUT = ROOT / "bench" / "out"
BIG_ARTICLE_CLAIMS = 1_000
LIST_RUNS = 50
EXPORT_RUNS = 3
# The same columns, joins and order as csv_export.claims_frame, citations aggregated with group_concat.
SQLITE_EXPORT_SQL = """
SELECT a.title AS article_title, a.source_url AS article_url, c.id AS claim_id, c.text AS claim,
       c.quote, c.start, c."end", c.claimant, c.claim_type, c.status, r.label AS verdict,
       r.rating_value, c.rationale, coalesce(ci.n, 0) AS citation_count, ci.urls AS citation_urls,
       c.verdict_by AS reviewer, c.verdict_at AS reviewed_at, c.approved_by AS approver, c.approved_at
FROM claim c
JOIN article a ON a.id = c.article_id
LEFT JOIN rating r ON r.id = c.rating_id
LEFT JOIN (SELECT claim_id, count(*) AS n, group_concat(url, ' ') AS urls
           FROM (SELECT claim_id, url FROM citation ORDER BY claim_id, id) GROUP BY claim_id) ci
       ON ci.claim_id = c.id
ORDER BY c.article_id, c.start, c."end", c.id;
"""

# --- synthetic newsroom --------------------------------------------------------------------------

PLACES = ["Leeds", "Lyon", "Ohio", "Bavaria", "Lagos", "Quebec", "Kerala", "Tasmania", "Andalusia", "Osaka"]
PEOPLE = ["the health minister", "the mayor", "a union spokesperson", "the central bank governor",
          "an opposition MP", "the chief executive", "a hospital director", "the police commissioner"]
SUBJECTS = ["hospital admissions", "rents", "bus fares", "school places", "knife crime", "wait times",
            "energy bills", "child poverty", "wind capacity", "GP appointments", "house prices"]
TEMPLATES = [
    "{Subject} in {place} rose by {n}% in {year}, {person} said on {day}.",
    "According to {person}, {subject} fell to {m:,} last year, the lowest level since {year}.",
    "\u201c{Subject} have doubled under this government,\u201d {person} told reporters in {place}.",
    "Official figures show {subject} in {place} are {n}% higher than the national average.",
    "{person_cap} claimed that cutting {subject} by {n}% would save {m:,} pounds a year.",
    "The report, published in {year}, found no link between {subject} and {other} in {place}.",
    "Residents of {place} said {subject} had not changed since {year}, despite promises.",
    "{person_cap} predicted that {subject} would fall by {n}% before {year2}.",
    "Compared with {place2}, {place} has {n} times as many {other} per head, the study said.",
    "Critics noted that {subject} data for {place} was revised twice in {year}.",
]
STATUS_MIX = [("draft", 40), ("in review", 20), ("checked", 20), ("approved", 15), ("reopened", 5)]
VERDICTS = ["True", "Mostly true", "Half true", "Mostly false", "False", "Misleading", "Unproven"]
REVIEWERS = ["Ana", "Ben", "Cleo", "Dev", "Eli"]
STANCES = [s.value for s in Stance]
SOURCE_TYPES = [s.value for s in SourceType]


def sentence(rng: random.Random) -> str:
    """One plausible newsroom sentence with a number, a place and a speaker."""
    subject, person = rng.choice(SUBJECTS), rng.choice(PEOPLE)
    return rng.choice(TEMPLATES).format(
        subject=subject, Subject=subject[0].upper() + subject[1:], person=person,
        person_cap=person[0].upper() + person[1:], place=rng.choice(PLACES), place2=rng.choice(PLACES),
        other=rng.choice(SUBJECTS), n=rng.randint(2, 90), m=rng.randint(1_000, 900_000),
        year=rng.randint(1995, 2023), year2=rng.randint(2026, 2035),
        day=rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]))


def article_body(rng: random.Random, number: int, sentences: int) -> tuple[str, list[tuple[int, int]]]:
    """A body of paragraphs of 3-6 sentences, and the [start, end) of each sentence."""
    parts = [f"Report {number}: what the figures say", "\n\n"]
    pos, spans = sum(len(p) for p in parts), []
    done = 0
    while done < sentences:
        for k in range(min(rng.randint(3, 6), sentences - done)):
            text = sentence(rng)
            if k:
                parts.append(" ")
                pos += 1
            spans.append((pos, pos + len(text)))
            parts.append(text)
            pos += len(text)
            done += 1
        parts.append("\n\n")
        pos += 2
    return "".join(parts).rstrip("\n"), spans


def claim_for(rng: random.Random, span: tuple[int, int], body: str, citations: int) -> BulkClaim:
    """A claim on one sentence, in a realistic review state, with its citations."""
    status = rng.choices([s for s, _ in STATUS_MIX], [w for _, w in STATUS_MIX])[0]
    if citations == 0:
        status = "draft"
    reviewed = status != "draft" and (status != "in review" or rng.random() < 0.7)
    verdict_by, approver = rng.sample(REVIEWERS, 2)
    when = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 600_000))
    return BulkClaim(
        start=span[0], end=span[1], claimant=rng.choice(PEOPLE).title(), claim_type=rng.choice(CLAIM_TYPES),
        status=status, verdict=rng.choice(VERDICTS) if reviewed else None,
        rationale=f"Checked against {rng.choice(SUBJECTS)} data; {body[span[0]:span[0] + 40]}..." if reviewed else None,
        verdict_by=verdict_by if reviewed else None, verdict_at=when if reviewed else None,
        approved_by=approver if status == "approved" else None,
        approved_at=when + timedelta(hours=3) if status == "approved" else None,
        citations=[citation_for(rng, n) for n in range(citations)])


def citation_for(rng: random.Random, n: int) -> BulkCitation:
    """A citation to an official or press source."""
    site = rng.choice(["ons.gov.uk", "who.int", "bbc.co.uk", "nature.com", "insee.fr", "census.gov"])
    return BulkCitation(url=f"https://{site}/doc/{rng.randint(1, 10**9)}-{n}", title=f"{rng.choice(SUBJECTS).title()} bulletin",
                        stance=rng.choice(STANCES), source_type=rng.choice(SOURCE_TYPES),
                        quoted_passage="The figure was revised in the latest release.",
                        published=date(2020, 1, 1) + timedelta(days=rng.randint(0, 1500)))


def claims_per_article(articles: int, per_article: int) -> Iterator[int]:
    """The claim count of each article: the first has 1,000, the rest share the remaining total."""
    remaining = max(0, articles * per_article - BIG_ARTICLE_CLAIMS)
    others = max(1, articles - 1)
    base, extra = divmod(remaining, others)
    yield BIG_ARTICLE_CLAIMS
    for i in range(articles - 1):
        yield base + (1 if i < extra else 0)


def newsroom(articles: int, per_article: int, citations: int, seed: int = 7) -> Iterator[BulkArticle]:
    """Synthetic articles (2-4 KB, a 1,000-claim one first) with claims on real sentences."""
    rng = random.Random(seed)
    for number, n_claims in enumerate(claims_per_article(articles, per_article), start=1):
        body, spans = article_body(rng, number, max(n_claims, rng.randint(20, 32)))
        chosen = sorted(rng.sample(spans, n_claims))
        yield BulkArticle(body=body, title=f"Report {number}", source_url=f"https://news.example/{number}",
                          publisher=rng.choice(["Daily Ledger", "The Courier", "Metro Wire"]),
                          published=date(2024, 1, 1) + timedelta(days=number % 365),
                          claims=[claim_for(rng, span, body, citations) for span in chosen])


# --- measuring -----------------------------------------------------------------------------------

def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def traced_peak(fn: Callable[[], Any]) -> int:
    """Peak bytes of Python allocations while fn runs (tracemalloc)."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def memory_line(peak: int | None) -> str:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    traced = f"tracemalloc peak {peak / 2**20:,.1f} MiB (Python allocations); " if peak is not None else ""
    return f"    memory: {traced}ru_maxrss {rss:,.0f} MiB (process peak RSS so far)"


# --- steps ---------------------------------------------------------------------------------------

def build(url: str, args: argparse.Namespace) -> None:
    """Step a: a fresh database filled through bulk_load, in one transaction."""
    engine = make_engine(url)
    migrate(engine)
    total = args.articles
    with Session(engine) as session, tqdm(total=total, unit="article", file=sys.stderr) as bar:
        report = bulk_load(session, articles=newsroom(total, args.claims_per_article, args.citations_per_claim),
                           actor="bench", batch_size=args.batch_size, progress=bar.update)
        session.commit()
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    print(f"    loaded {report.articles:,} articles, {report.claims:,} claims, {report.citations:,} citations"
          f" ({len(report.skipped)} skipped)")


def step_build(db: Path, url: str, args: argparse.Namespace) -> None:
    if args.reuse and db.exists():
        print(f"a. build: reusing {db}")
        return
    for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        path.unlink(missing_ok=True)
    if args.trace_build:
        start = time.perf_counter()
        peak = traced_peak(lambda: build(url, args))
        print(f"a. build through bulk_load: {time.perf_counter() - start:,.1f} s (under tracemalloc: slower)")
        print(memory_line(peak))
        return
    _, seconds = timed(lambda: build(url, args))
    print(f"a. build through bulk_load: {seconds:,.1f} s (untraced; --trace-build for its tracemalloc peak)")
    print(memory_line(None))


def step_export(db: Path, engine) -> None:
    """Step b: export_claims_csv against the sqlite3 CLI running the equivalent query."""
    def export() -> bytes:
        with Session(engine) as session:
            return export_claims_csv(session, include_all=True)
    cli_csv = OUT / "claims-sqlite3.csv"
    cli = shutil.which("sqlite3")

    def sqlite_cli() -> None:
        with cli_csv.open("wb") as out:
            subprocess.run([cli, "-csv", "-header", str(db), SQLITE_EXPORT_SQL], stdout=out, check=True)

    # Alternate the two, EXPORT_RUNS times each, and compare medians: whichever ran first would
    # otherwise pay for reading the database file into the OS cache.
    python_times, cli_times = [], []
    for _ in range(EXPORT_RUNS):
        data, seconds = timed(export)
        python_times.append(seconds)
        cli_times.append(timed(sqlite_cli)[1])
    python_s, cli_s = statistics.median(python_times), statistics.median(cli_times)
    (OUT / "claims-export.csv").write_bytes(data)
    rows = data.count(b"\n") - 1
    print(f"b. CSV export of {rows:,} claims, median of {EXPORT_RUNS} alternating runs: export_claims_csv {python_s:,.2f} s ({len(data) / 2**20:,.1f} MiB); "
          f"sqlite3 CLI {cli_s:,.2f} s ({cli_csv.stat().st_size / 2**20:,.1f} MiB); "
          f"ratio {python_s / cli_s:,.2f}x (target <= 2x)")
    print(memory_line(traced_peak(export)))


def step_list(engine) -> None:
    """Step d: list_claims of the 1,000-claim article, one Session per call as the UI does."""
    with Session(engine) as session:
        article_id = session.exec(select(Claim.article_id).group_by(Claim.article_id)
                                  .order_by(Claim.article_id).limit(1)).one()
        title = session.get(Article, article_id).title

    def once() -> int:
        with Session(engine) as session:
            return len(list_claims(session, article_id=article_id))
    n = once()
    times = sorted(timed(once)[1] * 1000 for _ in range(LIST_RUNS))
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    print(f"d. list_claims of article #{article_id} \u201c{title}\u201d ({n:,} claims), {LIST_RUNS} runs after a "
          f"warm-up: median {statistics.median(times):,.1f} ms, p95 {p95:,.1f} ms (target: median < 20 ms)")
    print(memory_line(traced_peak(once)))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--claims-per-article", type=int, default=10)
    parser.add_argument("--citations-per-claim", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--db", type=Path, default=OUT / "foundation.db")
    parser.add_argument("--small", action="store_true", help="500 articles, for a quick run")
    parser.add_argument("--trace-build", action="store_true",
                        help="run the build under tracemalloc to print its peak (the time is then inflated)")
    parser.add_argument("--reuse", action="store_true", help="keep an existing database instead of rebuilding")
    args = parser.parse_args(argv)
    if args.small:
        args.articles = 500
        if args.db == OUT / "foundation.db":
            args.db = OUT / "foundation-small.db"
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    db = args.db.resolve()
    url = f"sqlite:///{db}"
    print(f"database: {db}")
    step_build(db, url, args)
    engine = make_engine(url)
    step_export(db, engine)
    step_list(engine)
    engine.dispose()
    print(f"kept for the UI benchmark: {db}")


if __name__ == "__main__":
    main()
