"""mse form columns

The export's columns that the four MSE documents of a child print (issue 16), one row per certificate issued
from an export row.

Revision ID: b7e2d4c9a016
Revises: d5a8f0e2b671
Create Date: 2026-12-02 07:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = 'b7e2d4c9a016'
down_revision: str | None = 'd5a8f0e2b671'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'certificates_mse_form',
        sa.Column('certificate_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('columns', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('certificate_id'),
    )


def downgrade() -> None:
    op.drop_table('certificates_mse_form')
