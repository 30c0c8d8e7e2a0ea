"""Fixtures of the AppTest UI tests: a temp SQLite database (empty, or with the demo article), fresh caches."""
from __future__ import annotations

import shutil

import pytest
import streamlit as st

from workbench.transfer.demo import import_demo_if_empty


@pytest.fixture
def ui_db(tmp_path, sqlite_template, monkeypatch):
    """An empty, migrated database the app uses; caches cleared before and after."""
    path = tmp_path / "ui.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", url)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield url
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def demo_db(ui_db):
    """The database with the demo article imported as #1."""
    assert import_demo_if_empty() == 1
    return ui_db
