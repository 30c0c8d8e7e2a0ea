"""Every hostile input is refused with a message naming the field and the limit, or accepted and
stored and printed inertly; never a crash; the same answer on both backends."""
from __future__ import annotations

import pytest

from corpus import CASES, SURFACES, case_id

_answers: dict[tuple[str, str], dict[str, str]] = {}


@pytest.mark.parametrize("surface", sorted(SURFACES))
@pytest.mark.parametrize("index", range(len(CASES)), ids=[case_id(c) for c in CASES])
def test_a_hostile_input_is_refused_or_stored_inertly(db_url, surface, index, request):
    outcome, detail = SURFACES[surface](CASES[index], db_url, index)
    assert outcome in ("refused", "accepted safely"), detail
    backend = "sqlite" if db_url.startswith("sqlite") else "postgresql"
    seen = _answers.setdefault((surface, str(index)), {})
    seen[backend] = outcome
    assert len(set(seen.values())) == 1, f"the backends disagree: {seen}"
