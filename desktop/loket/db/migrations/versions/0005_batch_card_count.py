"""Each batch's cards counted by state, kept in step by triggers instead of recounted per scan.

A scan used to count its batch's cards (GROUP BY over every card of the batch) to show the
batch's figures: 6 ms for a batch of 20,000, more for more. `batch_card_count` holds those
counts, one row per (batch, state, on the list or not), and the database keeps them in step
with every insert, update and delete of a card, whichever code (or bulk UPDATE) makes it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_KEY = "batch_id = {row}.batch_id AND state = {row}.state AND on_manifest = {row}.on_manifest"
_ADD = (
    "INSERT INTO batch_card_count (batch_id, state, on_manifest, cards) "
    "VALUES ({row}.batch_id, {row}.state, {row}.on_manifest, 1) "
    "ON CONFLICT (batch_id, state, on_manifest) DO UPDATE SET cards = batch_card_count.cards + 1"
)
_TAKE = "UPDATE batch_card_count SET cards = cards - 1 WHERE " + _KEY
_CHANGED = (
    "OLD.batch_id IS DISTINCT FROM NEW.batch_id OR OLD.state IS DISTINCT FROM NEW.state "
    "OR OLD.on_manifest IS DISTINCT FROM NEW.on_manifest"
)

_SQLITE_TRIGGERS = (
    f"CREATE TRIGGER card_count_insert AFTER INSERT ON card BEGIN {_ADD.format(row='NEW')}; END",
    f"CREATE TRIGGER card_count_delete AFTER DELETE ON card BEGIN {_TAKE.format(row='OLD')}; END",
    "CREATE TRIGGER card_count_update AFTER UPDATE OF batch_id, state, on_manifest ON card "
    f"WHEN {_CHANGED.replace('IS DISTINCT FROM', 'IS NOT')} "
    f"BEGIN {_TAKE.format(row='OLD')}; {_ADD.format(row='NEW')}; END",
)

# Two desks moving cards between the same two counts lock the two rows in one order (the
# smaller key first), so that they wait for each other instead of deadlocking.
_POSTGRESQL_FUNCTION = f"""
CREATE FUNCTION card_count_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_ADD.format(row="NEW")};
    ELSIF TG_OP = 'DELETE' THEN
        {_TAKE.format(row="OLD")};
    ELSIF ROW(OLD.batch_id, OLD.state, OLD.on_manifest)
            < ROW(NEW.batch_id, NEW.state, NEW.on_manifest) THEN
        {_TAKE.format(row="OLD")};
        {_ADD.format(row="NEW")};
    ELSE
        {_ADD.format(row="NEW")};
        {_TAKE.format(row="OLD")};
    END IF;
    RETURN NULL;
END
$$
"""
_POSTGRESQL_TRIGGERS = (
    _POSTGRESQL_FUNCTION,
    "CREATE TRIGGER card_count_insert_delete AFTER INSERT OR DELETE ON card "
    "FOR EACH ROW EXECUTE FUNCTION card_count_follow()",
    "CREATE TRIGGER card_count_update AFTER UPDATE OF batch_id, state, on_manifest ON card "
    f"FOR EACH ROW WHEN ({_CHANGED}) EXECUTE FUNCTION card_count_follow()",
)


def upgrade() -> None:
    op.create_table(
        "batch_card_count",
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("batch.id"), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("on_manifest", sa.Boolean(), nullable=False),
        sa.Column("cards", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("batch_id", "state", "on_manifest", name="pk_batch_card_count"),
    )
    op.execute(
        "INSERT INTO batch_card_count (batch_id, state, on_manifest, cards) "
        "SELECT batch_id, state, on_manifest, COUNT(*) FROM card "
        "GROUP BY batch_id, state, on_manifest"
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in _POSTGRESQL_TRIGGERS if postgresql else _SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER card_count_update ON card")
        op.execute("DROP TRIGGER card_count_insert_delete ON card")
        op.execute("DROP FUNCTION card_count_follow()")
    else:
        for name in ("card_count_update", "card_count_delete", "card_count_insert"):
            op.execute(f"DROP TRIGGER {name}")
    op.drop_table("batch_card_count")
