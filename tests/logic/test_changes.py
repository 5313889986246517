"""What changed between two diagnoses (logic/changes.py)."""
from __future__ import annotations

from bot.logic.changes import changes
from bot.logic.diagnosis import diagnose
from tests.helpers import CLEAN


def test_changes_name_resolved_new_and_changed_reasons_and_steps(knowledge):
    before = diagnose(dict(CLEAN, other_loans="6_plus", real_name="no"), knowledge).to_json()
    after = diagnose(dict(CLEAN, other_loans="1_2", illegal_groups="yes"), knowledge).to_json()
    found = changes(before, after)
    assert "unstable_profile" in found["resolved"]
    assert "risky_contacts" in found["new"]
    assert "multi_borrowing" in found["resolved"]  # 1 or 2 loans is too little to name it
    assert "complete_profile" in found["steps_dropped"] and "clean_contacts" in found["steps_added"]
    assert changes(None, after) is None
