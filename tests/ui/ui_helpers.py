"""Helpers of the AppTest UI tests: open a page as a reviewer, read what it shows, make and read claims."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import streamlit as st
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from db.engine import get_engine, session_scope
from workbench import claims

APP = str(Path(__file__).resolve().parents[2] / "workbench" / "ui" / "app.py")
WORKSPACE = "views/workspace.py"
REVIEW = "views/review.py"
DEMO_QUOTE = "For about 30% of people that finish the whole collection"
ALERTS = ("success", "info", "warning", "error")


def open_page(page: str, name: str | None = "rita", **state) -> AppTest:
    """Run the app, set the reviewer's name and session state, and open a page."""
    at = AppTest.from_file(APP, default_timeout=30).run()
    if name:
        at.session_state["reviewer.name"] = name
    for key, value in state.items():
        at.session_state[key.replace("__", ".")] = value
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def run_page(path: str, name: str | None = "Rita") -> AppTest:
    """Run one page file on its own, the reviewer's name set unless name is None."""
    at = AppTest.from_file(path, default_timeout=30)
    if name:
        at.session_state["reviewer.name"] = name
    return at.run()


def texts(at: AppTest, kind: str) -> list[str]:
    """The text of each element of a kind; for alerts, the title and the body."""
    return [f"{e.proto.title} {e.value}".strip() if kind in ALERTS else e.value for e in getattr(at, kind)]


def add_claim(url: str, quote: str = DEMO_QUOTE, actor: str = "rita", **fields) -> int:
    with session_scope(get_engine(url)) as s:
        return claims.create_claim_from_quote(s, article_id=1, quote=quote, actor=actor, **fields).id


def read_claim(url: str, claim_id: int):
    with Session(get_engine(url)) as s:
        return claims.get_claim(s, claim_id)


def article_claims(url: str):
    with Session(get_engine(url)) as s:
        return claims.list_claims(s, article_id=1)


def keyed(elements, prefix: str):
    """The one element whose key starts with `prefix` (edit forms are keyed to a record's version:
    "workspace.edit.text.3.v2")."""
    [found] = [e for e in elements if (e.key or "").startswith(prefix)]
    return found
