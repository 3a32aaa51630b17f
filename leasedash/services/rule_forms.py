"""The wear-and-tear rules and the price list as forms: one row per rule or price (a limit, a cap, a row of the
loss-of-value table, a part's kind, a repair price, the methods that repair a kind of damage, a missing item's
price, a fee), each checked with its field named, saved as a new version; the raw JSON stays as an export."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from typing import Any

from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.domain.money import parse_decimal, parse_whole
from leasedash.errors import AccessDenied, InvalidInput
from leasedash.services import inspections as svc

NAME = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
NUMBER = re.compile(r"^\d+(\.\d+)?$")


@dataclass(frozen=True)
class RuleRow:
    """One rule or price: where it sits in the version (`key`), its section, and its value as the form shows it."""

    key: str
    section: str
    value: str


@dataclass(frozen=True)
class RuleForm:
    """The newest version of the rules ("rules") or of the price list ("prices"), as rows and as its JSON."""

    kind: str
    version: str
    rows: tuple[RuleRow, ...]
    json_text: str


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value)
    return "" if value is None else str(value)


def _rows(data: dict[str, Any], prefix: str = "") -> list[RuleRow]:
    rows = []
    for key, value in data.items():
        if key.startswith("_") or (not prefix and key == "version"):
            continue
        path = f"{prefix}{key}"
        section = path.split(".")[0] if prefix or isinstance(value, (dict, list)) else "general"
        if isinstance(value, dict):
            rows += _rows(value, path + ".")
        elif isinstance(value, list) and value and all(isinstance(v, list) for v in value):
            rows += [RuleRow(f"{path}[{i}]", section, _shown(v)) for i, v in enumerate(value)]
        else:
            rows.append(RuleRow(path, section, _shown(value)))
    return rows


def rule_forms() -> tuple[RuleForm, ...]:
    """The newest rules and price list, each as rows and as indented JSON."""
    with session_scope() as s:
        rows = [svc.current_version(s, kind) for kind in svc.RULE_KINDS]
        return tuple(RuleForm(row.kind, row.version, tuple(_rows(row.data)), json.dumps(row.data, indent=1, ensure_ascii=False)) for row in rows)


def _element(text: str, like: Any, key: str) -> Any:
    """A typed value of the shape of the value it replaces: a whole number, a number written as text, a name, or
    nothing (an open-ended bound)."""
    text = text.strip()
    if like is None and text.lower() in ("", "null", "none", "-"):
        return None
    if isinstance(like, bool):
        raise InvalidInput(key, "is not editable here", "bad_argument")
    if isinstance(like, int) or like is None:
        return parse_whole(text, key)
    if NUMBER.match(str(like)):
        value = parse_decimal(text, key)
        if value < 0:
            raise InvalidInput(key, f"cannot be negative, got {text}", "rules_negative", {"value": text[:40]})
        return str(value)
    if not NAME.match(text):
        raise InvalidInput(key, f"a name of lower-case letters, digits and underscores, got {text!r}", "rules_name", {"value": text[:40]})
    return text


def _value(text: str, current: Any, key: str) -> Any:
    if not isinstance(current, list):
        return _element(text, current, key)
    parts = text.split(",") if text.strip() else []
    if current and all(not isinstance(c, str) or NUMBER.match(c) for c in current) and len(parts) != len(current):
        raise InvalidInput(key, f"{len(current)} values separated by commas, got {len(parts)}", "rules_count",
                           {"expected": len(current), "given": len(parts)})
    like = current[0] if current else ""
    return [_element(p, current[i] if i < len(current) else like, key) for i, p in enumerate(parts)]


def _place(data: dict[str, Any], key: str) -> tuple[Any, Any]:
    """The container and the index or name of the value at `key` ("renta.dent.max_depth_mm", "loss_of_value.percent_by_age_years[2]")."""
    path = re.findall(r"[^.\[\]]+|\[\d+\]", key)
    parent: Any = data
    for step in path[:-1]:
        parent = parent[int(step[1:-1])] if step.startswith("[") else parent[step]
    last = path[-1]
    return parent, int(last[1:-1]) if last.startswith("[") else last


def _check_names(kind: str, before: dict[str, Any], data: dict[str, Any], changed: dict[str, Any]) -> None:
    """A part's kind is one of the kinds the version had; the methods that repair a damage are methods of the price list."""
    if kind == "rules":
        categories = set(before["parts"].values())
        for key, value in changed.items():
            if key.startswith("parts.") and value not in categories:
                raise InvalidInput(key, f"one of {', '.join(sorted(categories))}, got {value!r}", "rules_category",
                                   {"allowed": ", ".join(sorted(categories)), "value": str(value)[:40]})
    else:
        methods = {m for line in data["repairs"].values() for m in line}
        for key, value in changed.items():
            for method in value if key.startswith("repairs_by_damage.") else ():
                if method not in methods:
                    raise InvalidInput(key, f"{method!r} is not a repair method of the price list ({', '.join(sorted(methods))})", "rules_method",
                                       {"value": str(method)[:40], "allowed": ", ".join(sorted(methods))})


def save_rule_form(viewer: Viewer, kind: str, version: str, values: dict[str, str]) -> str:
    """An admin's edited rows of the newest rules or price list, saved as a new version named `version`: its name.
    A row that is not one of the form's, or whose value has not the shape of the rule it replaces, is refused
    under its field; so is a version that exists already; nothing is saved then."""
    if viewer.role != "admin":
        raise AccessDenied("only an admin edits the inspection rules and the price list")
    if kind not in svc.RULE_KINDS:
        raise InvalidInput("kind", f"must be one of {', '.join(svc.RULE_KINDS)}, got {kind!r}", "choice")
    with session_scope() as s:
        before = svc.current_version(s, kind).data
        data = copy.deepcopy(before)
        known = {row.key for row in _rows(data)}
        changed = {}
        for key, text in values.items():
            if key not in known:
                raise InvalidInput(key, "is not a rule or a price of this form", "bad_argument")
            parent, slot = _place(data, key)
            changed[key] = parent[slot] = _value(str(text)[:400], parent[slot], key)
        _check_names(kind, before, data, changed)
        data["version"] = version.strip()
        return svc.save_version(s, viewer, kind, data).version
