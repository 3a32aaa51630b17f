"""An admin's choice of company in a state of its own (a substate of FleetState): the chooser is drawn again only
when the companies or the choice change, not at every page of the table, and it holds one item per company only
while it is open (a lessor has thousands; closed, it needs the one chosen to show its name)."""

from __future__ import annotations

import reflex as rx

from leasedash.pages.fleet.state import FleetState
from leasedash.services.portfolio import Named
from leasedash.state import guarded


class FleetCompaniesState(FleetState):
    """The companies an admin may choose from and the one chosen ("" : every company)."""

    picking: bool = False

    @rx.event
    @guarded("admin")
    def set_picking(self, value: bool):
        """The chooser opened or closed."""
        self.picking = value is True

    @rx.var
    def companies(self) -> list[Named]:
        """Every company while the chooser is open, else the one chosen."""
        if self.picking:
            return self._companies
        return [c for c in self._companies if str(c.id) == self.company]

    @rx.var
    def chosen(self) -> str:
        return self.company
