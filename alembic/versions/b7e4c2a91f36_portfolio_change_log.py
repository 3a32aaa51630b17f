"""the portfolio change log: every contract or odometer reading written, for the workers' cached projections

Revision ID: b7e4c2a91f36
Revises: d4368b904c51
Create Date: 2026-11-30 14:00:00.000000

A row per contract written (or per contract whose odometer reading was written), added by the ORM in the same
transaction; a row naming no contract after a bulk load. Workers read the rows after the last one they saw and
patch their snapshot and projections instead of loading the whole portfolio again."""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import leasedash.db.types


# revision identifiers, used by Alembic.
revision: str = 'b7e4c2a91f36'
down_revision: Union[str, Sequence[str], None] = 'd4368b904c51'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'portfolio_change',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contract_id', sa.Integer(), nullable=True),
        sa.Column('created_at', leasedash.db.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('portfolio_change')
