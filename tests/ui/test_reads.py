"""What a write forgets: a change to claims keeps the article's reads (its sentences above all),
any other change forgets everything."""
from __future__ import annotations

from workbench import articles, claims
from workbench.ui import reads


def _counting(monkeypatch, module, name: str) -> list[int]:
    calls: list[int] = []
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)
    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_claim_write_keeps_the_article_and_its_sentences_but_forgets_its_claims(demo_db, monkeypatch):
    splits = _counting(monkeypatch, reads, "split_sentences")
    listed = _counting(monkeypatch, reads.claims, "list_claims")
    reads.article(1), reads.article_claims(1)
    reads.forget_after(claims.update_claim)
    reads.article(1), reads.article_claims(1)
    assert (len(splits), len(listed)) == (1, 2)


def test_an_article_write_forgets_the_article_but_not_the_sentences_of_its_version(demo_db, monkeypatch):
    splits = _counting(monkeypatch, reads, "split_sentences")
    fetched = _counting(monkeypatch, reads.articles, "get_article")
    reads.article(1)
    reads.forget_after(articles.import_document)
    reads.article(1)
    assert (len(fetched), len(splits)) == (2, 1)  # a new version would be split again: its key differs
