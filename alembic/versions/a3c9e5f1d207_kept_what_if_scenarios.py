"""kept what-if scenarios: saved_scenario.kept marks a scenario kept for the comparison (not saved), so it survives a
reload for its owner until cleared

Revision ID: a3c9e5f1d207
Revises: b7e4f2a9c610
Create Date: 2026-11-30 16:40:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "a3c9e5f1d207"
down_revision: Union[str, Sequence[str], None] = "b7e4f2a9c610"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("saved_scenario", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kept", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("DELETE FROM saved_scenario WHERE kept")
    with op.batch_alter_table("saved_scenario", schema=None) as batch_op:
        batch_op.drop_column("kept")
