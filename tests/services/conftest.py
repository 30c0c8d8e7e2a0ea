"""Fixtures of the service tests."""
from __future__ import annotations

import pytest

from desk_data import make_article, make_claim


@pytest.fixture
def desk(session):
    """An article with checked, approved and draft claims whose texts tempt a spreadsheet."""
    article = make_article(session)
    made = {
        "chomage": make_claim(session, article, "Le chômage a baissé de 3 %", claimant="Zoë Müller",
                              approve=True, rating="Mostly false"),
        "formula": make_claim(session, article, "=SUM(A1:A9) is what the spreadsheet said about the budget.",
                              rating="Misleading"),
        "minus": make_claim(session, article, '-5% is the change in "real" wages, officials said, again.',
                            urls=("https://a.example/1", "https://b.example/2", "https://c.example/3"),
                            approve=True),
        "at": make_claim(session, article, "@handle posted that the vaccine causes 40 side effects.",
                         rating="Unproven", claim_type="health/medical", approve=True),
        "plus": make_claim(session, article, "+12 new clinics opened in Łódź last year, the mayor claimed.",
                           rating="True", rationale="+1 from the mayor's office\tconfirmed"),
        "draft": make_claim(session, article, "Nothing here is checked yet, says the draft.",
                            rating=None, urls=(), check=False),
    }
    session.commit()
    return article, made
