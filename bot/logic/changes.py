"""What changed between two diagnoses of one user (pure)."""
from __future__ import annotations


def changes(previous: dict | None, current: dict) -> dict | None:
    """Reasons resolved, new and changed in level; plan steps added and no longer needed.
    Both diagnoses in their JSON form; None when there is no previous one."""
    if previous is None:
        return None
    before = {r["id"]: r["level"] for r in previous["reasons"]}
    after = {r["id"]: r["level"] for r in current["reasons"]}
    steps_before = [s["id"] for s in previous["plan"]]
    steps_after = [s["id"] for s in current["plan"]]
    return {
        "resolved": [r for r in before if r not in after],
        "new": [r for r in after if r not in before],
        "level_changes": [(r, before[r], after[r]) for r in after if r in before and before[r] != after[r]],
        "steps_added": [s for s in steps_after if s not in steps_before],
        "steps_dropped": [s for s in steps_before if s not in steps_after],
    }
