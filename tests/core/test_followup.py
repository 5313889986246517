"""Follow-up on recovery: plan status, reported limits and chart, reminders on a fake clock,
re-diagnosis with what changed, and the user's data."""
from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from bot.core import Advisor
from bot.store import Store
from tests.helpers import Chat, open_question, plain
from tests.helpers import CLEAN, answer_all, start

SHANGHAI = timezone(timedelta(hours=8))


class Clock:
    def __init__(self, when: datetime):
        self.now = when

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    return Clock(datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI))  # a Tuesday morning in Shanghai


@pytest.fixture
def advisor(store, knowledge, clock):
    return Advisor(store, knowledge, ZoneInfo("Asia/Shanghai"), clock=clock)


@pytest.fixture
def chat(advisor):
    return Chat(advisor)


def diagnosed(chat: Chat, profile: dict) -> None:
    start(chat)
    answer_all(chat, profile)
    chat.press("See my result")


def test_first_plan_offers_reminders_and_plan_steps_change_status(chat, store):
    diagnosed(chat, dict(CLEAN, other_loans="6_plus", overdue_microloan="current", overdue_days="4_30", can_pay_due="yes"))
    assert "remind you" in chat.text
    assert {"weekly", "every two weeks", "monthly", "off"} <= {plain(b.label) for b in chat.buttons()}
    chat.command("plan")
    assert "0 of 5 steps done" in chat.text
    chat.press("1. ⬜")
    assert "Mark this step as" in chat.text and "Repay what is overdue" in chat.text
    chat.press("done")
    assert chat.last[0].edit
    assert "1 of 5 steps done" in chat.text and "1. ✅" in " ".join(b.label for b in chat.buttons())
    assert store.latest_diagnosis("test:42")["steps"][0]["status"] == "done"


def test_stale_step_button_from_an_old_plan_changes_nothing(chat, store):
    diagnosed(chat, CLEAN)
    old = store.latest_diagnosis("test:42")["id"]
    chat.command("diagnose")
    chat.press("Start fresh")
    answer_all(chat, CLEAN)
    chat.press("See my result")
    chat.press_data(f"ss:{old}:0:done")
    assert "earlier" in chat.text
    assert all(s["status"] == "todo" for s in store.latest_diagnosis("test:42")["steps"])


def test_reporting_limits_builds_a_history_and_a_chart(chat, store, clock):
    diagnosed(chat, dict(CLEAN, other_loans="6_plus"))
    chat.command("progress")
    assert "No limit reported yet" in chat.text
    chat.say("5千")
    assert "Noted: ¥5,000" in chat.text
    assert not any(r.photo for r in chat.last)  # one report: no chart yet
    clock.advance(days=14)
    chat.command("progress")
    chat.say("3000")
    assert "down from ¥5,000" in chat.text and "Next step on your plan" in chat.text
    assert "blame" not in chat.text
    clock.advance(days=14)
    chat.command("progress")
    chat.say("1.2万")
    assert "🎉 Up from ¥3,000 to ¥12,000" in chat.text
    assert "Change since your first report: +¥7,000" in chat.text
    # one message (what was noted, the history), then the chart, captioned in words
    assert len(chat.last) == 2 and chat.last[1].photo and not chat.last[0].photo
    noted = chat.last[0].text
    assert noted.index("Up from") < noted.index("Your progress") and "¥5,000\n• " in noted  # no blank line between reports
    assert chat.last[1].text == "Your Weilidai limit (yuan) over time"
    photo = [r.photo for r in chat.last if r.photo][0]
    image = Image.open(io.BytesIO(photo.content))
    assert image.format == "PNG" and image.size == (960, 600)
    assert [h["amount"] for h in store.limit_history("test:42")] == [5000, 3000, 12000]


def test_a_closed_limit_and_zero_are_accepted_honestly(chat, store):
    diagnosed(chat, CLEAN)
    chat.command("progress")
    chat.press("Closed / 0")
    assert "¥0 (closed)" in chat.text
    chat.command("progress")
    chat.say("0")
    assert store.limit_history("test:42")[-1] == {**store.limit_history("test:42")[-1], "amount": 0, "status": "closed"}


def test_text_after_progress_that_is_not_an_amount_is_a_question(chat, store):
    diagnosed(chat, CLEAN)
    chat.command("progress")
    chat.say("does checking my limit show on my credit report?")
    assert chat.advisor.k.faq.topic_by_id["credit_report_check"].question.get("en") in chat.text
    assert store.limit_history("test:42") == []
    chat.command("help")
    chat.say("5000")  # after another command, a number is no longer a limit report
    assert store.limit_history("test:42") == []


def test_reminders_are_booked_sent_once_and_wait_for_the_morning(chat, store, clock, advisor):
    diagnosed(chat, dict(CLEAN, other_loans="6_plus"))
    chat.press("weekly")
    due = datetime.fromisoformat(store.next_reminder("test:42")["due_at"])
    assert due == clock.now + timedelta(days=7)
    assert advisor.due_reminders("test") == []  # not due yet
    clock.advance(days=7, hours=13)  # 23:00 in Shanghai: quiet hours
    assert advisor.due_reminders("test") == []
    clock.advance(hours=9)  # 08:00 next morning
    sent = advisor.due_reminders("test")
    assert [uid for uid, _ in sent] == ["test:42"]
    text = plain(sent[0][1][0].text)
    assert "What is your Weilidai limit now?" in text
    assert chat.advisor.k.diagnosis.step_by_id["reduce_borrowing"].title.get("en") in text  # the next open step
    assert any(b.data == "lim:ask" for row in sent[0][1][0].buttons for b in row)
    assert advisor.due_reminders("test") == []  # never twice
    nxt = datetime.fromisoformat(store.next_reminder("test:42")["due_at"]).astimezone(SHANGHAI)
    assert nxt.date() == (clock.now + timedelta(days=7)).date() and 8 <= nxt.hour < 22


def test_a_booked_reminder_survives_a_restart_and_is_sent_once(tmp_path, knowledge, clock, monkeypatch):
    monkeypatch.setenv("QUOTA_DOCTOR_TZ", "Asia/Shanghai")
    path = tmp_path / "qd.db"
    store = Store(path)
    chat = Chat(Advisor(store, knowledge, ZoneInfo("Asia/Shanghai"), clock=clock))
    diagnosed(chat, CLEAN)
    chat.press("monthly")
    store.close()
    clock.advance(days=31)
    first = Advisor(Store(path), knowledge, ZoneInfo("Asia/Shanghai"), clock=clock)
    second = Advisor(Store(path), knowledge, ZoneInfo("Asia/Shanghai"), clock=clock)  # e.g. the old process still running
    sent = first.due_reminders("test") + second.due_reminders("test")
    assert len(sent) == 1


def _booked(store) -> list[dict]:
    return list(store.db.query("select * from reminders where user_id = 'test:42' order by id"))


def test_a_reminder_that_failed_is_tried_again_after_a_back_off_then_the_next_is_booked_once(chat, store, clock, advisor):
    diagnosed(chat, CLEAN)
    chat.press("weekly")
    clock.advance(days=7, hours=1)
    first = advisor.claim_reminders("test")
    assert [r.user for r in first] == ["test:42"] and "limit" in plain(first[0].replies[0].text)
    assert advisor.claim_reminders("test") == []  # held by its claim: no second sender takes it
    advisor.reminder_failed(first[0].id)  # a timeout, say
    assert advisor.claim_reminders("test") == []  # not before the back-off
    clock.advance(seconds=61)
    again = advisor.claim_reminders("test")
    assert [r.id for r in again] == [first[0].id]
    advisor.reminder_delivered(again[0].id)
    advisor.reminder_delivered(again[0].id)  # reported twice: still one next reminder
    rows = _booked(store)
    assert rows[0]["sent_at"] and rows[0]["attempts"] == 1
    assert len(rows) == 2 and rows[1]["sent_at"] is None
    assert advisor.claim_reminders("test") == []


def test_a_claim_never_reported_is_taken_again_after_the_hold(chat, store, clock, advisor):
    """The process died while sending: the reminder is not lost."""
    diagnosed(chat, CLEAN)
    chat.press("weekly")
    clock.advance(days=7, hours=1)
    assert len(advisor.claim_reminders("test")) == 1  # ...and the sender died
    clock.advance(minutes=9)
    assert advisor.claim_reminders("test") == []
    clock.advance(minutes=2)
    assert [r.user for r in advisor.claim_reminders("test")] == ["test:42"]


def test_a_reminder_telegram_took_before_the_sender_died_is_not_sent_again_and_the_next_is_booked(
        chat, store, clock, advisor):
    """The channel marked it taken (its own connection, at once), then the process died before
    the bookkeeping: after the hold nobody sends it again, and the next one is booked."""
    diagnosed(chat, CLEAN)
    chat.press("weekly")
    clock.advance(days=7, hours=1)
    claimed = advisor.claim_reminders("test")
    assert len(claimed) == 1
    store.reminder_taken(claimed[0].id, clock.now.isoformat())
    clock.advance(minutes=11)
    assert advisor.claim_reminders("test") == []
    rows = _booked(store)
    assert rows[0]["sent_at"] is not None and rows[0]["delivered_at"] is not None
    assert len(rows) == 2 and rows[1]["sent_at"] is None  # the next one, booked once
    assert advisor.claim_reminders("test") == [] and len(_booked(store)) == 2

def test_a_reminder_is_given_up_after_the_last_attempt_or_a_permanent_failure_and_the_next_booked(chat, store, clock, advisor):
    diagnosed(chat, CLEAN)
    chat.press("weekly")
    clock.advance(days=7, hours=1)
    for attempt in range(5):
        claimed = advisor.claim_reminders("test")
        assert len(claimed) == 1, attempt
        advisor.reminder_failed(claimed[0].id, retry_after=3)
        clock.advance(hours=2)
    assert advisor.claim_reminders("test") == []
    rows = _booked(store)
    assert rows[0]["failed_at"] and rows[0]["attempts"] == 5 and rows[0]["sent_at"] is None
    assert len(rows) == 2 and rows[1]["due_at"] > rows[0]["due_at"]
    clock.advance(days=7)
    claimed = advisor.claim_reminders("test")
    advisor.reminder_failed(claimed[0].id, permanent=True)  # chat not found
    rows = _booked(store)
    assert rows[1]["failed_at"] and rows[1]["attempts"] == 1 and len(rows) == 3


def test_time_goes_on_when_the_system_clock_steps_back():
    from bot.core.turn import SteadyClock
    wall = Clock(datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc))
    tick = [100.0]
    steady = SteadyClock(wall, lambda: tick[0])
    assert steady() == wall.now
    wall.advance(days=-1)  # the clock steps back a day...
    tick[0] += 70
    assert steady() == datetime(2026, 12, 1, 10, 1, 10, tzinfo=timezone.utc)  # ...time goes on
    wall.advance(days=1, seconds=80)  # and forward again
    tick[0] += 10
    assert steady() == wall.now


def test_blocked_users_and_reminders_off_get_nothing(chat, store, clock, advisor):
    diagnosed(chat, CLEAN)
    chat.press("weekly")
    advisor.user_unreachable("test:42")
    clock.advance(days=8)
    assert advisor.due_reminders("test") == []
    store.set_active("test:42", True)
    chat.command("reminders")
    chat.press("off")
    assert "Reminders are off" in chat.text
    clock.advance(days=30)
    assert advisor.due_reminders("test") == [] and store.next_reminder("test:42") is None


def test_finishing_every_step_asks_whether_to_keep_reminders(chat, store):
    diagnosed(chat, CLEAN)
    chat.press("weekly")
    chat.command("plan")
    while any("⬜" in b.label for b in chat.buttons()):
        chat.press("⬜")
        chat.press("done")
    assert "Every step of your plan is marked done" in chat.text
    chat.press("Stop reminders")
    assert store.user("test:42")["reminder_frequency"] == "off"


def test_re_diagnosis_reuses_answers_and_says_what_changed(chat, store):
    diagnosed(chat, dict(CLEAN, overdue_microloan="current", overdue_days="4_30", other_loans="6_plus"))
    steps = [s["step_id"] for s in store.latest_diagnosis("test:42")["steps"]]
    store.set_step_status(store.latest_diagnosis("test:42")["id"], "reduce_borrowing", "doing")
    chat.command("diagnose")
    chat.press("Reuse my answers")
    assert "Your answers" in chat.text and "Late right now" in chat.text
    chat.press("Change an answer")
    chat.press("Weilidai overdue")
    chat.press("In the past")  # days overdue was answered before and is not asked again;
    assert open_question(chat) == "overdue_settled"  # but when it was settled now applies
    chat.press("April 2026 or later")
    chat.press("Change an answer")
    chat.press("Illegal groups")
    chat.press("Yes")
    chat.press("See my result")
    text = chat.text
    since = text[text.index("Since last time:"):].split("\n")[0]
    assert "steps no longer needed: Repay what is overdue, soon" in since
    k = chat.advisor.k
    assert f"new: {k.diagnosis.reason_by_id['risky_contacts'].title.get('en')}" in since
    assert f"{k.diagnosis.reason_by_id['overdue'].title.get('en')}: likely → possible" in since
    assert since.endswith("Progress on steps that still apply is kept.")
    latest = {s["step_id"]: s["status"] for s in store.latest_diagnosis("test:42")["steps"]}
    assert latest["reduce_borrowing"] == "doing" and "repay_overdue" not in latest
    assert "repay_overdue" in steps


def test_mydata_and_forget_cover_follow_up_data(chat, store, advisor, clock):
    diagnosed(chat, CLEAN)
    chat.press("weekly")
    chat.command("progress")
    chat.say("4000")
    chat.command("mydata")
    data = json.loads(chat.last[0].document.content)
    assert {"users", "interviews", "answers", "diagnoses", "plan_steps", "limit_reports", "reminders"} <= set(data)
    chat.command("forget")
    chat.press("Yes, delete everything")
    for table in store.tables():
        if table in ("_sqlite_migrations", "faq_log", "id_counters"):  # nothing about anyone
            continue
        assert store.db[table].count == 0, table
    clock.advance(days=8)
    assert advisor.due_reminders("test") == []


def test_a_user_who_unblocks_and_writes_again_gets_reminders_again(chat, store, clock, advisor):
    diagnosed(chat, CLEAN)
    chat.press("weekly")
    advisor.user_unreachable("test:42")
    chat.command("plan")  # they unblocked the bot and wrote to it
    assert store.user("test:42")["active"] == 1
    clock.advance(days=8)
    assert [uid for uid, _ in advisor.due_reminders("test")] == ["test:42"]


def test_a_double_tap_on_a_limit_button_records_one_report(chat, store):
    diagnosed(chat, dict(CLEAN))
    chat.command("progress")
    chat.say("5000")
    chat.command("progress")
    same = chat.button("Unchanged").data
    chat.press_data(same)
    chat.press_data(same)  # the second tap of a double tap
    assert [h["amount"] for h in store.limit_history("test:42")] == [5000, 5000]


def test_forget_leaves_no_byte_of_what_the_user_typed_in_the_file_or_its_log(chat, store):
    """A question typed (kept for review, linked to the user) and exported by /mydata; after
    /forget the raw bytes of the database and of its write-ahead log hold none of it."""
    marker = "zqxmarker plumbing question"
    start(chat)
    chat.command("cancel")
    chat.say(f"how do I fix my {marker}")
    chat.command("mydata")
    exported = json.loads(chat.last[0].document.content)
    assert any(marker in (row["text"] or "") for row in exported["faq_log"])

    def raw() -> bytes:
        return b"".join(p.read_bytes() for p in store.path.parent.glob(store.path.name + "*"))
    assert marker.encode() in raw()  # before: it is there (in the file or the log)
    chat.command("forget")
    chat.press("Yes, delete everything")
    assert marker.encode() not in raw()
    assert store.db["faq_log"].count == 0 or all(r["user_id"] is None and r["text"] is None
                                                 for r in store.db.query("select * from faq_log"))


def test_a_reminder_taken_and_then_given_up_is_left_alone(chat, store, clock, advisor):
    """Telegram took it, then the sender marked it failed (the user blocked the bot while its
    buttons were being tidied): no later scan books from it again and again."""
    diagnosed(chat, CLEAN)
    chat.press("weekly")
    clock.advance(days=7, hours=1)
    taken = advisor.claim_reminders("test")[0]
    store.reminder_taken(taken.id, clock.now.isoformat())
    advisor.reminder_failed(taken.id, permanent=True)
    assert store.reminders_taken_unbooked("test") == []
    booked = _booked(store)
    assert len(booked) == 2 and booked[0]["failed_at"] is not None  # the next one booked once
    clock.advance(minutes=11)
    assert advisor.claim_reminders("test") == [] and len(_booked(store)) == 2
