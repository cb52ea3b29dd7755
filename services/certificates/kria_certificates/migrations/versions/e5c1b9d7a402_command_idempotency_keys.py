"""command idempotency keys

A lifecycle command may carry the client's ``Idempotency-Key``: kept on the history line the command wrote,
with a digest of the request, unique per certificate. A retry with the key is answered, not applied again;
the key with another request is a 409. Existing lines keep NULLs.

Revision ID: e5c1b9d7a402
Revises: d3a8f0c2b6e1
Create Date: 2026-12-02 07:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = 'e5c1b9d7a402'
down_revision: str | None = 'd3a8f0c2b6e1'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('certificates_history', schema=None) as batch_op:
        batch_op.add_column(sa.Column('idempotency_key', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('request_digest', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.create_index('uq_certificates_history_idempotency_key', ['certificate_id', 'idempotency_key'],
                              unique=True)


def downgrade() -> None:
    with op.batch_alter_table('certificates_history', schema=None) as batch_op:
        batch_op.drop_index('uq_certificates_history_idempotency_key')
        batch_op.drop_column('request_digest')
        batch_op.drop_column('idempotency_key')
