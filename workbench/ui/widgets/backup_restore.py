"""Restoring a JSON backup on the export page: upload it, add its articles here (with claims,
citations and history), then say what came in."""
from __future__ import annotations

import json

import streamlit as st

from workbench.transfer import backup
from workbench.ui.session import write
from workbench.ui.text import inert

RESTORED = "export.restored"  # what the last restore did, shown once


def _restore(session, *, data: dict, actor: str) -> str:
    return backup.import_backup(session, data, actor=actor).summary()


def restore_panel() -> None:
    """Upload a backup and add its articles here; the summary shows after a rerun (show_restored)."""
    with st.expander("Restore a JSON backup", icon=":material/settings_backup_restore:"):
        st.caption("Adds the articles of a backup written by “Download JSON backup” to this workbench, "
                   "with their claims, citations and history.")
        upload = st.file_uploader("Backup file", type=["json"], key="export.restore_file")
        if st.button("Restore backup", key="export.restore", type="primary", disabled=upload is None):
            try:
                data = json.loads(upload.getvalue().decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                st.error(f"{inert(upload.name)} is not a JSON backup ({inert(exc)}). Choose a file "
                         "written by “Download JSON backup”.")
                return
            outcome = write(_restore, data=data)
            if not outcome.ok:
                st.error(outcome.message)
                return
            st.session_state[RESTORED] = outcome.value  # shown after a rerun, with what came in
            st.rerun()


def show_restored() -> None:
    """What the last restore did, once."""
    if restored := st.session_state.pop(RESTORED, None):
        st.success(inert(restored), title="Backup restored", icon=":material/check_circle:")
