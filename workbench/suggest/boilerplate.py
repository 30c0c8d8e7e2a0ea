"""Page furniture that is not part of an article: title line, comment forms, share prompts, link text."""
from __future__ import annotations

import re

from workbench.segment import Sentence

_BOILERPLATE = re.compile(
    r"^\W*(leave a (reply|comment)|post a comment|cancel reply|"
    r"your email address will not be published|required fields are marked|"
    r"(share|tweet|pin|email) (this|on|via)\b|share this (article|story|post)|"
    r"(subscribe|sign up)( now| today)? (to|for) (our|the)\b|subscribe\b|follow us\b|"
    r"related (posts|articles)|read more\W*$|advertisement\W*$|click here to (subscribe|share)|"
    r"save my name, email|previous (post|article)|next (post|article)|"
    r"all rights reserved|copyright (©|\(c\)|\d{4})|©)",
    re.IGNORECASE,
)
# Link text left behind when a page was copied: "claims click here Shatzberg".
_LINK_TEXT = re.compile(
    r"\s*\b(click here|read more|learn more|see more|find out more|continue reading)\b"
    r"(\s*(to|for) (read|learn|see|find out) more\b)?|\s*\((opens in a new (tab|window))\)",
    re.IGNORECASE,
)
_TITLE_MAX_WORDS = 16
# Where the reader comments begin; nothing after it belongs to the article.
_COMMENTS_START = re.compile(r"^\W*(leave a (reply|comment)|post a comment|\d+ (comments|responses)|"
                             r"comments are closed)\W*$", re.IGNORECASE)


def is_boilerplate(text: str) -> bool:
    """True for comment-form notices and share/subscribe prompts."""
    return bool(_BOILERPLATE.search(text.strip()))


def starts_comments(text: str) -> bool:
    """True for the heading that opens a comment section ("Leave a Reply", "12 Comments")."""
    return bool(_COMMENTS_START.match(text.strip()))


def is_title(sentence: Sentence, paragraph_sentences: list[Sentence]) -> bool:
    """True for a first paragraph that is one short line with no final punctuation (the headline)."""
    if sentence.paragraph != 0 or len(paragraph_sentences) != 1:
        return False
    text = sentence.text.strip()
    return ("\n" not in text and len(text.split()) <= _TITLE_MAX_WORDS
            and not re.search(r"[.!?:;,\"\u201d')]$", text))


def strip_link_text(text: str) -> str:
    """Remove stray link text ("click here") so it does not mislead classification or attribution."""
    return re.sub(r"\s{2,}", " ", _LINK_TEXT.sub("", text)).strip()
