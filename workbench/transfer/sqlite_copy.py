"""A consistent copy of a live SQLite database file (SQLite's online backup API), safe while the app writes."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from workbench.errors import InvalidInput


def copy_sqlite_database(url: str, dest: Path) -> Path:
    """Copy the SQLite database at `url` (sqlite:///path) to the new file `dest`; returns the source path."""
    if not url.startswith("sqlite:///"):
        raise InvalidInput("copy-db copies the SQLite database; for PostgreSQL use pg_dump.")
    source = Path(url.removeprefix("sqlite:///"))
    if dest.exists():
        raise InvalidInput(f"{dest} exists already; choose a new file name.")
    if not dest.parent.is_dir():
        raise InvalidInput(f"There is no folder {dest.parent}; create it first or choose another place.")
    src = sqlite3.connect(source)
    out = sqlite3.connect(dest)
    try:
        with out:
            src.backup(out)
    finally:
        out.close()
        src.close()
    return source
