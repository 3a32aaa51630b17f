"""throttling counters, the second factor, privacy requests; where a session and an attempt came from

Revision ID: 5f3a9c1d7e20
Revises: 7c41d2e9a0b5
Create Date: 2026-11-23 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

import leasedash.db.types

# revision identifiers, used by Alembic.
revision: str = '5f3a9c1d7e20'
down_revision: Union[str, Sequence[str], None] = '7c41d2e9a0b5'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('throttle_counter',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('hits', sa.Integer(), nullable=False),
    sa.Column('window_ends', leasedash.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_at', leasedash.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('throttle_counter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_throttle_counter_window_ends'), ['window_ends'], unique=False)

    op.create_table('totp_credential',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('secret', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', leasedash.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', leasedash.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_step', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id')
    )
    op.create_table('privacy_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('done_at', leasedash.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("action IN ('export', 'erase', 'anonymise')", name='ck_privacy_request_action'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('privacy_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_privacy_request_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('auth_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ip', sqlmodel.sql.sqltypes.AutoString(length=45), nullable=True))
        batch_op.add_column(sa.Column('user_agent', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
        batch_op.add_column(sa.Column('second_factor_due', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ip', sqlmodel.sql.sqltypes.AutoString(length=45), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.drop_column('ip')
    with op.batch_alter_table('auth_session', schema=None) as batch_op:
        batch_op.drop_column('second_factor_due')
        batch_op.drop_column('user_agent')
        batch_op.drop_column('ip')
    with op.batch_alter_table('privacy_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_privacy_request_user_id'))
    op.drop_table('privacy_request')
    op.drop_table('totp_credential')
    with op.batch_alter_table('throttle_counter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_throttle_counter_window_ends'))
    op.drop_table('throttle_counter')
