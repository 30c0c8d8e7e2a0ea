"""Sentence segmentation (workbench.segment): exact offsets, paragraphs, glued quotes, non-ASCII."""
from __future__ import annotations

from workbench.segment import paragraphs, split_sentences


def test_every_sentence_of_the_demo_article_is_the_body_text_at_its_offsets(demo_text):
    sentences = split_sentences(demo_text)
    assert len(sentences) > 20
    for s in sentences:
        assert demo_text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and s.text


def test_demo_sentences_are_in_order_and_do_not_overlap(demo_text):
    sentences = split_sentences(demo_text)
    for a, b in zip(sentences, sentences[1:]):
        assert a.end <= b.start


def test_demo_sentences_cover_all_the_words_of_the_article(demo_text):
    covered = "".join(demo_text[s.start:s.end] for s in split_sentences(demo_text))
    assert "".join(covered.split()) == "".join(demo_text.split())


def test_a_quote_glued_to_the_previous_sentence_starts_a_new_sentence(demo_text):
    texts = [s.text for s in split_sentences(demo_text)]
    first = next(t for t in texts if t.startswith("They review it with their physician"))
    assert first.endswith("re-emerge.")  # the quote mark opens the next sentence
    second = texts[texts.index(first) + 1]
    assert second.startswith('"For about 30% of people')


def test_a_closing_quote_glued_to_the_next_sentence_ends_the_first_sentence():
    # pysbd alone keeps each of these as one sentence
    body = 'He told us "it is over."Then she came in.'
    assert [s.text for s in split_sentences(body)] == ['He told us "it is over."', "Then she came in."]
    curly = "She said \u201cnever again.\u201dThe room went quiet."
    assert [s.text for s in split_sentences(curly)] == ["She said \u201cnever again.\u201d",
                                                        "The room went quiet."]


def test_a_sentence_never_spans_a_paragraph_break():
    body = "The first paragraph has no full stop\n\nthe second paragraph starts in lower case."
    sentences = split_sentences(body)
    assert [s.text for s in sentences] == ["The first paragraph has no full stop",
                                           "the second paragraph starts in lower case."]
    assert [s.paragraph for s in sentences] == [0, 1]


def test_paragraph_numbers_follow_blank_lines_in_the_demo_article(demo_text):
    sentences = split_sentences(demo_text)
    assert sentences[0].text == "Ketamine Therapy - An Overview"
    assert sentences[0].paragraph == 0
    assert sentences[1].paragraph == 1
    numbers = [s.paragraph for s in sentences]
    assert numbers == sorted(numbers)
    assert numbers[-1] == len(paragraphs(demo_text)) - 1


def test_paragraphs_skip_runs_of_blank_lines_and_trim_their_edges():
    body = "  First.  \n\n\n \n\nSecond line one.\nSecond line two.\n\n   \n"
    spans = paragraphs(body)
    assert [body[s:e] for s, e in spans] == ["First.", "Second line one.\nSecond line two."]


def test_non_ascii_and_emoji_offsets_are_python_string_indices():
    body = "Café au lait costs €3. 😀 Emoji here! Ünïcödé ends.\n\n日本語の段落です. Last one 👍🏽."
    sentences = split_sentences(body)
    assert [s.text for s in sentences] == ["Café au lait costs €3.", "😀 Emoji here!", "Ünïcödé ends.",
                                           "日本語の段落です.", "Last one 👍🏽."]
    for s in sentences:
        assert body[s.start:s.end] == s.text
    emoji = sentences[1]
    assert emoji.start == body.index("😀")  # a str index, not a UTF-8 or UTF-16 offset
    assert sentences[-1].end == len(body)


def test_empty_and_blank_bodies_have_no_sentences():
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t ") == []
