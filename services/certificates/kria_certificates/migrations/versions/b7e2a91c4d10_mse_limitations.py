"""mse limitations

The MSE's own baseline on the certificate: the degree of limitation (0-3) per life-activity category, from
the export's columns 17-23. Certificates issued before this revision hold {} (not given).

Revision ID: b7e2a91c4d10
Revises: e5c1b9d7a402
Create Date: 2026-12-02 06:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'b7e2a91c4d10'
down_revision: str | None = 'e5c1b9d7a402'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('certificates_certificate',
                  sa.Column('mse_limitations', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))


def downgrade() -> None:
    with op.batch_alter_table('certificates_certificate', schema=None) as batch_op:
        batch_op.drop_column('mse_limitations')
