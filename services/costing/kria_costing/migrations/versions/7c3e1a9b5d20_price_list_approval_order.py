"""price list approval order

The order of the organisation's head that approved a price list (its number and date) and the date its
prices take effect (Penza order 18-62, item 2). Lists approved before this revision keep NULL.

Revision ID: 7c3e1a9b5d20
Revises: 1bcf12ab56e7
Create Date: 2026-12-02 06:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '7c3e1a9b5d20'
down_revision: str | None = '1bcf12ab56e7'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('costing_price_lists', schema=None) as batch_op:
        batch_op.add_column(sa.Column('order_number', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('order_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('effective_from', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('costing_price_lists', schema=None) as batch_op:
        batch_op.drop_column('effective_from')
        batch_op.drop_column('order_date')
        batch_op.drop_column('order_number')
