"""public holidays from the holidays package; the table keeps the lessor's own changes

Revision ID: 7c41d2e9a0b5
Revises: e1305cdb8f23
Create Date: 2026-11-22 09:00:00.000000

The days the old public_holidays.json shipped for 2026-2027 leave the table (the `holidays` package gives
them for any year); the days an admin added stay as one-off additions; the rules of the new
public_holidays.json are added."""
import datetime as dt
import json
from importlib import resources
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '7c41d2e9a0b5'
down_revision: Union[str, Sequence[str], None] = 'e1305cdb8f23'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

SHIPPED_2026_2027 = {
    "BE": "2026-01-01 2026-04-06 2026-05-01 2026-05-14 2026-05-25 2026-07-21 2026-08-15 2026-11-01 2026-11-11 2026-12-25 "
          "2027-01-01 2027-03-29 2027-05-01 2027-05-06 2027-05-17 2027-07-21 2027-08-15 2027-11-01 2027-11-11 2027-12-25",
    "LU": "2026-01-01 2026-04-06 2026-05-01 2026-05-09 2026-05-14 2026-05-25 2026-06-23 2026-08-15 2026-11-01 2026-12-25 2026-12-26 "
          "2027-01-01 2027-03-29 2027-05-01 2027-05-09 2027-05-06 2027-05-17 2027-06-23 2027-08-15 2027-11-01 2027-12-25 2027-12-26",
    "NL": "2026-01-01 2026-04-06 2026-04-27 2026-05-05 2026-05-14 2026-05-25 2026-12-25 2026-12-26 "
          "2027-01-01 2027-03-29 2027-04-27 2027-05-05 2027-05-06 2027-05-17 2027-12-25 2027-12-26",
}

holiday = sa.table("public_holiday", sa.column("country", sa.String), sa.column("day", sa.Date), sa.column("name", sa.String),
                   sa.column("every_year", sa.Boolean), sa.column("cancelled", sa.Boolean))


def _shipped(country: str) -> list[dt.date]:
    return [dt.date.fromisoformat(day) for day in SHIPPED_2026_2027[country].split()]


def _lessor_rules() -> list[dict]:
    countries = json.loads(resources.files("leasedash.data").joinpath("public_holidays.json").read_text(encoding="utf-8"))["countries"]
    return [{"country": country, "day": dt.date.fromisoformat(rule["day"]), "name": rule.get("name", ""),
             "every_year": bool(rule.get("every_year")), "cancelled": cancelled}
            for country, entry in countries.items()
            for cancelled, key in ((False, "added"), (True, "cancelled")) for rule in entry.get(key, [])]


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('public_holiday', schema=None) as batch_op:
        batch_op.add_column(sa.Column('every_year', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('cancelled', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('public_holiday', schema=None) as batch_op:
        batch_op.alter_column('every_year', server_default=None)
        batch_op.alter_column('cancelled', server_default=None)
    for country in SHIPPED_2026_2027:
        op.execute(holiday.delete().where(holiday.c.country == country, holiday.c.day.in_(_shipped(country))))
    rules = _lessor_rules()
    if rules:
        op.bulk_insert(holiday, rules)


def downgrade() -> None:
    """Downgrade schema."""
    op.execute(holiday.delete().where(sa.or_(holiday.c.every_year, holiday.c.cancelled)))
    with op.batch_alter_table('public_holiday', schema=None) as batch_op:
        batch_op.drop_column('cancelled')
        batch_op.drop_column('every_year')
    kept = sa.table("public_holiday", sa.column("country", sa.String), sa.column("day", sa.Date), sa.column("name", sa.String))
    connection = op.get_bind()
    for country in SHIPPED_2026_2027:
        present = set(connection.execute(sa.select(kept.c.day).where(kept.c.country == country)).scalars())
        rows = [{"country": country, "day": day, "name": "Public holiday"} for day in _shipped(country) if day not in present]
        if rows:
            op.bulk_insert(kept, rows)
