"""The layers hold: only the UI imports streamlit, the UI reaches the database only through
workbench.database, nothing imports the UI, and no module grows past one sitting's reading."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORKBENCH = ROOT / "workbench"
UI = WORKBENCH / "ui"
MAX_LINES = 400
# Over the limit until its restore moves onto the one bulk writer (issue 7, the bulk part, worked on
# in another branch); delete the entry then.


def _modules() -> list[Path]:
    found = sorted(WORKBENCH.rglob("*.py"))
    assert UI / "app.py" in found  # the walk sees the tree
    return found


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, root: Path = ROOT) -> set[str]:
    """Every module a file imports, anywhere in it (relative imports resolved), as dotted names."""
    name = _module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _top(name: str) -> str:
    return name.split(".")[0]


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_only_the_ui_imports_streamlit():
    offenders = [_rel(p) for p in _modules()
                 if UI not in p.parents and any(_top(n) == "streamlit" for n in imported(p))]
    assert offenders == []


def test_the_ui_reaches_the_database_only_through_workbench_database():
    offenders = {_rel(p): sorted(n for n in imported(p) if _top(n) in {"db", "sqlalchemy", "sqlmodel"})
                 for p in _modules() if UI in p.parents}
    assert {path: names for path, names in offenders.items() if names} == {}


def test_nothing_outside_the_ui_imports_the_ui():
    offenders = {_rel(p): sorted(n for n in imported(p) if n == "workbench.ui" or n.startswith("workbench.ui."))
                 for p in _modules() if UI not in p.parents}
    assert {path: names for path, names in offenders.items() if names} == {}


def test_no_module_is_longer_than_400_lines():
    lengths = {_rel(p): len(p.read_text(encoding="utf-8").splitlines()) for p in _modules()
               if "migrations" not in p.parts}
    assert {path: n for path, n in lengths.items() if n > MAX_LINES} == {}


def test_imports_are_read_relative_to_their_package(tmp_path):
    module = tmp_path / "workbench" / "ui" / "widgets" / "x.py"
    module.parent.mkdir(parents=True)
    module.write_text("import streamlit as st\nfrom .. import reads\nfrom ...database import read_session\n"
                      "def f():\n    from sqlmodel import Session\n")
    assert imported(module, root=tmp_path) == {
        "streamlit", "workbench.ui", "workbench.ui.reads", "workbench.database",
        "workbench.database.read_session", "sqlmodel", "sqlmodel.Session"}
