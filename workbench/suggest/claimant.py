"""Who makes a claim, across an article: the source each sentence names (source.py, from the parse),
pronouns resolved to the last fitting source, surnames to the full name, quotations spread over sentences.

Only the sentences that can decide a wanted sentence's claimant are parsed, in one batch where possible.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.segment import Sentence
from workbench.suggest.boilerplate import strip_link_text
from workbench.suggest.source import CUE, ORGANIZATION, PERSON, Source, source_of, parse, read_source

_QUOTE_CHARS = "\"\u201c\u201d"
_LOOKBACK = 6  # sentences searched for the person a pronoun stands for
_NAME_LOOKBACK = 60  # sentences searched for the full form of a surname


@dataclass(frozen=True)
class Attribution:
    """A claimant, its kind (Person or Organization), the body span it was read from, and why."""

    claimant: str | None
    reason: str | None
    kind: str | None = None
    span: tuple[int, int] | None = None

    def again(self, reason: str) -> Attribution:
        return Attribution(self.claimant, reason, self.kind, self.span)


_NONE = Attribution(None, None)


def _inside_quote(text: str, pos: int) -> bool:
    return sum(text[:pos].count(c) for c in _QUOTE_CHARS) % 2 == 1


def _is_quoted(text: str) -> bool:
    return text.lstrip()[:1] in _QUOTE_CHARS


class _Article:
    """Sentences with their parses made on demand and each sentence's own attribution, memoised."""

    def __init__(self, sentences: list[Sentence]):
        self.sentences = sentences
        self.texts = [strip_link_text(s.text) for s in sentences]
        self.docs: dict[int, object] = {}
        self.own: dict[int, Attribution] = {}
        self.names: dict[str, str | None] = {}  # surname -> full name found earlier, memoised
        self.cued: list[bool] = [True] * len(sentences)

    def parse(self, indices: Iterable[int]) -> None:
        missing = sorted({i for i in indices if i not in self.docs})
        for i, doc in zip(missing, parse(self.texts[i] for i in missing)):
            self.docs[i] = doc

    def doc(self, i: int):
        self.parse([i])
        return self.docs[i]

    def body_span(self, i: int, start: int, end: int) -> tuple[int, int]:
        """Map offsets in the link-stripped text of sentence i to body offsets."""
        s, clean = self.sentences[i], self.texts[i]
        if clean == s.text:
            return s.start + start, s.start + end
        found = s.text.find(clean[start:end])
        return (s.start + found, s.start + found + end - start) if found >= 0 else (s.start, s.end)

    def attribution(self, i: int) -> Attribution:
        """The claimant sentence i names itself (a pronoun resolved), or none."""
        if i not in self.own:
            self.own[i] = _NONE  # guards against a pronoun chain coming back here
            self.own[i] = self._read(i)
        return self.own[i]

    def _read(self, i: int) -> Attribution:
        if not self.cued[i]:
            return _NONE
        source = read_source(self.doc(i))
        if source is None:
            return _NONE
        if source.pronoun:
            return self._resolve_pronoun(i, source)
        name, kind = self._full_name(i, source)
        span = self.body_span(i, source.start, source.end)
        return Attribution(name, f"attributed to {name}", kind, span)

    def _resolve_pronoun(self, i: int, source: Source) -> Attribution:
        want_person = source.pronoun in ("he", "she")
        # a person named earlier in the same sentence, then in the sentences before it
        for ent in reversed(self.doc(i).ents):
            if want_person and ent.label_ == "PERSON" and ent.end_char <= source.start \
                    and not _inside_quote(self.texts[i], ent.start_char):
                name, _ = self._full_name(i, Source(ent.text, PERSON, ent.start_char, ent.end_char))
                return Attribution(name, f"attributed to {name} ('{source.pronoun}' refers to the person "
                                   "named before)", PERSON, self.body_span(i, ent.start_char, ent.end_char))
        back = _LOOKBACK if want_person else 2  # "they"/"it" stand for a body named just before, if any
        for j in range(i - 1, max(-1, i - 1 - back), -1):
            self.parse([j, j - 1] if j else [j])  # two at a time: the antecedent is usually close
            found = self._fitting(j, want_person, source.pronoun)
            if found is not None:
                return found.again(f"attributed to {found.claimant} ('{source.pronoun}' refers to the "
                                   f"{'person' if want_person else 'source'} named before)")
        return _NONE

    def _fitting(self, j: int, want_person: bool, pronoun: str) -> Attribution | None:
        """The last source in sentence j a pronoun can stand for: its speaker, else its last named entity."""
        said = self.attribution(j)
        if said.claimant and _fits(said.claimant, said.kind, pronoun):
            return said
        if not want_person:  # "The union has balloted its members. It warned...": the last subject
            subject = next((t for t in self.doc(j) if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"), None)
            found = source_of(subject) if subject is not None else None
            if found and not found.pronoun and _fits(found.name, found.kind, pronoun):
                return Attribution(found.name, None, found.kind, self.body_span(j, found.start, found.end))
            return None
        ents = [e for e in self.doc(j).ents if e.label_ == "PERSON"]
        if not ents:
            return None
        e = ents[-1]
        name, kind = self._full_name(j, Source(e.text, PERSON, e.start_char, e.end_char))
        return Attribution(name, None, kind, self.body_span(j, e.start_char, e.end_char))

    def _full_name(self, i: int, source: Source) -> tuple[str, str]:
        """The fullest form of a one-word name given earlier ("Shatzberg" -> "Alan Shatzberg")."""
        name = source.name
        if " " in name or not name[:1].isupper():
            return name, source.kind
        if name not in self.names:
            self.names[name] = None
            # only sentences where a capitalised word precedes the name can hold its fuller form
            fuller = re.compile(rf"\b[A-Z][\w'\u2019-]+\s+{re.escape(name)}\b")
            for j in range(i, max(-1, i - _NAME_LOOKBACK), -1):
                if fuller.search(self.texts[j]):
                    found = [e.text for e in self.doc(j).ents
                             if e.label_ == "PERSON" and e.text.split()[-1] == name and len(e.text) > len(name)]
                    if found:
                        self.names[name] = " ".join(max(found, key=len).split())
                        break
        full = self.names[name]
        return (full, PERSON) if full else (name, source.kind)


def _fits(name: str, kind: str | None, pronoun: str) -> bool:
    """Whether a pronoun can stand for a source: he/she a person, it a body, they a body or a group."""
    if pronoun in ("he", "she"):
        return kind == PERSON
    return kind == ORGANIZATION or (pronoun == "they" and name.endswith("s") and name[:1].islower() is False)


def _quote_groups(sentences: list[Sentence]) -> list[int]:
    """For each sentence, the index of the first sentence of the quotation it belongs to (or itself)."""
    groups, open_quote, start = [], False, 0
    for i, s in enumerate(sentences):
        if i and s.paragraph != sentences[i - 1].paragraph:
            open_quote = False
        if not open_quote:
            start = i
        groups.append(start)
        open_quote ^= bool(sum(s.text.count(c) for c in _QUOTE_CHARS) % 2)
    return groups


def _outside_quotes(text: str) -> str:
    """The text with quoted words blanked: a reporting verb inside a quotation names no source."""
    parts = re.split(r"[\"\u201c\u201d]", text)
    return " ".join(p for k, p in enumerate(parts) if k % 2 == 0 or k == len(parts) - 1 and len(parts) % 2 == 0)


_NOUN_BEFORE = re.compile(r"\b(?:a|an|the|this|that|its|their|his|her|our|of)\s+$", re.IGNORECASE)
_NOUN_AFTER = re.compile(r"\s+of\b", re.IGNORECASE)


def _cued(text: str) -> bool:
    """Whether a sentence may name a source: a reporting verb outside quotations, not used as a noun
    or an adjective ("an estimated 70%", "the report", "state of mind")."""
    outside = _outside_quotes(text)
    return any(not _NOUN_BEFORE.search(outside[:m.start()][-12:]) and not _NOUN_AFTER.match(outside[m.end():m.end() + 4])
               for m in CUE.finditer(outside))


def _needed(sentences: list[Sentence], groups: list[int], wanted: Iterable[int], cued: list[bool]) -> set[int]:
    """The sentences whose own attribution can decide a wanted sentence's claimant: itself, and when it
    names no source, the other sentences of its quotation and the quoted sentence before it."""
    members: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        members.setdefault(g, []).append(i)
    need: set[int] = set()
    for i in wanted:
        need.add(i)
        if cued[i]:
            continue
        need.update(members[groups[i]])
        if i and sentences[i - 1].paragraph == sentences[i].paragraph and _is_quoted(sentences[i].text):
            need.update(members[groups[i - 1]])
    return need


def resolve_claimants(sentences: list[Sentence], wanted: Iterable[int] | None = None) -> list[Attribution]:
    """Attribute each wanted sentence (all by default): its own source, a resolved pronoun, or the
    quotation it continues. Sentences not wanted get an empty Attribution."""
    groups = _quote_groups(sentences)
    wanted = set(range(len(sentences)) if wanted is None else wanted)
    article = _Article(sentences)
    cued = [_cued(t) for t in article.texts]
    need = _needed(sentences, groups, wanted, cued)
    article.cued = cued
    article.parse(i for i in need if cued[i])
    result = [article.attribution(i) if i in need else _NONE for i in range(len(sentences))]
    # a quotation spread over several sentences shares one speaker, whichever sentence names it
    for i in sorted(need):
        g = groups[i]
        named = [result[j] for j in range(g, len(groups)) if groups[j] == g and result[j].claimant]
        if result[i].claimant is None and named:
            result[i] = named[0].again(f"attributed to {named[0].claimant} (same quotation)")
    # the next quoted sentence after an attributed quote continues the same speaker
    for i in sorted(need):
        s = sentences[i]
        if i and result[i].claimant is None and result[i - 1].claimant and s.paragraph == sentences[i - 1].paragraph \
                and _is_quoted(s.text) and _is_quoted(sentences[i - 1].text):
            result[i] = result[i - 1].again(f"attributed to {result[i - 1].claimant} (quotation continues)")
    return [r if i in wanted else _NONE for i, r in enumerate(result)]


def find_attribution(text: str) -> str | None:
    """The source one sentence names on its own (a name, a body, or 'he'/'she'), or None."""
    clean = strip_link_text(text)
    source = read_source(parse([clean])[0]) if CUE.search(clean) else None
    return source.name if source else None
