"""returns you can sign and cars you can find: signatures bound to a version and a hash, the VIN, what each
change of an inspection did, the contracts a user opened, prefix indexes for the contract search, the return
insurance of Best Deal (003 q.4, q.5, q.15, q.19), and the new shipped rule set and price list

Revision ID: c81e5a7d2f94
Revises: b7e4c2a91f36
Create Date: 2026-11-30 14:00:00.000000

Databases that already hold rule or price versions get the shipped ones (the cheapest repairing method and the
windscreen's chip-repair limit as data) as their newest versions; inspections keep the versions they used."""
import datetime as dt
import json
from importlib import resources
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

import leasedash.db.types

# revision identifiers, used by Alembic.
revision: str = 'c81e5a7d2f94'
down_revision: Union[str, Sequence[str], None] = 'b7e4c2a91f36'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

SEARCH_INDEXES = {
    "ix_contract_reference_search": ("contract", "reference"),
    "ix_vehicle_plate_search": ("vehicle", "plate"),
    "ix_vehicle_make_search": ("vehicle", "make"),
    "ix_app_user_first_name_search": ("app_user", "first_name"),
    "ix_app_user_last_name_search": ("app_user", "last_name"),
}
SHIPPED = {"rules": "return_rules.json", "prices": "price_list.json"}

rule_version = sa.table("rule_version", sa.column("kind", sa.String), sa.column("version", sa.String), sa.column("data", sa.JSON),
                        sa.column("created_at", leasedash.db.types.UTCDateTime(timezone=True)))
product = sa.table("product", sa.column("code", sa.String), sa.column("return_insurance_cap", sa.Numeric))


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.add_column(sa.Column('vin', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('driver_signed_version', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('driver_signed_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('inspector_signed_version', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('inspector_signed_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.alter_column('vin', server_default=None)
    with op.batch_alter_table('inspection_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('details', sa.JSON(), nullable=True))
    op.create_table('contract_visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('opened_at', leasedash.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'contract_id', name='uq_contract_visit_user_contract')
    )
    op.create_index('ix_contract_visit_user_opened', 'contract_visit', ['user_id', 'opened_at'], unique=False)
    pattern_ops = " text_pattern_ops" if op.get_bind().dialect.name == "postgresql" else ""
    for name, (table, column) in SEARCH_INDEXES.items():
        op.create_index(name, table, [sa.text(f"lower({column}){pattern_ops}")], unique=False)
    op.execute(product.update().where(product.c.code == "best-deal", product.c.return_insurance_cap.is_(None))
               .values(return_insurance_cap=500))
    _add_shipped_versions()


def _add_shipped_versions() -> None:
    connection = op.get_bind()
    for kind, name in SHIPPED.items():
        data = json.loads(resources.files("leasedash.data").joinpath(name).read_text(encoding="utf-8"))
        stored = {row[0] for row in connection.execute(sa.select(rule_version.c.version).where(rule_version.c.kind == kind))}
        if stored and data["version"] not in stored:
            op.execute(rule_version.insert().values(kind=kind, version=data["version"], data=data, created_at=dt.datetime.now(dt.timezone.utc)))


def downgrade() -> None:
    """Downgrade schema."""
    for name, (table, _column) in SEARCH_INDEXES.items():
        op.drop_index(name, table_name=table)
    op.drop_index('ix_contract_visit_user_opened', table_name='contract_visit')
    op.drop_table('contract_visit')
    with op.batch_alter_table('inspection_event', schema=None) as batch_op:
        batch_op.drop_column('details')
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.drop_column('inspector_signed_hash')
        batch_op.drop_column('inspector_signed_version')
        batch_op.drop_column('driver_signed_hash')
        batch_op.drop_column('driver_signed_version')
        batch_op.drop_column('vin')
