"""accounts for real people: one-time links, a status for every user, a language for every company

Revision ID: d4368b904c51
Revises: 5f3a9c1d7e20
Create Date: 2026-11-30 13:41:01.419318

account_token keeps the hash of each one-time link of the account e-mails (confirmation, invitation, reset).
app_user.status (invited, unconfirmed, active, deactivated) takes the place of is_active: an active user stays
active, an inactive one is deactivated. company.language is the language of its people's e-mails by default
(English for the companies already there). api_token.revoked_because says why a token was revoked for its owner."""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

import leasedash.db.types


# revision identifiers, used by Alembic.
revision: str = 'd4368b904c51'
down_revision: Union[str, Sequence[str], None] = '5f3a9c1d7e20'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

app_user = sa.table("app_user", sa.column("status", sa.String), sa.column("is_active", sa.Boolean))


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('account_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('created_at', leasedash.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', leasedash.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', leasedash.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('account_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_token_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revoked_because', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))

    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False, server_default='active'))
    op.execute(app_user.update().where(app_user.c.is_active == sa.false()).values(status='deactivated'))
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.alter_column('status', server_default=None)
        batch_op.drop_column('is_active')
        batch_op.create_check_constraint('ck_app_user_status', "status IN ('invited', 'unconfirmed', 'active', 'deactivated')")

    with op.batch_alter_table('company', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False, server_default='en'))
    with op.batch_alter_table('company', schema=None) as batch_op:
        batch_op.alter_column('language', server_default=None)


def downgrade() -> None:
    """Downgrade schema: only an active user stays active."""
    with op.batch_alter_table('company', schema=None) as batch_op:
        batch_op.drop_column('language')

    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_constraint('ck_app_user_status', type_='check')
        batch_op.add_column(sa.Column('is_active', sa.Boolean(), nullable=False, server_default=sa.true()))
    op.execute(app_user.update().where(app_user.c.status != 'active').values(is_active=False))
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.alter_column('is_active', server_default=None)
        batch_op.drop_column('status')

    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_column('revoked_because')

    with op.batch_alter_table('account_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_token_user_id'))

    op.drop_table('account_token')
