"""Issue 16: regio-coordinators confirm a route-map contact or propose a correction.

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('contact_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('map_id', sa.String(length=64), nullable=False),
    sa.Column('contact_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('checked_on', sa.String(length=10), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('proposed_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('exported_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by'], ['officers.id'], name=op.f('fk_contact_reviews_decided_by_officers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposed_by'], ['officers.id'], name=op.f('fk_contact_reviews_proposed_by_officers'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_reviews'))
    )
    with op.batch_alter_table('contact_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_reviews_map_id'), ['map_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('contact_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_reviews_map_id'))
    op.drop_table('contact_reviews')
