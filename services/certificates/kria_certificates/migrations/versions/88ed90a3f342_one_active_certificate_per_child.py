"""one active certificate per child

A partial unique index on the child of every certificate not yet settled, expired or annulled: two
decisions for one child taken at the same time can no longer both issue (the intake's check reads without
a lock). A store that already holds such a pair cannot take the index: the upgrade stops and names the
children (pseudonymous ids), so an operator annuls the extra certificate (reason ``duplicate``) first.

Revision ID: 88ed90a3f342
Revises: 4f1c99d361d0
Create Date: 2026-11-24 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '88ed90a3f342'
down_revision: str | None = '4f1c99d361d0'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = 'uq_certificates_one_active_per_child'
ACTIVE_ONLY = "state NOT IN ('annulled', 'expired', 'settled')"  # the terminal states of this revision


def upgrade() -> None:
    doubles = op.get_bind().execute(sa.text(
        f"SELECT child_id FROM certificates_certificate WHERE {ACTIVE_ONLY} GROUP BY child_id HAVING COUNT(*) > 1"
    )).scalars().all()
    if doubles:
        raise RuntimeError(f"{len(doubles)} children hold more than one active certificate "
                           f"({', '.join(sorted(doubles)[:20])}): annul the duplicates, then start again")
    op.create_index(NAME, 'certificates_certificate', ['child_id'], unique=True,
                    sqlite_where=sa.text(ACTIVE_ONLY), postgresql_where=sa.text(ACTIVE_ONLY))


def downgrade() -> None:
    op.drop_index(NAME, table_name='certificates_certificate')
