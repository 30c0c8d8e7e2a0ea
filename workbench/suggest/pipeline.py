"""From an article body to claim suggestions with offsets, type, claimant, harm and reasons."""
from __future__ import annotations

from dataclasses import dataclass, field

from workbench.segment import Sentence, split_sentences
from workbench.suggest.boilerplate import is_boilerplate, is_title, starts_comments, strip_link_text
from workbench.suggest.claimant import resolve_claimants
from workbench.suggest.claimtype import Signals, claim_type, signals
from workbench.suggest.figures import figure_of_speech
from workbench.suggest.harm import LOW, harm, triage_key
from workbench.suggest.model import load_model
from workbench.suggest.splitting import split_claims

# The model learnt check-worthiness from political debates. In news text some kinds of claim it
# under-rates are still what a reviewer must see; each signal lifts the score toward 1 by this share.
_SIGNAL_LIFT = {"percent": 0.5, "hedged_safety": 0.5, "number": 0.3, "quantity": 0.2, "comparison": 0.2,
                "attributed_health": 0.4}
_HEALTH_ARTICLE = 0.3  # share of health sentences that makes every sentence of an article a health claim
_LIFT_REASON = {"percent": "percentage", "hedged_safety": "safety caution", "number": "number",
                "quantity": "quantity", "comparison": "comparison",
                "attributed_health": "health claim by a named source"}


@dataclass
class Suggestion:
    """A span of the body worth checking; body[start:end] == quote.

    claimant_kind is "Person" or "Organization"; claimant_span the body offsets the claimant was read
    from (another sentence when a pronoun or a quotation carries it). harm is high, medium or low with
    harm_reason (contraindication, dosage, no need to see a doctor, dependency, outcome figures, safety,
    treatment efficacy); sort with `triage_key` for harm first. left_out says why a sentence listed by
    all_sentences is not suggested.
    """

    start: int
    end: int
    quote: str
    score: float
    type: str
    claimant: str | None
    reasons: list[str] = field(default_factory=list)
    checkworthy: bool = True
    claimant_kind: str | None = None
    claimant_span: tuple[int, int] | None = None
    harm: str = LOW
    harm_reason: str | None = None
    harm_tier: int = 0
    left_out: str | None = None


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
    """Suggest the claims worth checking in an article, in reading order (`rank_by_harm` for harm first).

    With all_sentences, return every non-boilerplate sentence (or claim part) with its score, its
    `checkworthy` flag and, when it is not suggested, the reason in `left_out`.
    """
    model = load_model()
    sentences = content_sentences(body)
    # candidate spans: each sentence, and its parts when it clearly holds two claims
    spans: list[tuple[int, int, int, bool]] = []  # start, end, sentence index, is_part
    for i, s in enumerate(sentences):
        parts = split_claims(s.text)
        if len(parts) > 1:
            spans.extend((s.start + a, s.start + b, i, True) for a, b in parts)
        spans.append((s.start, s.end, i, False))
    texts = [strip_link_text(body[a:b]) for a, b, _, _ in spans]
    raw = model.score(texts)
    sigs = [signals(t) for t in texts]
    figures = [figure_of_speech(body[sentences[i].start:sentences[i].end]) or figure_of_speech(t)
               for (_, _, i, _), t in zip(spans, texts)]
    # Parse only the sentences that can be suggested (a named source can lift a health claim).
    wanted = set(range(len(sentences))) if all_sentences else {
        i for (_, _, i, _), p, sig, fig in zip(spans, raw, sigs, figures)
        if not fig and _lift(float(p), sig, "someone")[0] >= model.threshold}
    attributions = resolve_claimants(sentences, wanted)
    whole_health = [sig.health for (_, _, _, part), sig in zip(spans, sigs) if not part]
    health_article = bool(whole_health) and sum(whole_health) / len(whole_health) >= _HEALTH_ARTICLE
    scored = []
    for (a, b, i, is_part), text, p, sig, fig in zip(spans, texts, raw, sigs, figures):
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
        left_out = fig or (None if score >= model.threshold else
                           f"score {score:.2f} is below the threshold {model.threshold:.2f}")
        level, why, tier = harm(text, health=sig.health or health_article)
        scored.append((i, is_part, Suggestion(
            a, b, body[a:b], round(score, 4), claim_type(sig), attribution.claimant, reasons, left_out is None,
            attribution.kind, attribution.span, level, why, tier, left_out)))
    out: list[Suggestion] = []
    for i in range(len(sentences)):
        whole = next(s for j, part, s in scored if j == i and not part)
        parts = [s for j, part, s in scored if j == i and part]
        if all_sentences:
            out.extend(parts or [whole])
        elif any(p.checkworthy for p in parts):
            out.extend(p for p in parts if p.checkworthy)
        elif whole.checkworthy:
            out.append(whole)
    return out


def rank_by_harm(suggestions: list[Suggestion]) -> list[Suggestion]:
    """The suggestions harm first (high, medium, low), then by score: what a health desk checks first."""
    return sorted(suggestions, key=triage_key)
