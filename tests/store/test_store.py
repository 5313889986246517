"""The store on a fresh database: migrations, privacy of the file, what is kept."""
from __future__ import annotations

import stat
import subprocess
import sys

import pytest
from sqlite_utils import Database

from bot.store import SUMMARY, USER_ROWS, Store
from bot.store.migrations import migrations

EXPECTED_TABLES = {"_sqlite_migrations", "users", "interviews", "answers", "diagnoses",
                   "plan_steps", "limit_reports", "reminders", "faq_log", "id_counters"}
NAMES = [m.name for m in migrations._migrations]
U1, U2 = "test:1", "test:2"


def test_migrations_from_empty_create_every_table(tmp_path):
    s = Store(tmp_path / "new.db")
    assert s.applied_migrations() == NAMES
    assert EXPECTED_TABLES <= set(s.tables())
    assert s.db["users"].columns_dict["id"] is str  # users are known by a channel-scoped key
    s.close()


def test_reopening_applies_nothing_twice_and_keeps_data(tmp_path):
    path = tmp_path / "qd.db"
    s = Store(path)
    s.add_user(U1, "en")
    iid = s.start_interview(U1, "quota_status")
    s.save_answer(iid, "quota_status", "closed", "limit_before")
    s.close()
    s = Store(path)
    assert s.db["_sqlite_migrations"].count == len(NAMES)
    assert s.answers(iid) == {"quota_status": "closed"}
    assert s.open_interview(U1)["current"] == "limit_before"
    s.close()


def _stopped_before(path, name: str) -> None:
    """A database whose migrations stopped before `name` (as an older release left it)."""
    db = Database(path)
    migrations.apply(db, stop_before=name)
    db.close()


def test_each_earlier_schema_migrates_to_the_latest(tmp_path):
    for i, name in enumerate(NAMES):
        path = tmp_path / f"before_{name}.db"
        _stopped_before(path, name)
        s = Store(path)
        assert s.applied_migrations() == NAMES, name
        assert EXPECTED_TABLES <= set(s.tables())
        s.close()


def test_database_file_is_owner_only_and_in_wal_mode(tmp_path):
    path = tmp_path / "sub" / "qd.db"
    s = Store(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert next(s.db.query("pragma journal_mode"))["journal_mode"] == "wal"
    s.close()


def test_starting_an_interview_abandons_the_open_one(store):
    store.add_user(U1, "en")
    first = store.start_interview(U1, "quota_status")
    second = store.start_interview(U1, "quota_status")
    assert store.interview(first)["status"] == "abandoned"
    assert store.open_interview(U1)["id"] == second


def test_skipped_answer_is_kept_as_none(store):
    store.add_user(U1, "en")
    iid = store.start_interview(U1, "limit_before")
    store.save_answer(iid, "limit_before", None, "limit_now")
    assert store.answers(iid) == {"limit_before": None}


def test_finishing_keeps_the_diagnosis_and_carries_step_progress_over(store):
    store.add_user(U1, "en")
    iid = store.start_interview(U1, "quota_status")
    result = {"reasons": [{"id": "overdue"}], "plan": [{"id": "repay_overdue", "reasons": ["overdue"]},
                                                       {"id": "wait_for_review", "reasons": ["risk_policy"]}]}
    d1 = store.finish_interview(iid, result)
    assert store.interview(iid)["status"] == "finished" and store.interview(iid)["current"] == SUMMARY
    assert store.set_step_status(d1, "repay_overdue", "done")
    with pytest.raises(ValueError):
        store.set_step_status(d1, "repay_overdue", "bogus")
    iid2 = store.start_interview(U1, "quota_status")
    store.finish_interview(iid2, {"reasons": [], "plan": [{"id": "wait_for_review"}, {"id": "repay_overdue"}]})
    latest = store.latest_diagnosis(U1)
    assert [(s["step_id"], s["status"]) for s in latest["steps"]] == [("wait_for_review", "todo"), ("repay_overdue", "done")]
    assert store.db["diagnoses"].count == 2


def test_a_failed_multi_row_write_leaves_nothing_half_done(store):
    store.add_user(U1, "en")
    iid = store.start_interview(U1, "quota_status")
    with pytest.raises(Exception):
        store.finish_interview(iid, {"reasons": [], "plan": [{"no_id": True}]})
    assert store.interview(iid)["status"] == "open"
    assert store.db["diagnoses"].count == 0


def test_forget_removes_every_row_about_the_user_and_nobody_else(store):
    for uid in (U1, U2):
        store.add_user(uid, "en")
        iid = store.start_interview(uid, "quota_status")
        store.save_answer(iid, "quota_status", "reduced", "limit_before")
        store.finish_interview(iid, {"reasons": [], "plan": [{"id": "wait_for_review"}]})
    store.db["limit_reports"].insert({"user_id": U1, "amount": 5000, "status": "open", "reported_at": "x"})
    store.db["reminders"].insert({"user_id": U1, "frequency": "weekly", "due_at": "x", "sent_at": None})
    assert store.forget(U1) > 0
    assert list(store.rows_about(U1)) == []
    for table in ("limit_reports", "reminders"):
        assert store.db[table].count == 0
    assert store.user(U2) is not None and store.latest_diagnosis(U2) is not None


def test_interview_ids_are_never_reused_after_forget(store):
    store.add_user(U1, "en")
    first = store.start_interview(U1, "quota_status")
    store.forget(U1)
    store.add_user(U1, "en")
    assert store.start_interview(U1, "quota_status") > first


def test_interview_ids_continue_after_those_of_an_older_database(tmp_path):
    path = tmp_path / "v2.db"
    _stopped_before(path, "m3_interview_ids")
    db = Database(path)
    db["users"].insert({"id": 1, "language": "en", "active": 1})
    db["interviews"].insert({"id": 7, "user_id": 1, "status": "finished", "current": "x", "editing": 0})
    db.close()
    s = Store(path)
    assert s.start_interview("console:1", "quota_status") == 8
    s.close()


def test_the_user_rows_list_covers_every_table_with_a_user(store):
    """/mydata and /forget read one list; a table that keeps rows about a user must be in it."""
    listed = {table for table, _ in USER_ROWS}
    for table in store.tables():
        columns = store.db[table].columns_dict
        if "user_id" in columns or table == "users" or any(
                fk.other_table in listed for fk in store.db[table].foreign_keys):
            assert table in listed, table


def test_a_transaction_that_reads_first_is_not_broken_by_another_connection_writing(tmp_path):
    """The Telegram channel writes its marks on a second connection while the store's thread
    claims reminders (a read, then a write, in one transaction): every claim and every mark
    goes through (the transaction takes the write lock when it begins and the other waits)."""
    import threading
    store = Store(tmp_path / "qd.db")
    twin = store.twin()
    store.add_user("telegram:1", "en")
    store.set_reminders("telegram:1", "weekly", "2000-01-01T00:00:00+00:00")
    store.keep_updates([(1, "telegram:1", "{}")])
    errors: list[Exception] = []

    def marks() -> None:
        for count in range(300):
            try:
                twin.reply_sent(1, count)
            except Exception as exc:  # noqa: BLE001 - counted and asserted below
                errors.append(exc)
    marking = threading.Thread(target=marks)
    marking.start()
    claims = 0
    for _ in range(300):
        try:  # held until a moment already past: the next loop claims it again
            claims += len(store.claim_due_reminders("2030-01-01T00:00:00+00:00", "2001-01-01T00:00:00+00:00",
                                                    "telegram"))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
    marking.join()
    assert errors == [] and claims == 300
    assert store.db["inbox"].get(1)["sent"] == 299
    twin.close()
    store.close()


def test_a_second_connection_keeps_the_writes_visible_to_other_processes(tmp_path):
    """Opening another connection in the bot's process (the channel's marks) must not drop the
    locks of the first: another process that opens and closes the file (a backup, `check`) would
    then delete the write-ahead log the bot still writes to, and the bot's answers would be seen
    by no one else, and lost at a kill."""
    path = tmp_path / "bot.db"
    bot = Store(path)
    bot.add_user("telegram:1", "en")
    marks = bot.twin()
    other = "import sys; from bot.store import Store; s = Store(sys.argv[1]); print(s.user(sys.argv[2]) is not None)"
    subprocess.run([sys.executable, "-c", other, str(path), "telegram:1"], check=True, capture_output=True)
    bot.add_user("telegram:2", "en")  # the next user to agree
    seen = subprocess.run([sys.executable, "-c", other, str(path), "telegram:2"], check=True, capture_output=True,
                          text=True).stdout.strip()
    marks.close()
    bot.close()
    assert seen == "True"


def test_a_lock_another_process_holds_is_waited_for_once_then_writes_fail_fast_until_it_is_free(tmp_path):
    """The store's calls run one after another: a lock held long must not cost every queued
    write the full wait. The first waits BUSY_TIMEOUT_MS and fails, later ones wait HELD_WAIT_MS
    (reads pass meanwhile), and the first write after the lock is gone is stored and brings the
    full wait back."""
    import sqlite3
    from bot.store import StorageError, connection
    assert connection.WAIT_IN_FULL.endswith(f"= {connection.BUSY_TIMEOUT_MS}")
    assert connection.WAIT_WHILE_HELD.endswith(f"= {connection.HELD_WAIT_MS}")
    path = tmp_path / "qd.db"
    s = Store(path)
    s.add_user(U1, "en")

    def wait_ms() -> int:
        return s.db.execute("PRAGMA busy_timeout").fetchone()[0]
    other = sqlite3.connect(path)
    other.execute("begin immediate")
    with pytest.raises(StorageError):
        s.set_language(U1, "zh")
    assert wait_ms() == connection.HELD_WAIT_MS
    assert s.user(U1)["language"] == "en"  # a read is not a write that got through
    assert wait_ms() == connection.HELD_WAIT_MS
    with pytest.raises(StorageError):
        s.start_interview(U1, "quota_status")
    other.rollback()
    s.set_language(U1, "zh")
    assert wait_ms() == connection.BUSY_TIMEOUT_MS and s.user(U1)["language"] == "zh"
    assert s.open_interview(U1) is None  # the failed write left nothing half-done

    other.execute("begin immediate")
    with pytest.raises(StorageError):
        s.set_language(U1, "en")
    s.db.conn.held_until = 1.0  # HELD_FOR_S passed without a try: the next write waits in full
    s.user(U1)
    assert wait_ms() == connection.BUSY_TIMEOUT_MS
    other.rollback()
    other.close()
    s.close()
