"""The layout of spec/architecture.md: a pure domain package, thin shells around it."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN_IN_DOMAIN = {"reflex", "sqlmodel", "sqlalchemy", "plotly", "alembic", "httpx"}


def _imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_domain_imports_neither_reflex_nor_sqlmodel_nor_plotly():
    files = list((ROOT / "leasedash" / "domain").rglob("*.py"))
    assert files
    for path in files:
        assert not (_imported_roots(path) & FORBIDDEN_IN_DOMAIN), path


def test_top_level_layout():
    for name in ("rxconfig.py", "pyproject.toml", "leasedash", "assets", "tests", "reflex.lock/package-lock.json"):
        assert (ROOT / name).exists(), name
    assert (ROOT / "leasedash" / "leasedash.py").exists()


FORBIDDEN_IN_PAGES = {"sqlmodel", "sqlalchemy", "leasedash.db.models", "leasedash.db.session"}
MAX_PAGE_MODULE_LINES = 300


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
            modules |= {f"{node.module}.{a.name}" for a in node.names}
    return modules


def _page_files() -> list[Path]:
    files = list((ROOT / "leasedash" / "pages").rglob("*.py"))
    assert files
    return files


def test_pages_run_no_sql_and_open_no_session():
    for path in _page_files():
        imported = _imported_modules(path)
        bad = {m for m in imported if m.split(".")[0] in FORBIDDEN_IN_PAGES or any(
            m == f or m.startswith(f + ".") for f in FORBIDDEN_IN_PAGES)}
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"
        assert "session_scope" not in path.read_text(encoding="utf-8"), f"{path.relative_to(ROOT)} opens a session"


def test_page_modules_stay_small():
    for path in _page_files():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= MAX_PAGE_MODULE_LINES, f"{path.relative_to(ROOT)} has {lines} lines"
