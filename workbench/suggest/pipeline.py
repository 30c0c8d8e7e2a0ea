"""From an article body to ranked claim suggestions with offsets, type, claimant and reasons."""
from __future__ import annotations

from dataclasses import dataclass, field

from workbench.segment import Sentence, split_sentences
from workbench.suggest.boilerplate import is_boilerplate, is_title, starts_comments, strip_link_text
from workbench.suggest.claimant import resolve_claimants
from workbench.suggest.claimtype import Signals, claim_type, signals
from workbench.suggest.model import load_model
from workbench.suggest.splitting import split_claims

# The model learnt check-worthiness from political debates. In news text some kinds of claim it
# under-rates are still what a reviewer must see; each signal lifts the score toward 1 by this share.
_SIGNAL_LIFT = {"percent": 0.5, "hedged_safety": 0.5, "number": 0.3, "quantity": 0.2, "comparison": 0.2,
                "attributed_health": 0.4}
_LIFT_REASON = {"percent": "percentage", "hedged_safety": "safety caution", "number": "number",
                "quantity": "quantity", "comparison": "comparison",
                "attributed_health": "health claim by a named source"}


@dataclass
class Suggestion:
    """A span of the body worth checking; body[start:end] == quote."""

    start: int
    end: int
    quote: str
    score: float
    type: str
    claimant: str | None
    reasons: list[str] = field(default_factory=list)
    checkworthy: bool = True


def content_sentences(body: str) -> list[Sentence]:
    """The article's sentences without the title line, comment forms and share/subscribe prompts."""
    sentences = split_sentences(body)
    by_paragraph: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_paragraph.setdefault(s.paragraph, []).append(s)
    out = []
    for s in sentences:
        if starts_comments(s.text):
            break
        if not is_boilerplate(s.text) and not is_title(s, by_paragraph[s.paragraph]):
            out.append(s)
    return out


def _lift(score: float, sig: Signals, claimant: str | None) -> tuple[float, list[str]]:
    present = {name: getattr(sig, name, False) for name in _SIGNAL_LIFT}
    present["number"] = sig.number and not sig.percent
    present["attributed_health"] = sig.health and claimant is not None
    lifted, why = score, []
    for name, share in _SIGNAL_LIFT.items():
        if present[name]:
            lifted = lifted + (1.0 - lifted) * share
            why.append(_LIFT_REASON[name])
    return lifted, why


def suggest_claims(body: str, *, all_sentences: bool = False) -> list[Suggestion]:
    """Suggest the claims worth checking in an article, in reading order.

    With all_sentences, return every non-boilerplate sentence (or claim part) with its score and
    `checkworthy` flag instead of only the check-worthy ones.
    """
    model = load_model()
    sentences = content_sentences(body)
    attributions = resolve_claimants(sentences)
    # candidate spans: each sentence, and its parts when it clearly holds two claims
    spans: list[tuple[int, int, int, bool]] = []  # start, end, sentence index, is_part
    for i, s in enumerate(sentences):
        parts = split_claims(s.text)
        if len(parts) > 1:
            spans.extend((s.start + a, s.start + b, i, True) for a, b in parts)
        spans.append((s.start, s.end, i, False))
    texts = [strip_link_text(body[a:b]) for a, b, _, _ in spans]
    raw = model.score(texts)
    scored = []
    for (a, b, i, is_part), text, p in zip(spans, texts, raw):
        sig = signals(text)
        attribution = attributions[i]
        score, lifted_by = _lift(float(p), sig, attribution.claimant)
        reasons = list(sig.reasons)
        if attribution.reason:
            reasons.append(attribution.reason)
        if lifted_by:
            reasons.append(f"model score {p:.2f}, raised for the {', '.join(lifted_by)}")
        else:
            reasons.append(f"model score {p:.2f}")
        if is_part:
            reasons.append("one of two claims in the sentence")
        scored.append((a, b, i, is_part, Suggestion(
            a, b, body[a:b], round(score, 4), claim_type(sig), attribution.claimant, reasons,
            score >= model.threshold)))
    out: list[Suggestion] = []
    for i in range(len(sentences)):
        whole = next(s for a, b, j, part, s in scored if j == i and not part)
        parts = [s for a, b, j, part, s in scored if j == i and part]
        if all_sentences:
            out.extend(parts or [whole])
        elif any(p.checkworthy for p in parts):
            out.extend(p for p in parts if p.checkworthy)
        elif whole.checkworthy:
            out.append(whole)
    return out
