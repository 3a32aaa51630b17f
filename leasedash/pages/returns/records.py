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


@dataclass(frozen=True)
class EndingRow:
    """A contract coming to its end: its inspection's address when one is planned, else none (start one)."""

    contract_id: str
    reference: str
    driver: str
    car: str
    ends: str
    inspection_href: str


@dataclass(frozen=True)
class RuleField:
    """One rule or price of the form: its field name, its label in the reader's language, its value, and the heading
    of its section on the first row of a section."""

    key: str
    label: str
    value: str
    heading: str
