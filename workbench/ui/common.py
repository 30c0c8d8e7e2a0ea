"""What every page shares: the engine, sessions, the reviewer's name, writes that show errors."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from sqlmodel import Session

from db.engine import database_url, get_engine, session_scope
from workbench.errors import ConflictError, WorkbenchError

T = TypeVar("T")
REVIEWER_KEY = "reviewer.name"
# Claim counts by status, as the library and the dashboard show them (to_do = draft + reopened).
STATUS_COUNT_COLUMNS = {
    "claims": st.column_config.NumberColumn("Claims", width=62),
    "to_do": st.column_config.NumberColumn("To do", width=58, help="Draft or reopened claims"),
    "in review": st.column_config.NumberColumn("In review", width=78),
    "checked": st.column_config.NumberColumn("Checked", width=72),
    "approved": st.column_config.NumberColumn("Approved", width=78),
}
_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation mark


def inert(text: object) -> str:
    """Text escaped for st.markdown: links, HTML, emphasis, LaTeX and colour directives stay literal."""
    return _MD_SPECIAL.sub(r"\\\1", "" if text is None else str(text)).replace("\n", "  \n")


def short(text: str | None, limit: int = 80) -> str:
    """Text on one line, cut to `limit` characters with an ellipsis."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


@st.cache_resource(show_spinner=False)
def _engine(url: str):
    return get_engine(url)


def engine():
    """The process-wide engine for the configured database (migrated on first use)."""
    return _engine(database_url())


def read_session() -> Session:
    """A session for reads during one rerun; close it (use `with`)."""
    return Session(engine(), expire_on_commit=False)


def reviewer() -> str | None:
    """The name the reviewer typed in the sidebar, or None."""
    name = (st.session_state.get(REVIEWER_KEY) or "").strip()
    return name or None


def write(fn: Callable[..., T], /, *args, success: str | None = None, **kwargs) -> T | None:
    """Run a service function in its own unit of work with the reviewer as actor.

    Shows the project's errors as messages and returns None; on success clears cached reads,
    shows `success` as a toast, and returns the function's result."""
    name = reviewer()
    if name is None:
        st.error("Type your name in the sidebar first: every change carries the reviewer's name.")
        return None
    try:
        with session_scope(engine()) as session:
            result = fn(session, *args, actor=name, **kwargs)
    except ConflictError as exc:
        st.session_state["conflict.message"] = str(exc)
        st.error(inert(str(exc)))
        return None
    except WorkbenchError as exc:
        st.error(inert(str(exc)))
        return None
    st.cache_data.clear()
    if success:
        st.toast(success)
    return result
