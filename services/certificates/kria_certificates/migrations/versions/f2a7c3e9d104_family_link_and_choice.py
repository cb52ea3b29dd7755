"""family link and choice

The child's legal representative (their SNILS from the family's application, recorded by the office) and the
family's chosen organisation with its consent (issue 18, item 4).

Revision ID: f2a7c3e9d104
Revises: b7e2d4c9a016
Create Date: 2026-12-02 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = 'f2a7c3e9d104'
down_revision: str | None = 'b7e2d4c9a016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'certificates_family_link',
        sa.Column('certificate_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('representative_snils', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint('certificate_id'),
    )
    op.create_index(op.f('ix_certificates_family_link_representative_snils'), 'certificates_family_link',
                    ['representative_snils'], unique=False)
    op.create_table(
        'certificates_family_choice',
        sa.Column('certificate_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('organisation_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('form', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('consented_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('chosen_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint('certificate_id'),
    )
    op.create_index(op.f('ix_certificates_family_choice_organisation_id'), 'certificates_family_choice',
                    ['organisation_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_certificates_family_choice_organisation_id'), table_name='certificates_family_choice')
    op.drop_table('certificates_family_choice')
    op.drop_index(op.f('ix_certificates_family_link_representative_snils'), table_name='certificates_family_link')
    op.drop_table('certificates_family_link')
