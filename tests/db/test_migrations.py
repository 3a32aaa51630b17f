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


def test_upgrading_a_database_with_rows_loses_none(empty_db_url):
    upgrade_to_head(empty_db_url, revision="abeab29dcbb7")
    engine = get_engine(empty_db_url)
    now = "2026-01-01 00:00:00"
    with engine.begin() as c:
        c.exec_driver_sql(f"INSERT INTO company (id, name, kind, country, demo, created_at, version) VALUES (1, 'Acme NV', 'employer', 'BE', false, '{now}', 1)")
        c.exec_driver_sql("INSERT INTO product (id, code, name, lessor, country, kind, min_billed_months, eco_premium, excess_km_rate, under_km_rate, "
                          f"changes_allowed, vat_rate, created_at, version) VALUES (1, 'lp', 'Lease Plus', 'Leasys', 'LU', 'grid', 12, 0, 0, 0, true, 0.17, '{now}', 1)")
        c.exec_driver_sql(f"INSERT INTO rent_grid (id, product_id, label, source, created_at, version) VALUES (1, 1, 'Golf', 'seed', '{now}', 1)")
        c.exec_driver_sql("INSERT INTO rent_grid_cell (grid_id, months, annual_km, monthly_rent) VALUES (1, 48, 15000, 536.32), (1, 60, 15000, 487.47)")
    upgrade_to_head(empty_db_url)
    with engine.connect() as c:
        assert c.exec_driver_sql("SELECT COUNT(*) FROM rent_grid_cell WHERE grid_id = 1").scalar_one() == 2
        assert c.exec_driver_sql("SELECT label, company_id FROM rent_grid").one() == ("Golf", None)
        assert c.exec_driver_sql("SELECT name FROM company").scalar_one() == "Acme NV"
