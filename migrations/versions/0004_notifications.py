"""Issue 14: officers' notification and chat-contact preferences, who was told about or saw which
consultation, and the handover summary attached to a consultation.

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handover_summary', sa.Text(), nullable=True))
    op.create_table('officer_preferences',
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('notify_email', sa.String(length=254), nullable=True),
    sa.Column('digest_hour', sa.Integer(), nullable=True),
    sa.Column('chat_name', sa.String(length=128), nullable=True),
    sa.Column('chat_phone', sa.String(length=32), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('last_digest_on', sa.String(length=10), nullable=True),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_officer_preferences_officer_id_officers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('officer_id', name=op.f('pk_officer_preferences'))
    )
    op.create_table('consultation_notices',
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('mailed_at', sa.DateTime(), nullable=True),
    sa.Column('seen_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_notices_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_consultation_notices_officer_id_officers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('officer_id', 'consultation_id', name=op.f('pk_consultation_notices'))
    )


def downgrade() -> None:
    op.drop_table('consultation_notices')
    op.drop_table('officer_preferences')
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_column('handover_summary')
