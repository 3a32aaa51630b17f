"""The contract search's state (components/contract_search.py) and the pages that embed it, called directly: what a
viewer may find and pick, the list closing once a contract is picked, /fleet opening its what-if, /what-if and /grid
opening the contract picked, and a new tab of the what-if opening the contract opened last."""

from __future__ import annotations

from leasedash import routes
from leasedash.components.contract_search import ContractSearchState
from leasedash.i18n import catalog
from leasedash.pages.grid.state import GridState
from leasedash.pages.what_if.state import WhatIfState

EN = catalog("en")


def _redirected(spec) -> str:
    return spec.args[0][1]._var_value


def test_picking_closes_the_list_and_opens_the_what_if_only_of_a_contract_picked(make_state, demo_contracts):
    own, colleague, stranger = demo_contracts
    search = make_state(ContractSearchState, "fleet@example.com")
    search.search(colleague.reference.lower())
    assert search.hits[0].reference == colleague.reference
    assert search.open_what_if(str(colleague.id)) is None, "not picked"
    search.choose(str(colleague.id))
    assert (search.hits, search.query, search.chosen) == ([], "", colleague.reference)
    assert _redirected(search.open_what_if(str(colleague.id))) == routes.what_if(colleague.id)
    assert search.open_what_if(str(own.id)) is None, "another id than the one picked"
    search.choose(str(stranger.id))
    assert search.problem == EN["common.not_found"] and search.chosen == ""
    assert search.open_what_if(str(stranger.id)) is None and search.open_what_if(str(colleague.id)) is None
    driver = make_state(ContractSearchState, "driver@example.com")
    driver.search(colleague.reference)
    assert driver.hits == []
    driver.search("")
    assert [h.reference for h in driver.hits] == [own.reference] and driver.hits[0].tag == "yours"
    driver.choose(str(colleague.id))
    assert driver.problem == EN["common.not_found"] and driver.chosen == ""


def test_the_what_if_and_the_grid_open_the_contract_picked_and_a_new_what_if_the_one_opened_last(make_state, demo_contracts):
    own, colleague, stranger = demo_contracts
    what_if = make_state(WhatIfState, "fleet@example.com")
    what_if.load()
    what_if.choose_contract(str(colleague.id))
    assert what_if.contract_id == str(colleague.id) and colleague.reference in what_if.contract_line
    what_if.choose_contract(str(stranger.id))
    assert what_if.problem == EN["common.not_found"]
    fresh = make_state(WhatIfState, "fleet@example.com")
    fresh.load()
    assert fresh.contract_id == str(colleague.id), "the contract the fleet manager opened last"
    search = make_state(ContractSearchState, "fleet@example.com")
    search.search("")
    assert search.hits[0].reference == colleague.reference and search.hits[0].tag == "opened recently"
    grid = make_state(GridState, "driver@example.com")
    grid.load()
    label = grid.grid_label
    grid.show_contract(str(colleague.id))
    assert grid.problem == EN["common.not_found"] and grid.grid_label == label
    grid.show_contract(str(own.id))
    assert grid.problem == "" and grid.grid_label == label and grid.contract_text == f"Rent grid of contract {own.reference}"
    grid.load()
    assert grid.contract_text == ""
