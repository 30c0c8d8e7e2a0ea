"""Who makes a claim: attributions before or after a quote, "according to X", pronouns, continued quotes."""
from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.segment import Sentence
from workbench.suggest.boilerplate import strip_link_text

_TITLE = r"(?:(?:Dr|Prof|Mr|Mrs|Ms|Sen|Rep|Gov|Gen|Sir|Dame)\.?\s+)"
_WORD = r"[A-Z][a-zA-Z'\u2019\-]+"
_NAME = rf"{_TITLE}?{_WORD}(?:\s+(?:[A-Z]\.\s*)?{_WORD}){{0,2}}"
_PRONOUN = r"[Hh]e|[Ss]he"
_VERB = (r"(?:says|said|states|stated|claims|claimed|explains|explained|notes|noted|adds|added|argues|argued|"
         r"warns|warned|writes|wrote|tells|told|insists|insisted|recalls|recalled|believes|continues|continued|"
         r"points out|pointed out|maintains|asserts|asserted|admits|admitted|reports|reported|concludes|"
         r"concluded|cautions|cautioned|stresses|stressed|emphasizes|emphasised|emphasized|contends|observes)")
_CLOSE = r"[,.!?\u2026\-]\s*[\"\u201d]\s*"  # punctuation then a closing quote mark
_QUOTE_CHARS = "\"\u201c\u201d"

_AFTER_QUOTE_WHO_VERB = re.compile(rf"{_CLOSE}(?P<who>{_NAME}|{_PRONOUN})\s+{_VERB}\b")
_AFTER_QUOTE_VERB_WHO = re.compile(rf"{_CLOSE}{_VERB}\s+(?P<who>{_NAME}|{_PRONOUN})\b")
_BEFORE = re.compile(rf"^[\W_]*(?P<who>{_NAME})(?:,[^,\"\u201c]{{1,80}},)?\s+{_VERB}\b")
_ACCORDING = re.compile(rf"\b[Aa]ccording to (?:the )?(?P<who>{_NAME})")
# A person introduced with a role or a degree: "psychiatrist Alan Shatzberg, MD".
_PERSON = re.compile(
    rf"(?:\b(?i:psychiatrist|psychologist|professor|researcher|scientist|doctor|physician|author|"
    rf"director|economist|spokesperson|spokesman|spokeswoman|senator|president|CEO)\s+(?P<a>{_NAME}))|"
    rf"(?:(?P<b>{_NAME}),\s*(?:MD|M\.D\.|PhD|Ph\.D\.|DO|RN)\b)|(?:{_TITLE}(?P<c>{_WORD}(?:\s+{_WORD})?))")
_NOT_NAMES = {"The", "It", "This", "That", "These", "Those", "They", "We", "I", "You", "In", "For", "But",
              "And", "Or", "So", "If", "When", "While", "A", "An", "Some", "Many", "Most", "Here", "There",
              "Yet", "Still", "However", "Also", "Research", "Studies", "Experts", "Officials", "Scientists"}


@dataclass(frozen=True)
class Attribution:
    """A claimant and the human-readable reason it was chosen."""

    claimant: str | None
    reason: str | None


def _clean_name(raw: str) -> str | None:
    name = raw.strip().rstrip(",.")
    first = name.split()[0] if name else ""
    if not name or first in _NOT_NAMES:
        return None
    return name


def find_attribution(text: str) -> str | None:
    """The speaker named in one sentence (a name or 'he'/'she'), or None; link text is ignored."""
    clean = strip_link_text(text)
    for pattern in (_AFTER_QUOTE_WHO_VERB, _AFTER_QUOTE_VERB_WHO, _ACCORDING, _BEFORE):
        m = pattern.search(clean)
        if m:
            who = m.group("who")
            if re.fullmatch(_PRONOUN, who):
                return who.lower()
            name = _clean_name(who)
            if name:
                return name
    return None


def person_mentions(text: str) -> list[str]:
    """Names of people introduced in a text with a role, a title or a degree."""
    out = []
    for m in _PERSON.finditer(strip_link_text(text)):
        name = _clean_name(m.group("a") or m.group("b") or m.group("c") or "")
        if name:
            out.append(name)
    return out


def _canonical(name: str, known: list[str]) -> str:
    """The fullest known form of a name ("Shatzberg" -> "Alan Shatzberg")."""
    last = name.split()[-1]
    fuller = [k for k in known if k.split()[-1] == last and len(k) > len(name)]
    return max(fuller, key=len) if fuller else name


def _is_quoted(text: str) -> bool:
    return text.lstrip()[:1] in _QUOTE_CHARS


def resolve_claimants(sentences: list[Sentence]) -> list[Attribution]:
    """Attribute each sentence: its own attribution, a resolved pronoun, or the quotation it continues."""
    known: list[str] = []  # people named so far, most recent last
    result: list[Attribution] = []
    open_quote = False  # inside a quotation that started in an earlier sentence of the paragraph
    group_start = 0
    for i, s in enumerate(sentences):
        if i and s.paragraph != sentences[i - 1].paragraph:
            open_quote = False
        starts_inside = open_quote
        if not starts_inside:
            group_start = i
        mentions = person_mentions(s.text)
        who = find_attribution(s.text)
        attribution = Attribution(None, None)
        if who in ("he", "she"):
            candidates = mentions or known
            if candidates:
                name = _canonical(candidates[-1], known + mentions)
                attribution = Attribution(name, f"attributed to {name} ('{who}' refers to the person named before)")
        elif who:
            name = _canonical(who, known + mentions)
            attribution = Attribution(name, f"attributed to {name}")
        known.extend(mentions)
        if attribution.claimant:
            known.append(attribution.claimant)
        result.append(attribution)
        quotes = sum(s.text.count(c) for c in _QUOTE_CHARS)
        open_quote = open_quote ^ bool(quotes % 2)
        # a quotation spread over several sentences shares one speaker, whichever sentence names it
        if attribution.claimant and (starts_inside or open_quote) and group_start < i:
            for j in range(group_start, i):
                if result[j].claimant is None:
                    result[j] = Attribution(attribution.claimant,
                                            f"attributed to {attribution.claimant} (same quotation)")
        if not attribution.claimant and starts_inside and i > group_start and result[i - 1].claimant:
            prev = result[i - 1].claimant
            result[i] = Attribution(prev, f"attributed to {prev} (same quotation)")
    # the next quoted sentence after an attributed quote continues the same speaker
    for i in range(1, len(sentences)):
        s, prev = sentences[i], sentences[i - 1]
        if (result[i].claimant is None and result[i - 1].claimant and s.paragraph == prev.paragraph
                and _is_quoted(s.text) and _is_quoted(prev.text)):
            name = result[i - 1].claimant
            result[i] = Attribution(name, f"attributed to {name} (quotation continues)")
    return result
