"""The records the return pages send to the browser: what a row shows, already in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class InspectionRow:
    """One line of the list of inspections."""

    href: str
    reference: str
    what: str
    date: str
    status: str
    total: str


@dataclass(frozen=True)
class CheckRow:
    name: str
    label: str
    present: bool


@dataclass(frozen=True)
class DamageRow:
    damage_id: int
    part: str
    kind: str
    size: str
    acceptable: bool
    verdict: str
    rule: str
    method: str
    cost: str


@dataclass(frozen=True)
class PhotoLink:
    label: str
    url: str


@dataclass(frozen=True)
class LineRow:
    """A line of the statement: its label, amount and why."""

    label: str
    amount: str
    why: str


@dataclass(frozen=True)
class AdviceRow:
    what: str
    now: str
    later: str
    verdict: str
    repair_now: bool
