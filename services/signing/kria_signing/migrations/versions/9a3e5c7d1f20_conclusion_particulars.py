"""conclusion particulars and the signer a document was composed for

The v2 conclusion document (kria.mse.conclusion.v2) names the child: the particulars read from the
certificates service when the signer composed it are kept with the conclusion (personal data), with the
SNILS of that signer. Nullable columns only: v1 conclusions have neither.

Revision ID: 9a3e5c7d1f20
Revises: 47d65ec0e1cd
Create Date: 2026-12-02 14:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '9a3e5c7d1f20'
down_revision: str | None = '47d65ec0e1cd'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('signing_conclusions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('particulars', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('composed_for', sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('signing_conclusions', schema=None) as batch_op:
        batch_op.drop_column('composed_for')
        batch_op.drop_column('particulars')
