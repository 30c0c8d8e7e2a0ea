"""Claim type and the textual signals behind it (Full Fact style: quantity, causation, prediction...)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

CLAIM_TYPES = ("statistic", "quote/opinion", "causal", "health/medical", "prediction", "comparison", "other")

_PERCENT = re.compile(r"\d(?:[\d,.]*\d)?\s*(?:%|percent\b|per cent\b)|\b(?:percent|per cent)age\b", re.I)
_NUMBER = re.compile(r"(?<![\w.])(?:\$|£|€)?\d[\d,.]*(?:\s*(?:million|billion|trillion|thousand|bn|m|k))?\b", re.I)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_QUANTITY_WORDS = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten) (?:in|out of) (?:\d+|two|three|four|five|six|"
    r"seven|eight|nine|ten|a hundred)\b|\b(?:half|a third|a quarter|two-thirds|three-quarters|majority|"
    r"minority|doubled?|tripled?|halved|twice|thrice|dozens?|hundreds|thousands|millions|billions)\b", re.I)
_COMPARISON = re.compile(
    r"\b(?:more|less|fewer|greater|higher|lower|better|worse|larger|smaller|bigger|safer|riskier|"
    r"cheaper|faster|slower|stronger|weaker|older|younger|richer|poorer|bigger|longer|shorter)\b[^.;]{0,60}?"
    r"\bthan\b|\bcompared (?:to|with)\b|\bas (?!well\b)\w+ as\b|"
    r"\b(?:the (?:most|least|highest|lowest|largest|biggest|best|worst))\b|\b\w+est\b in (?:the|history)",
    re.I)
_PREDICTION = re.compile(
    r"\b(?:will|shall|going to|is expected to|are expected to|forecasts?|projected|predicts?|"
    r"by (?:19|20)\d\d|next (?:year|decade|month)|in the (?:coming|next) (?:years|decade|months))\b", re.I)
_CAUSAL = re.compile(
    r"\b(?:causes?|caused|causing|leads? to|led to|results? in|resulted in|because of|due to|triggers?|"
    r"triggered|intensif(?:y|ies|ied)|worsens?|worsened|improves?|improved|prevents?|prevented|reduces?|"
    r"reduced|increases?|increased|raises? the risk|linked to|associated with|responsible for|"
    r"helps?|aids?|relie(?:f|ves?)|resolves?)\b", re.I)
_HEALTH = re.compile(
    r"\b(?:ketamine|drugs?|medic(?:ine|ines|ation|ations|al|ally)|dos(?:e|es|age|ages)|depress(?:ion|ed|ive)|"
    r"anxiety|psychosis|psychotic|schizophreni\w*|addict\w*|habit forming|abuse[ds]?|opioids?|patients?|"
    r"treatments?|therap(?:y|ies|ist)|symptoms?|clinical|trials?|vaccines?|virus|disease|cancer|"
    r"diabetes|heart|brain|neurons?|synapses?|receptors?|glutamate|antidepressants?|psychiatr\w*|"
    r"health|mental|infection|mortality|overdose|side effects?|risks?|safe|unsafe|risk-free|hospital)\b",
    re.I)
_HEDGED_SAFETY = re.compile(
    r"\b(?:may|might|could|can)\s+not\s+be\s+(?:safe|secure|risk-free|suitable|appropriate)|"
    r"\bnot (?:be )?(?:safe|secure|risk-free) for\b|\bnot without (?:its |their )?(?:risks|threats|dangers)|"
    r"\b(?:may|might|could) (?:be )?(?:harmful|dangerous|risky)\b|\bshould not (?:be )?(?:used|taken)\b",
    re.I)
_OPINION = re.compile(
    r"\bI (?:think|believe|feel|suspect|guess|hope|fear)\b|\b(?:concerns?|worries|bothers) me\b|"
    r"\bin my (?:view|opinion)\b|\b(?:worrying|concerning|unfortunately|hopefully|clearly|obviously)\b|"
    r"\bit may not matter\b|\bwe (?:should|must|need to)\b", re.I)


@dataclass
class Signals:
    """Textual evidence found in a sentence; `reasons` are ready to show to a reviewer."""

    percent: bool = False
    number: bool = False
    quantity: bool = False
    comparison: bool = False
    prediction: bool = False
    causal: bool = False
    health: bool = False
    hedged_safety: bool = False
    opinion: bool = False
    quoted: bool = False
    reasons: list[str] = field(default_factory=list)


def _numbers(text: str) -> list[str]:
    return [m.group(0) for m in _NUMBER.finditer(text) if not _YEAR.match(m.group(0).strip())]


def signals(text: str) -> Signals:
    """Detect the signals a fact checker looks for in one sentence (link text already removed)."""
    s = Signals()
    s.percent = bool(_PERCENT.search(text))
    s.number = bool(_numbers(text))
    s.quantity = bool(_QUANTITY_WORDS.search(text))
    s.comparison = bool(_COMPARISON.search(text))
    s.prediction = bool(_PREDICTION.search(text))
    s.causal = bool(_CAUSAL.search(text))
    s.health = bool(_HEALTH.search(text))
    s.hedged_safety = bool(_HEDGED_SAFETY.search(text))
    s.opinion = bool(_OPINION.search(text))
    s.quoted = any(c in text for c in "\"\u201c\u201d")
    for flag, reason in ((s.percent, "contains a percentage"),
                         (s.number and not s.percent, "contains a number"),
                         (s.quantity, "states a quantity"),
                         (s.comparison, "makes a comparison"),
                         (s.prediction, "makes a prediction"),
                         (s.causal, "uses causal language"),
                         (s.hedged_safety, "hedged safety caution"),
                         (s.health and not s.hedged_safety, "health or medical topic"),
                         (s.opinion, "expresses an opinion or concern")):
        if flag:
            s.reasons.append(reason)
    return s


def claim_type(sig: Signals) -> str:
    """One type per claim: the most checkable kind of evidence wins."""
    if sig.percent or sig.number or sig.quantity:
        return "statistic"
    if sig.comparison:
        return "comparison"
    if sig.hedged_safety:
        return "health/medical"
    if sig.prediction:
        return "prediction"
    if sig.opinion:
        return "quote/opinion"
    if sig.causal:
        return "causal"
    if sig.health:
        return "health/medical"
    if sig.quoted:
        return "quote/opinion"
    return "other"
