"""Who acts, and what they may do: the desk's users and roles, and the one permission check that
every write in the services calls.

Two modes, chosen by configuration (`WORKBENCH_AUTH`):
- local (the default): one person on a laptop. The actor is the typed name, with spaces collapsed;
  its id is that name in lower case, and it may do everything.
- desk (`WORKBENCH_AUTH=oidc`): the actor must be an active user of the `user_account` table, found
  by its id, its email or its sign-in subject, and its role is read from the table, never from the
  caller. Display names are never compared: the approval rule compares ids.
"""
from __future__ import annotations

import os
import re
from enum import Enum

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from db.tables import AuditEvent, Claim, User
from workbench.errors import InvalidInput, NotFound, PermissionDenied

AUTH_ENV = "WORKBENCH_AUTH"
ADMINS_ENV = "WORKBENCH_ADMINS"
NEW_USERS_ENV = "WORKBENCH_NEW_USERS"  # "reviewer" (default) or "wait" for an admin to let them in
_SPACES = re.compile(r"\s+")


class Role(str, Enum):
    reviewer = "reviewer"
    editor = "editor"
    admin = "admin"


_RANK = {Role.reviewer: 1, Role.editor: 2, Role.admin: 3}

# Each write and the least role it needs. A reviewer makes claims, citations and verdicts and
# submits; an editor also approves, reopens, assigns and deletes claims; an admin also manages
# users, deletes articles, restores backups and changes the rating scale.
PERMISSIONS: dict[str, Role] = {
    "article.import": Role.reviewer, "article.edit": Role.reviewer, "article.correct": Role.reviewer,
    "article.delete": Role.admin,
    "claim.create": Role.reviewer, "claim.edit": Role.reviewer, "claim.split": Role.reviewer,
    "claim.merge": Role.reviewer, "claim.delete": Role.editor, "claim.assign": Role.editor,
    "citation.add": Role.reviewer, "citation.edit": Role.reviewer, "citation.remove": Role.reviewer,
    "verdict.set": Role.reviewer, "claim.submit": Role.reviewer, "claim.check": Role.reviewer,
    "claim.approve": Role.editor, "claim.reopen": Role.editor,
    "suggestion.decide": Role.reviewer, "note.add": Role.reviewer,
    "citation.recheck": Role.reviewer, "external.import": Role.reviewer,
    "rating.add": Role.admin, "backup.restore": Role.admin, "users.manage": Role.admin,
}


class Actor(str):
    """The acting user: a str (the display name, as stored in created_by, updated_by and the
    audit trail) that also carries the stable `id` and the `role`."""

    id: str
    role: Role

    def __new__(cls, name: str, *, id: str, role: Role) -> "Actor":
        actor = super().__new__(cls, name)
        actor.id, actor.role = id, Role(role)
        return actor

    def __getnewargs_ex__(self):  # copy and pickle keep the id and role
        return (str(self),), {"id": self.id, "role": self.role}

    @property
    def name(self) -> str:
        return str(self)

    def can(self, permission: str) -> bool:
        """Whether this actor's role allows a permission (see PERMISSIONS)."""
        return _RANK[self.role] >= _RANK[PERMISSIONS[permission]]


def operator() -> Actor:
    """The person at the server's command line: whoever holds the database's address holds the
    desk's data, so `workbench users` without --actor acts as them, with an admin's rights (the
    browser app never makes this actor: its actors come from sign-in)."""
    who = os.environ.get("USER") or "operator"
    return Actor(f"{who} (command line)", id=f"{OPERATOR_PREFIX}{who}", role=Role.admin)


OPERATOR_PREFIX = "operator:"


def desk_mode() -> bool:
    """True when the desk runs with sign-in (WORKBENCH_AUTH=oidc)."""
    return os.environ.get(AUTH_ENV, "").strip().lower() == "oidc"


def clean_name(name: str | None) -> str:
    """A name with surrounding space removed and inner runs of space made one."""
    return _SPACES.sub(" ", (name or "")).strip()


def local_actor(name: str | None) -> Actor:
    """The person on a laptop (local mode): the typed name, who may do everything."""
    cleaned = clean_name(name)
    if not cleaned:
        raise InvalidInput("A reviewer name is required for every change: type your name first.")
    if len(cleaned) > 200:
        raise InvalidInput("The reviewer name is longer than 200 characters.")
    return Actor(cleaned, id=cleaned.casefold(), role=Role.admin)


def user_actor(user: User) -> Actor:
    """The Actor of a stored user."""
    return Actor(user.name, id=user_key(user), role=Role(user.role))


def user_key(user: User) -> str:
    """The stable id stored for a user's actions: `user:<id>`."""
    return f"user:{user.id}"


def find_user(session: Session, who: str) -> User | None:
    """A user by key (`user:3`), email or sign-in subject, case-insensitive for emails."""
    who = (who or "").strip()
    if who.startswith("user:") and who[5:].isdigit():
        return session.get(User, int(who[5:]))
    return session.exec(select(User).where(or_(func.lower(User.email) == who.casefold(),
                                               User.subject == who))).first()


def identify(session: Session, actor: str | None) -> Actor | None:
    """The Actor a name, key or email stands for now, or None when there is none (no checks)."""
    if not desk_mode():
        return local_actor(actor) if clean_name(actor) else None
    user = find_user(session, getattr(actor, "id", None) or actor or "")
    return user_actor(user) if user is not None and user.active else None


def require(session: Session, actor: str | None, permission: str) -> Actor:
    """The acting user, when allowed to do `permission`; else PermissionDenied (or InvalidInput
    when no name was given in local mode). In desk mode the role comes from the table."""
    if not desk_mode():
        return local_actor(actor)
    if isinstance(actor, Actor) and actor.id.startswith(OPERATOR_PREFIX):
        return actor
    who = getattr(actor, "id", None) or clean_name(actor)
    if not who:
        raise PermissionDenied("Sign in first: every change is made by a signed-in member of the desk.")
    user = find_user(session, who)
    if user is None:
        raise PermissionDenied(f"\u201c{who}\u201d is not a member of this desk; an admin can add them "
                               "(workbench users add EMAIL).")
    if not user.active:
        raise PermissionDenied(f"{user.name}'s account is not active; an admin can let them in.")
    acting = user_actor(user)
    if not acting.can(permission):
        raise PermissionDenied(f"{user.name} is {with_article(user.role)}; only {with_article(PERMISSIONS[permission].value)} "
                               f"or above can {_WORDS.get(permission, permission)}.")
    return acting


def with_article(word: str) -> str:
    """"a reviewer", "an editor", "an admin"."""
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


_WORDS = {"article.delete": "delete an article", "claim.delete": "delete a claim",
          "claim.assign": "assign claims", "claim.approve": "approve a claim",
          "claim.reopen": "reopen a claim", "rating.add": "change the rating scale",
          "backup.restore": "restore a backup", "users.manage": "manage users"}


# --- Managing users (admins) ----------------------------------------------------------------------

def list_users(session: Session) -> list[User]:
    """Every user, by name."""
    return list(session.exec(select(User).order_by(func.lower(User.name), User.id)))


def _admin_emails() -> set[str]:
    return {e.strip().casefold() for e in os.environ.get(ADMINS_ENV, "").split(",") if e.strip()}


def _record(session: Session, actor: str, user: User, action: str, changes: dict) -> None:
    session.add(AuditEvent(actor=str(actor), actor_id=getattr(actor, "id", None), entity="user",
                           entity_id=user.id, action=action, changes=changes))


def _check_role(role: str) -> Role:
    try:
        return Role(role.strip().lower())
    except ValueError:
        raise InvalidInput(f"\u201c{role}\u201d is not a role; use reviewer, editor or admin.") from None


def _check_email(email: str) -> str:
    email = (email or "").strip()
    if "@" not in email or len(email) > 320 or any(c.isspace() for c in email):
        raise InvalidInput(f"\u201c{email}\u201d is not an email address.")
    return email


def add_user(session: Session, *, email: str, name: str, role: str = "reviewer",
             actor: str | None) -> User:
    """Add a member of the desk (an admin's job)."""
    acting = require(session, actor, "users.manage")
    email = _check_email(email)
    if find_user(session, email) is not None:
        raise InvalidInput(f"{email} is a user already.")
    user = User(email=email, name=clean_name(name) or email.split("@")[0], role=_check_role(role).value)
    if not user.name or len(user.name) > 200:
        raise InvalidInput("A user's name must be 1 to 200 characters.")
    session.add(user)
    session.flush()
    _record(session, acting, user, "create", {"email": [None, email], "name": [None, user.name],
                                              "role": [None, user.role]})
    return user


def require_user(session: Session, who: str) -> User:
    """The user with this key, email or subject; NotFound otherwise."""
    user = find_user(session, who)
    if user is None:
        raise NotFound(f"No user \u201c{who}\u201d; `workbench users list` shows them.")
    return user


def set_role(session: Session, *, user: str, role: str, actor: str | None) -> User:
    """Change a user's role (admins only; an admin cannot demote the last active admin)."""
    acting = require(session, actor, "users.manage")
    target = require_user(session, user)
    new = _check_role(role)
    if target.role == Role.admin.value and new != Role.admin and _active_admins(session) <= 1:
        raise InvalidInput(f"{target.name} is the last admin; make someone else admin first.")
    old, target.role = target.role, new.value
    session.add(target)
    session.flush()
    _record(session, acting, target, "role", {"role": [old, new.value]})
    return target


def set_active(session: Session, *, user: str, active: bool, actor: str | None) -> User:
    """Let a user in, or deactivate them (admins only; never the last active admin)."""
    acting = require(session, actor, "users.manage")
    target = require_user(session, user)
    if not active and target.role == Role.admin.value and target.active and _active_admins(session) <= 1:
        raise InvalidInput(f"{target.name} is the last admin; make someone else admin first.")
    old, target.active = target.active, active
    session.add(target)
    session.flush()
    _record(session, acting, target, "activate" if active else "deactivate", {"active": [old, active]})
    return target


def _active_admins(session: Session) -> int:
    return session.exec(select(func.count()).select_from(User)
                        .where(User.role == Role.admin.value, col(User.active).is_(True))).one()


def sign_in(session: Session, *, subject: str, email: str | None, name: str | None) -> User:
    """The user behind a provider's sign-in, made on first sign-in: matched by subject, then by an
    email an admin added; new users are reviewers (or wait, with WORKBENCH_NEW_USERS=wait), and
    emails in WORKBENCH_ADMINS are admins."""
    subject = (subject or "").strip()
    if not subject:
        raise PermissionDenied("The sign-in did not say who you are (no subject); try again.")
    user = session.exec(select(User).where(User.subject == subject)).first()
    if user is None and email:
        user = session.exec(select(User).where(func.lower(User.email) == email.strip().casefold(),
                                               col(User.subject).is_(None))).first()
        if user is not None:
            user.subject = subject
    if user is None:
        waiting = os.environ.get(NEW_USERS_ENV, "").strip().lower() == "wait"
        user = User(subject=subject, email=(email or None), name=clean_name(name) or email or subject,
                    role=Role.reviewer.value, active=not waiting)
        session.add(user)
        session.flush()
        _record(session, Actor(user.name, id=user_key(user), role=Role.reviewer), user, "sign-up",
                {"email": [None, user.email], "role": [None, user.role], "active": [None, user.active]})
    if user.email and user.email.casefold() in _admin_emails() and user.role != Role.admin.value:
        old, user.role, user.active = user.role, Role.admin.value, True
        _record(session, user_actor(user), user, "role", {"role": [old, user.role], "by": [None, ADMINS_ENV]})
    session.add(user)
    session.flush()
    return user


def adopt(session: Session, *, mapping: dict[str, str], actor: str | None) -> dict[str, int]:
    """Map old local-mode names to users, so history carries over: each name's audit events,
    verdicts, approvals and assignments get the user's id (local mode's ids are the names in lower
    case); returns how many records each name touched."""
    acting = require(session, actor, "users.manage")
    touched: dict[str, int] = {}
    for name, who in mapping.items():
        user = require_user(session, who)
        key, folded = user_key(user), clean_name(name).casefold()
        n = 0
        for event in session.exec(select(AuditEvent).where(
                or_(col(AuditEvent.actor_id).is_(None), AuditEvent.actor_id == folded))):
            if clean_name(event.actor).casefold() == folded:
                event.actor_id = key
                session.add(event)
                n += 1
        for claim in session.exec(select(Claim)):
            for name_field, id_field in (("verdict_by", "verdict_by_id"), ("approved_by", "approved_by_id")):
                if (clean_name(getattr(claim, name_field)).casefold() == folded
                        and getattr(claim, id_field) in (None, folded)):
                    setattr(claim, id_field, key)
                    n += 1
            if claim.assignee and clean_name(claim.assignee).casefold() == folded:
                claim.assignee = key
                n += 1
            session.add(claim)
        touched[name] = n
        _record(session, acting, user, "adopt", {"name": [name, user.name], "records": [None, n]})
    session.flush()
    return touched


def assignee_key(session: Session, who: str | None) -> str | None:
    """What a claim's assignee is stored as: in desk mode the user's key (the user must exist and
    be active), in local mode the name as typed."""
    cleaned = clean_name(who)
    if not cleaned:
        return None
    if not desk_mode():
        return cleaned
    user = find_user(session, cleaned)
    if user is None or not user.active:
        raise InvalidInput(f"\u201c{cleaned}\u201d is not an active member of the desk; claims are "
                           "assigned to users (by email).")
    return user_key(user)


def display_name(session: Session, who: str | None) -> str | None:
    """A user key shown as the user's name; anything else (a local name) as it is."""
    if who and who.startswith("user:"):
        user = find_user(session, who)
        return user.name if user else who
    return who
