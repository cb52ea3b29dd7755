"""drop outbox attempts

The kit's outbox never read nor wrote ``attempts`` (the relay retries a batch as a whole and keeps no count
per row); the column is gone from ``OutboxRecord`` with it.

Revision ID: 36d5de559776
Revises: 88ed90a3f342
Create Date: 2026-12-02 06:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '36d5de559776'
down_revision: str | None = '88ed90a3f342'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('attempts')


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
