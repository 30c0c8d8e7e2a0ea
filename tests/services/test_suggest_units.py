"""Unit behaviour of claim suggestions: boilerplate, claimants, claim types, claim splitting."""
from __future__ import annotations

import pytest

from workbench.segment import Sentence, split_sentences
from workbench.suggest.boilerplate import is_boilerplate, strip_link_text
from workbench.suggest.claimant import find_attribution, resolve_claimants
from workbench.suggest.claimtype import CLAIM_TYPES, claim_type, signals
from workbench.suggest.pipeline import content_sentences
from workbench.suggest.splitting import split_claims


@pytest.mark.parametrize("text", ["Leave a Reply", "Your email address will not be published.",
                                  "Required fields are marked *", "Share this article",
                                  "Subscribe to our newsletter for more news"])
def test_comment_forms_and_share_prompts_are_boilerplate(text):
    assert is_boilerplate(text)


@pytest.mark.parametrize("text", ["Subscribers to the service rose by 40% last year.",
                                  "Copyright law was changed in 1998.", "Ketamine may work."])
def test_ordinary_sentences_are_not_boilerplate(text):
    assert not is_boilerplate(text)


def test_a_short_unpunctuated_first_line_is_dropped_as_the_title():
    body = "Ketamine Therapy - An Overview\n\nUnemployment fell to 4% in May."
    assert [s.text for s in content_sentences(body)] == ["Unemployment fell to 4% in May."]


def test_a_first_paragraph_that_is_a_sentence_is_kept():
    body = "Unemployment fell to 4% in May.\n\nWages rose."
    assert content_sentences(body)[0].text == "Unemployment fell to 4% in May."


def test_reader_comments_after_leave_a_reply_are_not_part_of_the_article():
    body = "Taxes rose 5% in May.\n\nLeave a Reply\n\nGreat article, prices rose 90% here!"
    assert [s.text for s in content_sentences(body)] == ["Taxes rose 5% in May."]


def test_link_text_is_removed_for_attribution():
    assert strip_link_text('"Fine," claims click here Shatzberg.') == '"Fine," claims Shatzberg.'


@pytest.mark.parametrize("text, who", [
    ('"They never come back," Stewart states.', "Stewart"),
    ('"It works," said Dr. Jane Smith.', "Jane Smith"),
    ('Krystal says the effect is short-lived.', "Krystal"),
    ('Krystal, a psychiatrist at Yale, says the effect is short-lived.', "Krystal"),
    ('"It is not without risks," claims click here Shatzberg, the director.', "Shatzberg"),
    ("According to the World Health Organization, 5% of adults have depression.", "World Health Organization"),
    ('"It works," she said.', "she"),
    ("The drug works for most people.", None),
    ("The ketamine treatment is the response of your brain to ketamine.", None),
])
def test_attribution_is_found_before_after_and_inside_sentences(text, who):
    assert find_attribution(text) == who


def _claimants(body: str) -> list[str | None]:
    return [a.claimant for a in resolve_claimants(split_sentences(body))]


def test_he_resolves_to_the_person_named_in_the_previous_sentence():
    body = ('For psychiatrist Alan Shatzberg, MD, that is worrying. '
            '"It does concern me that ketamine resolves an opioid system," he states.')
    assert _claimants(body) == [None, "Alan Shatzberg"]


def test_a_surname_resolves_to_the_full_name_given_earlier():
    body = ('Psychiatrist Alan Shatzberg ran the study. '
            '"It is less habit forming than opioids," claims click here Shatzberg.')
    assert _claimants(body)[1] == "Alan Shatzberg"


def test_the_next_sentence_of_the_same_quotation_inherits_the_claimant():
    body = ('"For about 30% of people, that is it," Stewart states. '
            '"For those that come back for boosters, the boosters get further apart."')
    assert _claimants(body) == ["Stewart", "Stewart"]


def test_a_quotation_spanning_sentences_takes_the_claimant_named_at_its_end():
    texts = ['"The drug is safe.', 'It has been tested in 40 trials.', 'Nobody died," Krystal says.']
    sentences, pos = [], 0
    for t in texts:  # the segmenter keeps such quotations whole; build the split by hand
        sentences.append(Sentence(pos, pos + len(t), t, 0))
        pos += len(t) + 1
    assert [a.claimant for a in resolve_claimants(sentences)] == ["Krystal"] * 3


def test_an_unattributed_sentence_has_no_claimant():
    assert _claimants("Ketamine may work in other ways in the brain.") == [None]


@pytest.mark.parametrize("text, kind", [
    ("For about 30% of people that finish the course, that's it.", "statistic"),
    ("Some 4 million people were treated in 2023.", "statistic"),
    ("I believe it's much less habit forming than opioids.", "comparison"),
    ("Unemployment will fall next year.", "prediction"),
    ("At the antidepressant dose, ketamine transiently intensifies their symptoms of psychosis.", "causal"),
    ("It also may not be safe for people who have schizophrenia.", "health/medical"),
    ("It does concern me, personally, that the committee met in private.", "quote/opinion"),
    ("The meeting took place in the town hall.", "other"),
])
def test_claim_types_follow_the_strongest_signal(text, kind):
    assert claim_type(signals(text)) == kind


def test_every_claim_type_is_one_of_the_published_strings():
    assert set(CLAIM_TYPES) == {"statistic", "quote/opinion", "causal", "health/medical", "prediction",
                                "comparison", "other"}


def test_a_year_alone_is_not_a_statistic():
    assert claim_type(signals("The law was passed in 1998 by the senate.")) != "statistic"


def test_hedged_safety_caution_is_a_reason():
    assert "hedged safety caution" in signals("It also may not be secure for people who have schizophrenia.").reasons


def _parts(text: str) -> list[str]:
    return [text[a:b] for a, b in split_claims(text)]


def test_two_clauses_joined_by_and_become_two_claims():
    assert _parts("Unemployment fell 5% last year, and wages rose 3% in the same period.") == [
        "Unemployment fell 5% last year", "wages rose 3% in the same period."]


@pytest.mark.parametrize("text", ["Unemployment fell to 4.1% in May, the lowest level since 1970.",
                                  "Police recorded 50,489 knife offences, up from 45,000 in 2019."])
def test_a_figure_keeps_its_verbless_aside(text):
    assert _parts(text) == [text]


def test_two_sentences_inside_one_quotation_become_two_claims():
    text = '"For about 30% of people that finish the whole series, that\'s it. They never come back," Stewart states.'
    assert _parts(text) == ["For about 30% of people that finish the whole series, that's it.",
                            'They never come back," Stewart states.']


@pytest.mark.parametrize("text", ["We went to the shop and bought milk, bread and eggs.",
                                  "Prices rose by 4%, but that was expected.",
                                  "The drug was approved in 2019, which surprised many doctors at the time.",
                                  "For both Winograd and Coulter-Scott, and also an estimated 70% of people, it works."])
def test_sentences_without_two_clear_claims_are_not_split(text):
    assert _parts(text) == [text]


@pytest.mark.parametrize("text", ["Unemployment doubled to 10 percent!", "a  b\tcd I'm 3x faster, e.g. x"])
def test_ngram_features_match_scikit_learn_analyzers(text):
    text_mod = pytest.importorskip("sklearn.feature_extraction.text", reason="scikit-learn is a training extra")
    from workbench.suggest.ngram import char_wb_ngrams, word_ngrams

    char = text_mod.TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 5)).build_analyzer()
    word = text_mod.TfidfVectorizer(ngram_range=(1, 3)).build_analyzer()
    assert sorted(char_wb_ngrams(text, 1, 5)) == sorted(char(text))
    assert sorted(word_ngrams(text, 1, 3)) == sorted(word(text))
