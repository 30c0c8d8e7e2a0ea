"""What a reviewer types into an edit form, keyed to the record AND the version it was read at.

A form keyed to the record alone keeps the text of an older version in session state: after a
split, a merge or someone else's save it would show, and a save would write, wording nobody asked
for. Keyed to the version, a new version gets a fresh form; and a save sends only the fields the
reviewer changed from the values the form started with.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st


def form_keys(prefix: str, record_id: int, version: int, fields) -> dict[str, str]:
    """field -> the widget key of that field for this record at this version."""
    return {f: f"{prefix}.{f}.{record_id}.v{version}" for f in fields}


def start(keys: Mapping[str, str], base: Mapping[str, Any]) -> dict[str, Any]:
    """Fill the widgets with `base` the first time this version is shown; returns the values the
    form started from (kept, so a later rerun compares against what the reviewer first saw)."""
    first = next(iter(keys.values()))
    started = st.session_state.setdefault(f"{first}.base", dict(base))
    for field, key in keys.items():
        st.session_state.setdefault(key, started[field])
    return started


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) or isinstance(b, str) or a is None or b is None:
        return (str(a or "")).strip() == (str(b or "")).strip()
    return a == b


def changed(values: Mapping[str, Any], base: Mapping[str, Any]) -> dict[str, Any]:
    """The fields whose value differs from the one the form started with (text compared trimmed)."""
    return {f: v for f, v in values.items() if not _same(v, base.get(f))}


def typed(keys: Mapping[str, str]) -> dict[str, Any]:
    """field -> what the widget holds now."""
    return {f: st.session_state.get(k) for f, k in keys.items()}
