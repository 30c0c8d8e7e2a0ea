"""The reviewer's session: who they are (the typed name in local mode; the signed-in user's key in
desk mode), the claim versions they have seen, and the one way a page changes the database:
write() runs a service in a unit of work and returns an Outcome.

act() is the pages' helper around write(): on success it reruns with a toast; on a conflict it
lets the caller keep what the reviewer typed, then reruns; any other refusal is shown in place.
The engine is db.engine's process-wide one (created and migrated once per URL), reached through
workbench.database; Streamlit caches nothing more here.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import streamlit as st

from workbench import users
from workbench.database import read_session, unit_of_work
from workbench.errors import ConflictError, WorkbenchError
from workbench.ui.text import inert

T = TypeVar("T")
REVIEWER_KEY = "reviewer.name"
USER_KEY = "desk.user"  # desk mode: the signed-in user's key (user:N), set by the entry script
NAME_FIRST = "Type your name in the sidebar first: every change carries the reviewer's name."
SIGN_IN_FIRST = "Sign in first: every change is made by a signed-in member of the desk."
FLASH_KEY = "ui.flash"
SEEN_KEY = "ui.seen_versions"


def reviewer() -> str | None:
    """Who acts: in desk mode the signed-in user's key (user:N), else the name typed in the
    sidebar; None when nobody is known. The services resolve it and check what it may do."""
    if users.desk_mode():
        return st.session_state.get(USER_KEY)
    name = (st.session_state.get(REVIEWER_KEY) or "").strip()
    return name or None


def acting() -> users.Actor | None:
    """The acting user with their role as stored now (desk mode), or the local reviewer."""
    who = reviewer()
    if who is None:
        return None
    with read_session() as session:
        return users.identify(session, who)


def can(permission: str) -> bool:
    """Whether the acting user's role allows a permission (users.PERMISSIONS); the services check
    it again on every write, so this only decides what the page offers."""
    me = acting()
    return me is not None and me.can(permission)


def refused(permission: str) -> str | None:
    """Why a control is off for the acting user (their role lacks the permission), or None. With
    nobody known yet (local mode, no name typed) the control stays on: the write then asks for a
    name."""
    me = acting()
    return None if me is None or me.can(permission) else only_for(permission)


def only_for(permission: str) -> str:
    """Why a control is off for this user: the role a permission needs."""
    return f"Only {users.with_article(users.PERMISSIONS[permission].value)} or above can do this."


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    """What a write did: the service's value, or the error that refused it.

    `unnamed` means nothing ran because the reviewer has typed no name."""

    value: T | None = None
    error: WorkbenchError | None = None
    unnamed: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and not self.unnamed

    @property
    def conflict(self) -> bool:
        """Someone else saved the record first (the error is a ConflictError)."""
        return isinstance(self.error, ConflictError)

    @property
    def message(self) -> str | None:
        """Why the write was refused, as markdown ready for st.error; None after a success."""
        if self.unnamed:
            return SIGN_IN_FIRST if users.desk_mode() else NAME_FIRST
        return None if self.error is None else inert(str(self.error))


def write(fn: Callable[..., T], /, *args, remember_claims: bool = False, **kwargs) -> Outcome[T]:
    """Run a service function in its own unit of work with the reviewer as actor.

    On success clears the cached reads it may have changed (reads.forget_after) and, with
    remember_claims (the value is a claim or a sequence of claims), records their new versions as
    the ones the reviewer has seen. Shows nothing."""
    name = reviewer()
    if name is None:
        return Outcome(unnamed=True)
    try:
        with unit_of_work() as session:
            value = fn(session, *args, actor=name, **kwargs)
    except WorkbenchError as exc:
        return Outcome(error=exc)
    from workbench.ui.reads import forget_after  # reads imports pandas: only once a write succeeds
    forget_after(fn)
    if remember_claims:
        for claim in value if isinstance(value, (list, tuple)) else [value]:
            seen_versions()[claim.id] = claim.version
    return Outcome(value=value)


def act(fn: Callable[..., Any], /, *args, done: str, after: Callable[[Any], None] | None = None,
        on_conflict: Callable[[str], None] | None = None, **kwargs) -> Outcome:
    """write(), then: on success `after(value)` and a rerun with `done` as a toast; on a conflict
    with `on_conflict`, `on_conflict(message)` (it keeps what the reviewer typed) and a rerun; any
    other refusal is shown here as an error and returned (success and handled conflicts never return)."""
    outcome = write(fn, *args, **kwargs)
    if outcome.ok:
        st.session_state[FLASH_KEY] = done
        if after is not None:
            after(outcome.value)
        st.rerun()
    if outcome.conflict and on_conflict is not None:
        on_conflict(str(outcome.error))
        st.rerun()
    st.error(outcome.message)
    return outcome


def show_flash() -> None:
    """Show the toast of the change made just before this rerun, once."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.toast(message, icon=":material/check_circle:")


def seen_versions() -> dict[int, int]:
    """claim id -> the version the reviewer has been looking at (for optimistic concurrency)."""
    return st.session_state.setdefault(SEEN_KEY, {})


def seen_version(claim: dict) -> int:
    """The version of this claim the reviewer saw first (since opening it or their last save)."""
    return seen_versions().setdefault(claim["id"], claim["version"])


def open_claim(claim_id: int | None) -> None:
    """Forget the version seen of a claim, so the next render shows and expects the current one."""
    if claim_id is not None:
        seen_versions().pop(claim_id, None)
