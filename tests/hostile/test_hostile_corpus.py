"""Every hostile input is refused with a message naming the field and the limit, or accepted and
stored and printed inertly; never a crash; the same answer on both backends."""
from __future__ import annotations

import pytest

from corpus import APPLIES, CASES, SURFACES, case_id

_answers: dict[tuple[str, str], dict[str, str]] = {}
# Every case against the services and the CLI; those that name a stored field also arrive in a
# JSON backup (restore).
RUNS = [(surface, index) for surface in sorted(SURFACES) for index, case in enumerate(CASES)
        if APPLIES[surface](case)]


@pytest.mark.parametrize("surface, index", RUNS, ids=[f"{s}-{case_id(CASES[i])}" for s, i in RUNS])
def test_a_hostile_input_is_refused_or_stored_inertly(db_url, surface, index, request):
    outcome, detail = SURFACES[surface](CASES[index], db_url, index)
    assert outcome in ("refused", "accepted safely"), detail
    backend = "sqlite" if db_url.startswith("sqlite") else "postgresql"
    seen = _answers.setdefault((surface, str(index)), {})
    seen[backend] = outcome
    assert len(set(seen.values())) == 1, f"the backends disagree: {seen}"
