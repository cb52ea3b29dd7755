"""certificate version

The version every state change compares and sets (``UPDATE ... WHERE id = ? AND version = ?``): of two
commands on one certificate at the same time only the first applies; the other is answered 409
``state_changed`` (or from the first outcome when it is the identical command). Existing rows start at 1.

Revision ID: b7d2e4a91c05
Revises: 554a6f56e3a9
Create Date: 2026-12-02 06:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'b7d2e4a91c05'
down_revision: str | None = '554a6f56e3a9'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('certificates_certificate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))


def downgrade() -> None:
    with op.batch_alter_table('certificates_certificate', schema=None) as batch_op:
        batch_op.drop_column('version')
