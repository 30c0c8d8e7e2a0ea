"""Time find_matches on a large database: median and p95 over ~50 queries (target: median < 50 ms).

Usage:
    .venv/bin/python bench/bench_matching.py                       # builds bench/out/matching-100k.db
    .venv/bin/python bench/bench_matching.py --db bench/out/foundation.db   # reuse a database
    .venv/bin/python bench/bench_matching.py --url postgresql+psycopg://postgres@127.0.0.1:55432/workbench

An empty database is migrated and filled with --claims synthetic claims by Core inserts (the
search index is kept by the database's own triggers / generated column, as in production).
"""
from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select  # noqa: E402
from sqlmodel import Session  # noqa: E402

from db.engine import make_engine, migrate  # noqa: E402
from db.tables import Article, Claim, Rating  # noqa: E402
from workbench.matching import find_matches  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
DEMO = Path(__file__).resolve().parents[1] / "workbench" / "data" / "ketamine-therapy.txt"
COMMON = ("the of a to in and that is for on with as by at from its was were said has have "
          "more than about after over people percent year years new study").split()


def vocabulary(rng: random.Random, size: int = 20_000) -> list[str]:
    """Real words of the demo article first, then pronounceable made-up words."""
    words = list(dict.fromkeys(w.strip(".,;:()\"'\u201c\u201d").lower() for w in DEMO.read_text().split()))
    words = [w for w in words if w.isalpha()]
    syllables = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"]
    while len(words) < size:
        words.append("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return list(dict.fromkeys(words))[:size]


def sentence(rng: random.Random, vocab: list[str], cum_weights: list[float]) -> str:
    n = rng.randint(10, 24)
    parts = rng.choices(vocab, cum_weights=cum_weights, k=n)
    for i in range(n):
        if rng.random() < 0.3:
            parts[i] = rng.choice(COMMON)
    if rng.random() < 0.6:
        parts.insert(rng.randrange(n), rng.choice([f"{rng.randint(1, 99)}%", str(rng.randint(1, 2030)),
                                                   f"{rng.randint(1, 9)}.{rng.randint(0, 9)} million"]))
    return " ".join(parts).capitalize() + "."


def populate(engine, n_claims: int, seed: int = 7) -> None:
    """Fill an empty, migrated database with articles of 10 claims each, 40% of them checked."""
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    weights = list(itertools.accumulate(1 / (rank + 1) ** 1.05 for rank in range(len(vocab))))  # Zipf
    now = datetime.now(timezone.utc)
    with Session(engine) as session:
        rating_ids = list(session.execute(select(Rating.id)).scalars())
        conn = session.connection()
        per_article, batch = 10, 500
        for first in range(0, n_claims // per_article, batch):
            arts, rows = [], []
            for a in range(first, min(first + batch, n_claims // per_article)):
                sents = [sentence(rng, vocab, weights) for _ in range(per_article)]
                arts.append(dict(title=f"Synthetic article {a}", body=" ".join(sents),
                                 body_sha256=f"{a:064x}", import_format="text", revision=1, version=1,
                                 created_by="bench", created_at=now, updated_by="bench", updated_at=now))
                rows.append(sents)
            ids = conn.execute(insert(Article.__table__).returning(Article.__table__.c.id), arts).scalars().all()
            claim_rows = []
            for article_id, sents in zip(ids, rows):
                pos = 0
                for s in sents:
                    done = rng.random() < 0.4
                    claim_rows.append(dict(
                        article_id=article_id, start=pos, end=pos + len(s), quote=s, prefix="", suffix="",
                        orphaned=False, text=s, claim_type="other", origin="manual",
                        status=rng.choice(["checked", "approved"]) if done else "draft",
                        rating_id=rng.choice(rating_ids) if done else None, version=1,
                        created_by="bench", created_at=now, updated_by="bench", updated_at=now))
                    pos += len(s) + 1
            conn.execute(insert(Claim.__table__), claim_rows)
        session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="SQLite file to use (created and filled if empty)")
    parser.add_argument("--url", help="any database URL instead of --db (e.g. PostgreSQL)")
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args()
    url = args.url or f"sqlite:///{args.db or OUT / 'matching-100k.db'}"
    if not args.url:
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    migrate(engine)
    with Session(engine) as session:
        count = session.execute(select(func.count()).select_from(Claim)).scalar_one()
    if count == 0:
        t0 = time.perf_counter()
        populate(engine, args.claims)
        print(f"filled {args.claims:,} claims in {time.perf_counter() - t0:.1f} s")
    with Session(engine) as session:
        count = session.execute(select(func.count()).select_from(Claim)).scalar_one()
        ids = list(session.execute(select(Claim.id).where(Claim.status == "draft")
                                   .order_by(Claim.id)).scalars())
        rng = random.Random(1)
        queries = rng.sample(ids, min(args.queries, len(ids)))
        find_matches(session, claim_id=queries[0])  # warm caches and connection
        times, hits = [], 0
        for claim_id in queries:
            t0 = time.perf_counter()
            found = find_matches(session, claim_id=claim_id)
            times.append((time.perf_counter() - t0) * 1000)
            hits += bool(found)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    print(f"{engine.dialect.name}: {count:,} claims, {len(times)} queries: median {statistics.median(times):.1f} ms, "
          f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms ({hits} queries had matches)")
    engine.dispose()


if __name__ == "__main__":
    main()
