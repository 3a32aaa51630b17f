"""`reflex db migrate`'s scripts build the schema from empty, and the models have not drifted from them."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import leasedash.db.models  # noqa: F401
from leasedash.db.session import get_engine
from leasedash.services.schema import upgrade_to_head


def test_upgrade_from_empty_to_head_without_drift(empty_db_url):
    upgrade_to_head(empty_db_url)
    engine = get_engine(empty_db_url)
    tables = set(inspect(engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []
    upgrade_to_head(empty_db_url)  # a second run has nothing to do


def test_indexes_for_the_fleet_page(db_url):
    indexes = {i["name"] for i in inspect(get_engine(db_url)).get_indexes("contract")}
    assert {"ix_contract_company_status", "ix_contract_company_end", "ix_contract_status_end"} <= indexes
