"""protocol refusals: protocol events not drafted for want of a valid organisation signature

Revision ID: c51f0e7a2b64
Revises: 5115beabec62
Create Date: 2026-12-02 06:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = 'c51f0e7a2b64'
down_revision: str | None = '5115beabec62'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('signing_protocol_refusals',
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('protocol_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('certificate_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('organisation_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('detail', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('refused_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('event_id')
    )
    with op.batch_alter_table('signing_protocol_refusals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signing_protocol_refusals_certificate_id'), ['certificate_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_signing_protocol_refusals_protocol_id'), ['protocol_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('signing_protocol_refusals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signing_protocol_refusals_protocol_id'))
        batch_op.drop_index(batch_op.f('ix_signing_protocol_refusals_certificate_id'))
    op.drop_table('signing_protocol_refusals')
