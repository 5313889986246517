"""A database made by the code before the restructuring (schema version 3, numbered migrations,
users known by their bare Telegram id) upgrades in place: every row kept, every button still
valid. tests/data/legacy_v3.sqlite was written by that code (commit 00e12a0) with a finished
console user with a plan, reports and a reminder; a Chinese user mid-interview; a user who
re-diagnosed and paused; a user asked for their limit; and a visitor's logged question."""
from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core import Advisor
from bot.kb import default
from bot.store import Store
from tests.helpers import Chat, open_question, plain

LEGACY = Path(__file__).resolve().parents[1] / "data" / "legacy_v3.sqlite"


@pytest.fixture
def upgraded(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(LEGACY, path)
    store = Store(path)
    yield store
    store.close()


def test_every_row_is_kept_with_its_user_s_channel_key(upgraded):
    users = {row["id"]: row for row in upgraded.db.query("select * from users")}
    assert set(users) == {"console:1", "telegram:555000111", "telegram:777000222", "telegram:888000333"}
    assert users["telegram:555000111"]["language"] == "zh"
    assert users["telegram:777000222"]["awaiting"] == "paused" and users["telegram:888000333"]["awaiting"] == "limit"
    assert upgraded.db["answers"].count == 71 and upgraded.db["interviews"].count == 5
    assert [h["amount"] for h in upgraded.limit_history("console:1")] == [5000, 8000]
    assert upgraded.next_reminder("console:1")["frequency"] == "weekly"
    steps = upgraded.latest_diagnosis("console:1")["steps"]
    assert steps[0] == {**steps[0], "step_id": "keep_on_time", "status": "done"}
    assert upgraded.latest_diagnosis("telegram:777000222") is not None
    assert upgraded.db["faq_log"].count == 2
    # questions logged before they were linked to a user could never be forgotten: no text kept
    assert [r["text"] for r in upgraded.db.query("select text from faq_log")] == [None, None]
    assert next(upgraded.db.query("pragma integrity_check"))["integrity_check"] == "ok"
    assert upgraded.db.execute("pragma foreign_key_check").fetchall() == []


def test_the_numbered_history_is_carried_over_and_nothing_runs_twice(upgraded, tmp_path):
    assert not upgraded.db["schema_migrations"].exists()
    assert upgraded.applied_migrations() == ["m1_initial", "m2_follow_up", "m3_interview_ids", "m4_user_keys",
                                             "m5_faq_log_user", "m6_reminder_delivery", "m7_inbox",
                                             "m8_delivery_marks"]
    upgraded.close()
    again = Store(upgraded.path)
    assert again.db["_sqlite_migrations"].count == 8 and again.db["users"].count == 4
    again.close()


def test_the_button_a_user_saw_before_the_upgrade_still_works(upgraded):
    """The Chinese user was at credit_card_overdue of interview 2: the button sent then applies."""
    chat = Chat(Advisor(upgraded, default(), ZoneInfo("Asia/Shanghai")), lang="zh")
    chat.user = "telegram:555000111"
    chat.press_data("a:2:credit_card_overdue:none")
    # the next open question: one added since (overdues with lenders outside WeChat)
    assert open_question(chat) == "other_lender_overdue"
    assert upgraded.answers(2)["credit_card_overdue"] == "none"
    chat.press_data("a:2:credit_card_overdue:past")  # now out of date: answered politely, applies nothing
    assert upgraded.answers(2)["credit_card_overdue"] == "none" and "之前那道题" in chat.text


def test_the_console_user_continues_with_their_plan(upgraded):
    clock = lambda: datetime(2026, 12, 7, 3, 0, tzinfo=timezone.utc)  # noqa: E731
    advisor = Advisor(upgraded, default(), ZoneInfo("Asia/Shanghai"), clock=clock)
    due = advisor.due_reminders("console")
    assert [user for user, _ in due] == ["console:1"]  # the weekly reminder booked before the upgrade
    assert advisor.due_reminders("telegram") == []
    chat = Chat(advisor)
    chat.user = "console:1"
    chat.command("plan")
    labels = [plain(b.label) for b in chat.buttons()]
    assert labels[0].startswith("1. ✅") and all("⬜" in label for label in labels[1:])  # step 1 was done
