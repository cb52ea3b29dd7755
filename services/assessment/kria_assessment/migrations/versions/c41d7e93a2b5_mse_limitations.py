"""mse limitations

The MSE's own baseline on the course case (life-activity category -> degree 0-3), carried by CourseStarted.
Cases opened before this revision hold {} (not given): their effect is scored over the organisation's baseline.

Revision ID: c41d7e93a2b5
Revises: b7e2c41d9a03
Create Date: 2026-12-02 06:35:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'c41d7e93a2b5'
down_revision: str | None = 'b7e2c41d9a03'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('assessment_course',
                  sa.Column('mse_limitations', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))


def downgrade() -> None:
    with op.batch_alter_table('assessment_course', schema=None) as batch_op:
        batch_op.drop_column('mse_limitations')
