"""reading ids unique per company: an imported odometer reading keeps the company whose ids it is among, and its
id (external_id) is unique within that company instead of across all of them

Revision ID: 9d2c5e7a1b43
Revises: 3e9b71c4a2d8
Create Date: 2026-11-30 18:00:00.000000

Readings imported so far get the company of their contract."""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '9d2c5e7a1b43'
down_revision: Union[str, Sequence[str], None] = '3e9b71c4a2d8'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

UNNAMED = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _single_unique(table: str, column: str) -> str:
    """The name of the one-column unique constraint (PostgreSQL names it; SQLite's gets the batch convention's)."""
    for constraint in sa.inspect(op.get_bind()).get_unique_constraints(table):
        if constraint["column_names"] == [column] and constraint["name"]:
            return constraint["name"]
    return f"uq_{table}_{column}"


def upgrade() -> None:
    """Upgrade schema."""
    external = _single_unique("odometer_reading", "external_id")
    with op.batch_alter_table('odometer_reading', schema=None, naming_convention=UNNAMED) as batch_op:
        batch_op.drop_constraint(external, type_='unique')
        batch_op.add_column(sa.Column('company_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_odometer_reading_company_id_company', 'company', ['company_id'], ['id'])
    op.execute("UPDATE odometer_reading SET company_id = (SELECT contract.company_id FROM contract "
               "WHERE contract.id = odometer_reading.contract_id) WHERE external_id IS NOT NULL")
    with op.batch_alter_table('odometer_reading', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_odometer_reading_company_external', ['company_id', 'external_id'])
        batch_op.create_check_constraint('ck_odometer_reading_external_company', 'external_id IS NULL OR company_id IS NOT NULL')


def downgrade() -> None:
    """Downgrade schema: ids unique across companies again (fails while two companies share one)."""
    with op.batch_alter_table('odometer_reading', schema=None) as batch_op:
        batch_op.drop_constraint('ck_odometer_reading_external_company', type_='check')
        batch_op.drop_constraint('uq_odometer_reading_company_external', type_='unique')
        batch_op.drop_constraint('fk_odometer_reading_company_id_company', type_='foreignkey')
        batch_op.drop_column('company_id')
        batch_op.create_unique_constraint('uq_odometer_reading_external_id', ['external_id'])
