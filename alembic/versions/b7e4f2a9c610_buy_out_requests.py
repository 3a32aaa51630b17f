"""buy-out requests: a service request of kind buy_out (003 q.40: the market value "communiquée sur demande trois mois
avant la fin du contrat"), answered with the lessor's quoted amount

Revision ID: b7e4f2a9c610
Revises: 9d2c5e7a1b43
Create Date: 2026-11-30 16:45:00.000000
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import leasedash.db.types

# revision identifiers, used by Alembic.
revision: str = 'b7e4f2a9c610'
down_revision: Union[str, Sequence[str], None] = '9d2c5e7a1b43'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

OLD_KINDS = "'address_or_bank', 'duplicate_registration', 'resident_parking', 'early_termination', 'bonus_malus', 'other'"
NEW_KINDS = OLD_KINDS + ", 'buy_out'"


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('service_request', schema=None) as batch_op:
        batch_op.drop_constraint('ck_service_request_kind', type_='check')
        batch_op.add_column(sa.Column('quoted_amount', leasedash.db.types.ExactDecimal(precision=14, scale=2), nullable=True))
        batch_op.create_check_constraint('ck_service_request_kind', f"kind IN ({NEW_KINDS})")


def downgrade() -> None:
    """Downgrade schema: buy-out requests are deleted with their quotes."""
    op.execute("DELETE FROM service_request WHERE kind = 'buy_out'")
    with op.batch_alter_table('service_request', schema=None) as batch_op:
        batch_op.drop_constraint('ck_service_request_kind', type_='check')
        batch_op.drop_column('quoted_amount')
        batch_op.create_check_constraint('ck_service_request_kind', f"kind IN ({OLD_KINDS})")
