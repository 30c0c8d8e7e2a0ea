"""A desk's worth of claims for the export and backup tests: texts that tempt a spreadsheet, in
several scripts, checked, approved and draft."""
from __future__ import annotations

import dataclasses
from datetime import date

from sqlmodel import Session

from db.tables import Article, Claim
from workbench import articles, citations, claims, review
from workbench.ingest import from_text

CHECKER, EDITOR = "Ana Checker", "Ben Editor"

BODY = (
    "Le ministre a dit : « Le chômage a baissé de 3 % », selon Zoë.\n"
    "=SUM(A1:A9) is what the spreadsheet said about the budget.\n"
    "-5% is the change in \"real\" wages, officials said, again.\n"
    "@handle posted that the vaccine causes 40 side effects.\n"
    "+12 new clinics opened in Łódź last year, the mayor claimed.\n"
    "Nothing here is checked yet, says the draft.\n"
)
RATIONALE = 'Line one, with "quotes", commas.\nLine two: 日本語 ✓ — done'


def make_article(session: Session, body: str = BODY, *, title: str = "Café, “quotes” and Zürich",
                 url: str | None = "https://news.example.org/2026/jobs", publisher: str | None = "Daily Example",
                 author: str | None = None, published: date | None = date(2026, 3, 1)) -> Article:
    doc = dataclasses.replace(from_text(body, title=title), source_url=url, publisher=publisher,
                              author=author, published=published)
    article = articles.import_document(session, doc=doc, actor=CHECKER)
    session.flush()
    return article


def make_claim(session: Session, article: Article, quote: str, *, rating: str | None = "False",
               urls: tuple[str, ...] = ("https://stats.example.gov/t1",), claimant: str | None = None,
               rationale: str = RATIONALE, check: bool = True, approve: bool = False,
               claim_type: str = "statistic") -> Claim:
    claim = claims.create_claim_from_quote(session, article_id=article.id, quote=quote, actor=CHECKER,
                                           claimant=claimant, claim_type=claim_type)
    for url in urls:
        citations.add_citation(session, claim_id=claim.id, actor=CHECKER, url=url,
                               title="Table 4", stance="refutes", source_type="official guidance")
    if rating is not None:
        claim = review.set_verdict(session, claim_id=claim.id, rating=rating, rationale=rationale,
                                   expected_version=claim.version, actor=CHECKER)
    if check:
        claim = review.mark_checked(session, claim_id=claim.id, expected_version=claim.version,
                                    actor=CHECKER)
    if approve:
        claim = review.approve(session, claim_id=claim.id, expected_version=claim.version, actor=EDITOR)
    session.flush()
    return claim
