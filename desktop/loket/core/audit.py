"""The append-only audit log. Use cases call `record` inside their own transaction."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from loket.core.clock import utc_now
from loket.db.models import AuditEntry


def record(
    session: Session,
    staff_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None,
    **detail: object,
) -> None:
    session.add(
        AuditEntry(
            at=utc_now(),
            staff_id=staff_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            detail=json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True),
        )
    )
