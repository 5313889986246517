"""The time the store writes on its rows: UTC, to the second, in ISO form (so that rows compare
as text)."""
from __future__ import annotations

from datetime import datetime, timezone


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
