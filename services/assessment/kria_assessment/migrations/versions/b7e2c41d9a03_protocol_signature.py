"""the organisation's signature of its protocol: the frozen event and the head's CMS

Revision ID: b7e2c41d9a03
Revises: 468a56d91996
Create Date: 2026-12-02 06:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = 'b7e2c41d9a03'
down_revision: str | None = '468a56d91996'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('assessment_protocol', schema=None) as batch_op:
        batch_op.add_column(sa.Column('event', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('signature', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('signed_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('assessment_protocol', schema=None) as batch_op:
        batch_op.drop_column('signed_by')
        batch_op.drop_column('signed_at')
        batch_op.drop_column('signature')
        batch_op.drop_column('event')
