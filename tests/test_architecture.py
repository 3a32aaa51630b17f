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
