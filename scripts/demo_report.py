"""Write the demo article's fact-check report (HTML) from a throwaway database, for docs/report.png.

Run: PYTHONPATH=. .venv/bin/python scripts/demo_report.py OUT.html  (archiving is switched off: no
network is needed; the report then shows no archive status)."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ["WORKBENCH_ARCHIVE_SOURCES"] = "0"
os.environ.setdefault("WORKBENCH_DESK_NAME", "Riverside Health Desk")
os.environ.setdefault("WORKBENCH_DESK_URL", "https://desk.example")
os.environ.setdefault("WORKBENCH_FACTCHECK_URL", "https://desk.example/fact-checks/{article_id}#claim-{claim_id}")

from db.engine import make_engine, migrate, session_scope  # noqa: E402
from workbench import articles, citations, claims, ingest, review  # noqa: E402
from workbench.transfer import claimreview, report  # noqa: E402

DEMO = Path(__file__).resolve().parents[1] / "workbench" / "data" / "ketamine-therapy.txt"
CLAIMS = [
    ("For about 30% of people that finish the whole collection, that's it.", "Stewart", "Person",
     "Mostly false", "The clinic's own follow-up covers 41 patients over six months; longer studies find "
     "most patients relapse within a year.",
     [("https://pubmed.example/ketamine-relapse", "Relapse after serial ketamine infusions", "Journal of "
       "Affective Disorders", "refutes", "Median time to relapse was 18 days after the last infusion.")]),
    ("an estimated 70% of people who try medically supervised ketamine", None, None, "Half true",
     "Response rates of 50-70% are reported in trials, but only in the short term and for selected patients.",
     [("https://nih.example/esketamine-review", "Esketamine for treatment-resistant depression",
       "National Institutes of Health", "context", "Response rates ranged from 49% to 70% at 24 hours.")]),
    ("It also may not be secure for people who have schizophrenia.", None, None, "True",
     "Psychosis is a listed contraindication in the prescribing information.",
     [("https://fda.example/spravato-label", "Prescribing information", "US Food and Drug Administration",
       "supports", "Patients with a history of psychosis were excluded.")]),
]


def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/demo.db")
        migrate(engine)
        with session_scope(engine) as s:
            article = articles.import_document(s, doc=ingest.from_file(DEMO.name, DEMO.read_bytes()), actor="Ana")
            articles.update_article(s, article_id=article.id, expected_version=article.version, actor="Ana",
                                    publisher="Wellness Weekly", source_url="https://wellness.example/ketamine")
            for quote, who, kind, rating, why, sources in CLAIMS:
                c = claims.create_claim_from_quote(s, article_id=article.id, quote=quote, actor="Ana",
                                                   claimant=who, claimant_kind=kind, claim_type="health/medical")
                for url, title, publisher, stance, passage in sources:
                    citations.add_citation(s, claim_id=c.id, actor="Ana", url=url, title=title,
                                           publisher=publisher, stance=stance, quoted_passage=passage)
                c = review.set_verdict(s, claim_id=c.id, rating=rating, rationale=why,
                                       expected_version=c.version, actor="Ana Lima")
                c = review.mark_checked(s, claim_id=c.id, expected_version=c.version, actor="Ana Lima")
                c = review.approve(s, claim_id=c.id, expected_version=c.version, actor="Ben Okafor")
            # A correction: the last claim was reopened after approval, then checked again.
            c = review.reopen(s, claim_id=c.id, expected_version=c.version, actor="Ben Okafor")
            c = review.set_verdict(s, claim_id=c.id, rating="Mostly true", rationale=CLAIMS[-1][4] + " The "
                                   "label allows use with caution in some patients.", expected_version=c.version,
                                   actor="Ana Lima")
            review.mark_checked(s, claim_id=c.id, expected_version=c.version, actor="Ana Lima")
            out.write_text(report.article_report(s, article_id=article.id, fmt="html"), encoding="utf-8")
            items = claimreview.claimreview_items(s, article_id=article.id)
            print(claimreview.json.dumps(items[0], ensure_ascii=False, indent=2))
        engine.dispose()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
