"""the contract search's prefix indexes on SQLite again: 3e9b71c4a2d8 rebuilt contract and vehicle in batch mode,
which does not carry an expression index over, so lower(reference), lower(plate) and lower(make) were lost there and a
search read every contract (PostgreSQL kept them; IF NOT EXISTS leaves them)

Revision ID: 8c2d4e6f1a35
Revises: f5a1c3e8d902
Create Date: 2026-11-30 17:00:00.000000

"""
from typing import Sequence, Union

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "8c2d4e6f1a35"
down_revision: Union[str, Sequence[str], None] = "f5a1c3e8d902"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

SEARCH_INDEXES = {
    "ix_contract_reference_search": ("contract", "reference"),
    "ix_vehicle_plate_search": ("vehicle", "plate"),
    "ix_vehicle_make_search": ("vehicle", "make"),
    "ix_app_user_first_name_search": ("app_user", "first_name"),
    "ix_app_user_last_name_search": ("app_user", "last_name"),
}


def upgrade() -> None:
    """Upgrade schema."""
    pattern_ops = " text_pattern_ops" if op.get_bind().dialect.name == "postgresql" else ""
    for name, (table, column) in SEARCH_INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} (lower({column}){pattern_ops})")


def downgrade() -> None:
    """Downgrade schema: nothing (the indexes are c81e5a7d2f94's)."""
