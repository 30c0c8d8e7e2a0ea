"""Claim matching: find claims already checked, in any article, that say the same as a claim.

The database's own full-text index finds candidates (SQLite FTS5 table `claim_fts`, PostgreSQL
`claim.search_vector`; both made by migration 0002 and kept in step by the database itself); they
are re-ranked here by a similarity a reviewer can follow: shared words and numbers, plus a fuzzy
word-set ratio, and cut at MIN_SCORE so that unrelated claims do not show.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz
from sqlalchemy import bindparam, or_, text as sql
from sqlmodel import Session, col, select

from db.tables import ClaimStatus, ExternalReview
from workbench.claims import require_claim
from workbench.errors import InvalidInput

CANDIDATES = 200
EXTERNAL_CANDIDATES = 1_000
MIN_SCORE = 40.0
MAX_QUERY_TERMS = 32
MAX_POSTINGS = 5_000  # see _retrieval_terms
DONE = (ClaimStatus.checked.value, ClaimStatus.approved.value)
NUMBER_WEIGHT = 2.0  # a shared figure says more about "the same claim" than a shared word
NUMBER_CLASH = 15.0  # each claim has a figure the other lacks: probably a different claim

STOP_WORDS = frozenset("""
a about above according after again against all almost also although always am among an and another any
are around as at be because been before being below between both but by can could did do does doing
down during each either else even ever every few for from further had has have having he her here hers
herself him himself his how however i if in into is it its itself just least less let like made make
many may me might more most much must my myself near nearly no nor not now of off often on once one only
or other others our ours ourselves out over own per perhaps quite rather really said same say says she
should since so some such than that the their theirs them themselves then there these they this those
though through thus to too toward towards under until up upon us very via was we were what whatever when
where whether which while who whom whose why will with within without would yet you your yours yourself
""".split())

# A figure keeps its percent sign: "30%" and "30 days" are different figures.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:\s*(?:%|per\s?cent\b|percent\b))?|[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True)
class Match:
    """A checked claim that says the same thing, with its verdict and a 0-100 similarity score.

    Another desk's fact check (external_url set) has no claim_id or article_id: article_title is
    the desk's name, text and quote the claim it reviewed, verdict its rating, status "external"."""

    claim_id: int | None
    article_id: int | None
    article_title: str
    text: str
    quote: str
    verdict: str | None
    status: str
    score: float
    external_url: str | None = None
    external_review_id: int | None = None
    date_published: date | None = None

    @property
    def is_external(self) -> bool:
        """True for another desk's fact check."""
        return self.external_url is not None


@dataclass(frozen=True)
class Terms:
    """The significant words (lightly stemmed) and figures of a text."""

    words: frozenset[str]
    numbers: frozenset[str]
    surface: tuple[str, ...]  # as written, in order, for the full-text query


def _stem(word: str) -> str:
    # Just enough to pair singular and plural ("patients"/"patient", "studies"/"study").
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _number(token: str) -> str:
    digits = re.match(r"[\d.,]+", token).group()
    percent = "%" if len(digits) < len(token) else ""
    value = digits.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", digits) else digits
    value = value.rstrip("0").rstrip(".") if "." in value else value
    return value + percent


def terms(text: str) -> Terms:
    """Split a text into significant words and numbers; stop words are dropped."""
    words, numbers, surface = set(), set(), []
    for token in _TOKEN.findall(text.casefold().replace("\u2019", "'")):
        if token[0].isdigit():
            numbers.add(_number(token))
            surface.append(re.match(r"[\d.,]+", token).group())
        elif token not in STOP_WORDS and len(token) > 1:
            words.add(_stem(token.split("'")[0]))
            surface.append(token.split("'")[0])
    return Terms(frozenset(words), frozenset(numbers), tuple(dict.fromkeys(surface)))


def similarity(a: Terms, b: Terms) -> float:
    """0-100: half weighted Dice overlap of words and figures, half rapidfuzz token_set_ratio of
    the words; minus NUMBER_CLASH when each gives a figure the other does not (a changed figure)."""
    shared_w, shared_n = a.words & b.words, a.numbers & b.numbers
    weight_a = len(a.words) + NUMBER_WEIGHT * len(a.numbers)
    weight_b = len(b.words) + NUMBER_WEIGHT * len(b.numbers)
    if not weight_a or not weight_b:
        return 0.0
    dice = 2 * (len(shared_w) + NUMBER_WEIGHT * len(shared_n)) / (weight_a + weight_b)
    fuzzy = fuzz.token_set_ratio(" ".join(sorted(a.words | a.numbers)),
                                 " ".join(sorted(b.words | b.numbers))) / 100
    score = 100 * (dice + fuzzy) / 2
    if a.numbers - b.numbers and b.numbers - a.numbers:
        score -= NUMBER_CLASH
    return round(max(score, 0.0), 1)


def find_matches(session: Session, *, claim_id: int | None = None, text: str | None = None,
                 limit: int = 10, external: bool = True) -> list[Match]:
    """Checked or approved claims with a verdict that say the same as a claim (or a text), best
    first; with external, other desks' imported fact checks too (Match.external_url set)."""
    if (claim_id is None) == (text is None):
        raise InvalidInput("Give either a claim or a text to match, not both.")
    if claim_id is not None:
        text = require_claim(session, claim_id).text
    query = terms(text or "")
    if not query.surface:
        return []
    rows = _candidates(session, query, exclude=claim_id)
    matches = []
    for row in rows:
        text_terms = terms(row.text)
        score = similarity(query, text_terms)
        if row.quote != row.text:  # the quote may say it in other words than the claim's wording
            quote_terms = terms(row.quote)
            if quote_terms != text_terms:
                score = max(score, similarity(query, quote_terms))
        if score >= MIN_SCORE:
            matches.append(Match(row.id, row.article_id, row.title, row.text, row.quote, row.verdict,
                                 row.status, score))
    if external:
        matches += _external_matches(session, query)
    matches.sort(key=lambda m: (-m.score, m.is_external, m.claim_id or 0, m.external_review_id or 0))
    return matches[:limit]


def _external_matches(session: Session, query: Terms) -> list[Match]:
    """Other desks' reviews sharing a term with the query, scored like claims and cut at MIN_SCORE.

    A plain substring search: imported reviews are few next to claims, and have no full-text index."""
    words = [t for t in query.surface[:MAX_QUERY_TERMS] if len(t) > 2 or t[0].isdigit()]
    if not words:
        return []
    rows = session.exec(select(ExternalReview).where(or_(*(
        col(ExternalReview.claim_reviewed).icontains(w, autoescape=True) for w in words)))
        .order_by(col(ExternalReview.id).desc()).limit(EXTERNAL_CANDIDATES))
    out = []
    for row in rows:
        score = similarity(query, terms(row.claim_reviewed))
        if score >= MIN_SCORE:
            out.append(Match(None, None, row.publisher or "another desk", row.claim_reviewed, row.claim_reviewed,
                             row.rating, "external", score, row.url, row.id, row.date_published))
    return out


# The inner query ranks ids only (of articles outside the trash); titles, verdicts and texts are
# read for the CANDIDATES kept.
_SELECT = """SELECT c.id, c.article_id, a.title, c.text, c.quote, r.label AS verdict, c.status
FROM ({top}) AS top
JOIN claim c ON c.id = top.id
JOIN article a ON a.id = c.article_id
JOIN rating r ON r.id = c.rating_id
ORDER BY top.rank"""

_SQLITE = sql(_SELECT.format(top="""SELECT c.id, bm25(claim_fts) AS rank
    FROM claim_fts JOIN claim c ON c.id = claim_fts.rowid
    WHERE claim_fts MATCH :q AND c.status IN :done AND c.rating_id IS NOT NULL AND c.id <> :exclude
      AND NOT EXISTS (SELECT 1 FROM article t WHERE t.id = c.article_id AND t.deleted_at IS NOT NULL)
    ORDER BY rank LIMIT :n""")).bindparams(bindparam("done", expanding=True))
_POSTGRES = sql(_SELECT.format(top="""SELECT c.id, -ts_rank(c.search_vector, q) AS rank
    FROM claim c, websearch_to_tsquery('english', :fetch) AS f, websearch_to_tsquery('english', :q) AS q
    WHERE c.search_vector @@ f AND c.status IN :done AND c.rating_id IS NOT NULL AND c.id <> :exclude
      AND NOT EXISTS (SELECT 1 FROM article t WHERE t.id = c.article_id AND t.deleted_at IS NOT NULL)
    ORDER BY rank LIMIT :n""")).bindparams(bindparam("done", expanding=True))
# How many claims hold each term, counting no further than needed (see _retrieval_terms).
_SQLITE_DF = sql("SELECT count(*) FROM (SELECT 1 FROM claim_fts WHERE claim_fts MATCH :q LIMIT :cap)")
# PostgreSQL: counting is slow there (every hit is a heap visit), so use ANALYZE's own lexeme
# frequencies (pg_stats.most_common_elems); a lexeme not among them is rare. Never analyzed: all rare.
_POSTGRES_DF = sql("""WITH stats AS (
        SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs AS freqs
        FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'claim'
        AND attname = 'search_vector'),
    rows AS (SELECT greatest(reltuples, 0) AS n FROM pg_class WHERE oid = 'claim'::regclass)
    SELECT t, CASE WHEN lex IS NULL THEN 0 ELSE greatest(1, coalesce(
        (SELECT freqs[array_position(elems, lex)] FROM stats) * (SELECT n FROM rows), 1)) END
    FROM unnest(CAST(:terms AS text[])) AS t
    LEFT JOIN LATERAL (SELECT lexeme AS lex FROM unnest(to_tsvector('english', t)) LIMIT 1) AS l ON true""")


def _candidates(session: Session, query: Terms, *, exclude: int | None) -> list:
    """The best CANDIDATES done claims by the database's own text ranking (bm25 / ts_rank)."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    fetch, score_only = _retrieval_terms(session, query, sqlite=sqlite)
    if not fetch:
        return []
    # Only the rare terms fetch claims; the common ones still add to the rank of those fetched.
    if sqlite:
        rare = " OR ".join(f'"{t}"' for t in fetch)
        common = " OR ".join(f'"{t}"' for t in score_only)
        statement, params = _SQLITE, {"q": f"({rare}) AND ({rare} OR {common})" if common else rare}
    else:
        statement, params = _POSTGRES, {"fetch": " or ".join(fetch),
                                        "q": " or ".join(fetch + score_only)}
    params |= {"done": list(DONE), "exclude": exclude or -1, "n": CANDIDATES}
    return list(session.connection().execute(statement, params))


def _retrieval_terms(session: Session, query: Terms, *, sqlite: bool) -> tuple[list[str], list[str]]:
    """The query's rarest terms, up to MAX_POSTINGS claims holding them in all, and the others.

    Ranking every claim that holds a common word ("minister", "year") is what makes an OR query
    slow on a large desk; the common words only add to the rank of the claims the rare ones fetch.
    """
    terms_ = list(query.surface[:MAX_QUERY_TERMS])
    conn, cap = session.connection(), MAX_POSTINGS + 1
    if sqlite:
        df = {t: conn.execute(_SQLITE_DF, {"q": f'"{t}"', "cap": cap}).scalar_one() for t in terms_}
    else:
        df = {t: int(n) for t, n in conn.execute(_POSTGRES_DF, {"terms": terms_})}
    present = sorted((t for t in terms_ if df.get(t)), key=lambda t: (df[t], terms_.index(t)))
    fetch, postings = [], 0
    for t in present:
        if fetch and postings + df[t] > MAX_POSTINGS:
            break
        fetch.append(t)
        postings += df[t]
    return fetch, present[len(fetch):]
