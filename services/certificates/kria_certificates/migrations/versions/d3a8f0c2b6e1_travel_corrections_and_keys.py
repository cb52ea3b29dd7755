"""travel corrections and idempotency keys

Travel lines gain the client's idempotency key (unique per certificate: a retried POST is the first line)
with a digest of what it was sent with, and correcting entries: a line naming the line it reverses (at most
one reversal per line) and the reason. Existing lines keep NULLs: ordinary lines without a key.

Revision ID: d3a8f0c2b6e1
Revises: b7d2e4a91c05
Create Date: 2026-12-02 06:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = 'd3a8f0c2b6e1'
down_revision: str | None = 'b7d2e4a91c05'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('certificates_travel', schema=None) as batch_op:
        batch_op.add_column(sa.Column('idempotency_key', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('request_digest', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('reverses_line_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.create_index('uq_certificates_travel_reverses_line_id', ['reverses_line_id'], unique=True)
        batch_op.create_index('uq_certificates_travel_idempotency_key', ['certificate_id', 'idempotency_key'],
                              unique=True)


def downgrade() -> None:
    with op.batch_alter_table('certificates_travel', schema=None) as batch_op:
        batch_op.drop_index('uq_certificates_travel_idempotency_key')
        batch_op.drop_index('uq_certificates_travel_reverses_line_id')
        batch_op.drop_column('reason')
        batch_op.drop_column('reverses_line_id')
        batch_op.drop_column('request_digest')
        batch_op.drop_column('idempotency_key')
