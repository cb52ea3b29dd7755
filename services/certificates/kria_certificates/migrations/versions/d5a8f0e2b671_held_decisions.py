"""held decisions

MSE decisions of a year without a configured pilot region list: kept as received until the list is configured.

Revision ID: d5a8f0e2b671
Revises: b7e2a91c4d10
Create Date: 2026-12-02 07:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = 'd5a8f0e2b671'
down_revision: str | None = 'b7e2a91c4d10'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'certificates_held_decision',
        sa.Column('decision_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('region', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('raw', sa.JSON(), nullable=False),
        sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('held_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('decision_id'),
    )
    op.create_index(op.f('ix_certificates_held_decision_year'), 'certificates_held_decision', ['year'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_certificates_held_decision_year'), table_name='certificates_held_decision')
    op.drop_table('certificates_held_decision')
