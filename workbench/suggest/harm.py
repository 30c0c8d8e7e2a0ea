"""Harm first: how much a wrong claim could hurt a reader who acts on it (high, medium, low) and why.

A health desk checks first what could hurt someone: who must not take a treatment, doses, advice to skip
the doctor, dependency, and the figures people use to judge outcomes; then other safety and efficacy claims.
"""
from __future__ import annotations

import re

HIGH, MEDIUM, LOW = "high", "medium", "low"
LEVELS = (HIGH, MEDIUM, LOW)

_GROUP = r"(?:people|patients|anyone|those|children|women|adults|men|users)"
# (level, tier within the level, reason, pattern): the first match decides
_RULES: list[tuple[str, int, str, re.Pattern]] = [
    (HIGH, 0, "contraindication", re.compile(
        r"\bcontraindicat\w*|\b(?:not|never)\b[^.;]{0,30}\b(?:safe|secure|risk-free|suitable)\b[^.;]{0,20}\bfor\b|"
        r"\bunsafe for\b|\bshould(?: not|n't) (?:be )?(?:used|taken|given)\b|"
        r"\bpregnan\w*\b[^.;]{0,40}\b(?:avoid|not|risk)", re.I)),
    (HIGH, 0, "no need to see a doctor", re.compile(
        r"\bno need (?:to|for)\b[^.;]{0,20}\b(?:doctor|gp|physician|prescription|medical)|"
        r"\bwithout (?:a |seeing a |consulting a )?(?:doctor|gp|physician|prescription|medical supervision)\b|"
        r"\b(?:stop|quit|come off) (?:taking )?(?:your |their )?(?:medication|medicine|pills|antidepressants|treatment)\b|"
        r"\binstead of (?:your |their )?(?:medication|medicine|treatment|doctor)\b|\bself-medicat\w*", re.I)),
    (HIGH, 0, "dosage", re.compile(
        r"\d[\d.,]*\s?(?:mg|milligrams?|mcg|micrograms?|ml|millilitres?|units|iu)\b|"
        r"\b(?:dose|doses|dosage|dosages)\b[^.;]{0,20}\d|\d[^.;]{0,20}\b(?:doses?|tablets|pills|infusions)\b", re.I)),
    (HIGH, 1, "dependency", re.compile(
        r"\b(?:addict\w*|dependen(?:ce|cy|t)|habit[- ]forming|abuse[ds]?|misuse[ds]?|withdrawal|tolerance)\b", re.I)),
    (HIGH, 1, "outcome figures", re.compile(
        rf"\d[\d.,]*\s*(?:%|per ?cent)[^.;]{{0,30}}\b(?:of )?{_GROUP}\b|"
        r"\d[\d.,]*\s*(?:%|per ?cent)?[^.;]{0,40}\b(?:relapse\w*|recover\w*|remission|survival|surviv\w*|"
        r"mortality|deaths?|died|cured|response rate|come back)\b|"
        r"\b(?:relapse\w*|remission|survival|mortality|deaths?)\b[^.;]{0,40}\d", re.I)),
    (MEDIUM, 0, "safety", re.compile(
        r"\b(?:risks?|risky|dangers?|dangerous|harm\w*|side effects?|adverse|toxic\w*|overdos\w*|fatal|"
        r"psychosis|psychotic|seizures?|suicid\w*|threats?|unsafe|doses?|dosages?)\b", re.I)),
    (MEDIUM, 1, "treatment efficacy", re.compile(
        r"\b(?:works?|effective\w*|efficacy|cures?|cured|relie(?:f|ves?)|treats?|improve[sd]?|resolves?|benefits?|"
        r"advantages|helps?|antidepressant (?:effects?|impacts?))\b", re.I)),
]
_HEALTH_WORDS = re.compile(r"\b(?:ketamine|drug|medic\w*|dose|treatment|therap\w*|patients?|doctor|clinic\w*|"
                           r"depress\w*|vaccine|symptoms?|disease|health|hospital|physician|psychiatr\w*)\b", re.I)


def harm(text: str, *, health: bool) -> tuple[str, str | None, int]:
    """The harm level, its reason and its tier (0 before 1 inside a level) of one claim.

    Only health claims carry harm here (a dosage or outcome figure outside health is an ordinary figure);
    `health` says the sentence is on a health topic (claimtype.signals), or the article is.
    """
    if not (health or _HEALTH_WORDS.search(text)):
        return LOW, None, 0
    for level, tier, reason, pattern in _RULES:
        if pattern.search(text):
            return level, reason, tier
    return LOW, None, 0


def triage_key(suggestion) -> tuple:
    """Sort key for a reviewer's list: harm level, then the tier inside it, then score (highest first)."""
    return (LEVELS.index(suggestion.harm), suggestion.harm_tier, -suggestion.score, suggestion.start)
