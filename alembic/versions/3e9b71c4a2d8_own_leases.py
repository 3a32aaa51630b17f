"""own leases: contract references and plates unique within a company, the delivery odometer and where a
contract came from, car VIN and body, a company's own products, fleet imports, the odometer log's history and
photos, the contract a driver picked, pace alerts

Revision ID: 3e9b71c4a2d8
Revises: c81e5a7d2f94
Create Date: 2026-11-30 16:00:00.000000

Existing contracts keep their reference and plates (unique everywhere so far, so unique within a company too);
they are marked as made by the demo (nothing else wrote contracts before) and delivered at 0 km."""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import leasedash.db.types


# revision identifiers, used by Alembic.
revision: str = '3e9b71c4a2d8'
down_revision: Union[str, Sequence[str], None] = 'c81e5a7d2f94'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

UNNAMED = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _single_unique(table: str, column: str) -> str:
    """The name of a one-column unique constraint of the initial schema: PostgreSQL's own, SQLite's from UNNAMED."""
    return f"{table}_{column}_key" if op.get_bind().dialect.name == "postgresql" else f"uq_{table}_{column}"


def _cascade(table: str, **kw) -> sa.ForeignKey:
    return sa.ForeignKey(f"{table}.id", ondelete="CASCADE", **kw)


def upgrade() -> None:
    """Upgrade schema."""
    reference, plate = _single_unique("contract", "reference"), _single_unique("vehicle", "plate")
    with op.batch_alter_table('contract', schema=None, naming_convention=UNNAMED) as batch_op:
        batch_op.drop_constraint(reference, type_='unique')
        batch_op.add_column(sa.Column('delivery_km', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('origin', sa.String(length=8), nullable=False, server_default='demo'))
        batch_op.create_unique_constraint('uq_contract_company_reference', ['company_id', 'reference'])
        batch_op.create_check_constraint('ck_contract_delivery_km', 'delivery_km >= 0')
        batch_op.create_check_constraint('ck_contract_origin', "origin IN ('demo', 'typed', 'import')")
    with op.batch_alter_table('vehicle', schema=None, naming_convention=UNNAMED) as batch_op:
        batch_op.drop_constraint(plate, type_='unique')
        batch_op.add_column(sa.Column('vin', sa.String(length=17), nullable=True))
        batch_op.add_column(sa.Column('body', sa.String(length=5), nullable=False, server_default='car'))
        batch_op.create_unique_constraint('uq_vehicle_company_plate', ['company_id', 'plate'])
        batch_op.create_check_constraint('ck_vehicle_body', "body IN ('car', 'van')")
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('company_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_product_company_id'), ['company_id'], unique=False)
        batch_op.create_foreign_key('fk_product_company_id_company', 'company', ['company_id'], ['id'])
    op.create_table(
        'fleet_import',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('company_id', sa.Integer(), _cascade('company'), nullable=False),
        sa.Column('imported_by', sa.Integer(), sa.ForeignKey('app_user.id'), nullable=True),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('file_name', sa.String(length=200), nullable=False),
        sa.Column('file_sha256', sa.String(length=64), nullable=False),
        sa.Column('rows', sa.Integer(), nullable=False),
        sa.Column('created', sa.Integer(), nullable=False),
        sa.Column('updated', sa.Integer(), nullable=False),
        sa.Column('unchanged', sa.Integer(), nullable=False),
        sa.Column('absent', sa.Integer(), nullable=False),
        sa.Column('created_at', leasedash.db.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('contracts', 'readings')", name='ck_fleet_import_kind'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_fleet_import_company_id', 'fleet_import', ['company_id'], unique=False)
    op.create_table(
        'odometer_change',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contract_id', sa.Integer(), _cascade('contract'), nullable=False),
        sa.Column('reading_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=10), nullable=False),
        sa.Column('old_date', sa.Date(), nullable=True),
        sa.Column('old_km', sa.Integer(), nullable=True),
        sa.Column('new_date', sa.Date(), nullable=True),
        sa.Column('new_km', sa.Integer(), nullable=True),
        sa.Column('changed_by', sa.Integer(), sa.ForeignKey('app_user.id'), nullable=True),
        sa.Column('changed_at', leasedash.db.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint("action IN ('added', 'corrected', 'deleted')", name='ck_odometer_change_action'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_odometer_change_contract_id', 'odometer_change', ['contract_id'], unique=False)
    op.create_table(
        'reading_photo',
        sa.Column('reading_id', sa.Integer(), _cascade('odometer_reading'), nullable=False),
        sa.Column('stored_name', sa.String(length=120), nullable=False),
        sa.Column('content_type', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('reading_id'),
        sa.UniqueConstraint('stored_name'),
    )
    op.create_table(
        'contract_pick',
        sa.Column('user_id', sa.Integer(), _cascade('app_user'), nullable=False),
        sa.Column('contract_id', sa.Integer(), _cascade('contract'), nullable=False),
        sa.PrimaryKeyConstraint('user_id'),
    )
    op.create_table(
        'pace_threshold',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('company_id', sa.Integer(), _cascade('company'), nullable=True),
        sa.Column('product_id', sa.Integer(), _cascade('product'), nullable=True),
        sa.Column('threshold', leasedash.db.types.ExactDecimal(precision=8, scale=4), nullable=False),
        sa.CheckConstraint('(company_id IS NULL) <> (product_id IS NULL)', name='ck_pace_threshold_one_owner'),
        sa.CheckConstraint('threshold > 0 AND threshold < 1', name='ck_pace_threshold_range'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('uq_pace_threshold_company', 'pace_threshold', ['company_id'], unique=True)
    op.create_index('uq_pace_threshold_product', 'pace_threshold', ['product_id'], unique=True)
    op.create_table(
        'pace_state',
        sa.Column('contract_id', sa.Integer(), _cascade('contract'), nullable=False),
        sa.Column('off_plan', sa.Boolean(), nullable=False),
        sa.Column('pace_ratio', leasedash.db.types.ExactDecimal(precision=8, scale=4), nullable=False),
        sa.Column('changed_at', leasedash.db.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('contract_id'),
    )
    op.create_table(
        'pace_notice',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), _cascade('app_user'), nullable=False),
        sa.Column('contract_id', sa.Integer(), _cascade('contract'), nullable=False),
        sa.Column('off_plan', sa.Boolean(), nullable=False),
        sa.Column('pace_ratio', leasedash.db.types.ExactDecimal(precision=8, scale=4), nullable=False),
        sa.Column('projected_km', sa.Integer(), nullable=False),
        sa.Column('settlement', leasedash.db.types.ExactDecimal(precision=14, scale=2), nullable=True),
        sa.Column('adapt_km', sa.Integer(), nullable=True),
        sa.Column('adapt_now', leasedash.db.types.ExactDecimal(precision=14, scale=2), nullable=True),
        sa.Column('adapt_end', leasedash.db.types.ExactDecimal(precision=14, scale=2), nullable=True),
        sa.Column('monthly_reserve', leasedash.db.types.ExactDecimal(precision=14, scale=2), nullable=True),
        sa.Column('created_at', leasedash.db.types.UTCDateTime(), nullable=False),
        sa.Column('read_at', leasedash.db.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_pace_notice_user_created', 'pace_notice', ['user_id', 'created_at'], unique=False)
    op.create_table(
        'notice_preference',
        sa.Column('user_id', sa.Integer(), _cascade('app_user'), nullable=False),
        sa.Column('pace_emails', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('user_id'),
    )


def downgrade() -> None:
    """Downgrade schema (refused while two companies share a contract reference or a plate)."""
    for table in ('notice_preference', 'pace_notice', 'pace_state', 'pace_threshold', 'contract_pick', 'reading_photo',
                  'odometer_change', 'fleet_import'):
        op.drop_table(table)
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_constraint('fk_product_company_id_company', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_product_company_id'))
        batch_op.drop_column('company_id')
    with op.batch_alter_table('vehicle', schema=None) as batch_op:
        batch_op.drop_constraint('ck_vehicle_body', type_='check')
        batch_op.drop_constraint('uq_vehicle_company_plate', type_='unique')
        batch_op.drop_column('body')
        batch_op.drop_column('vin')
        batch_op.create_unique_constraint('vehicle_plate_key', ['plate'])
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.drop_constraint('ck_contract_origin', type_='check')
        batch_op.drop_constraint('ck_contract_delivery_km', type_='check')
        batch_op.drop_constraint('uq_contract_company_reference', type_='unique')
        batch_op.drop_column('origin')
        batch_op.drop_column('delivery_km')
        batch_op.create_unique_constraint('contract_reference_key', ['reference'])
