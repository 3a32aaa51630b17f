"""proposed pace notices: pace_notice.proposed marks a notice a fleet manager sent the driver from /fleet ("tell the
driver": the change proposed), told apart from the notices of a pace crossing its threshold

Revision ID: f5a1c3e8d902
Revises: a3c9e5f1d207
Create Date: 2026-11-30 16:40:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "f5a1c3e8d902"
down_revision: Union[str, Sequence[str], None] = "a3c9e5f1d207"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("pace_notice", schema=None) as batch_op:
        batch_op.add_column(sa.Column("proposed", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("pace_notice", schema=None) as batch_op:
        batch_op.drop_column("proposed")
