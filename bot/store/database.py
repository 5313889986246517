"""Everything Quota Doctor remembers, in SQLite through sqlite-utils. All SQL lives in this package.

Users are known by a channel-scoped key (`telegram:123`, `console:1`). Every answer, plan step
status and reported limit is written the moment it is given, so a process killed at any point
loses nothing. The schema is `migrations.py`.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any, Iterator

from .clock import now
from .connection import ImmediateDatabase, StorageError, StoreUnavailable, connect, why_unusable
from .migrations import SUMMARY, adopt_numbered, migrations
from .inbox import InboxRows
from .reminders import ReminderRows

DEFAULT_PATH = "./data/quota_doctor.db"
CHECKPOINT_TRIES = 10  # /forget empties the write-ahead log; another connection may hold it a moment
STEP_STATUSES = ("todo", "doing", "done", "skip")

# Every table that holds rows about a user, children first, with how its rows are found from the
# user's key: /mydata exports these, /forget deletes them. The one list of what a user owns.
USER_ROWS: tuple[tuple[str, str], ...] = (
    ("inbox", "user_id = ?"),
    ("faq_log", "user_id = ?"),
    ("plan_steps", "diagnosis_id in (select id from diagnoses where user_id = ?)"),
    ("diagnoses", "user_id = ?"),
    ("answers", "interview_id in (select id from interviews where user_id = ?)"),
    ("interviews", "user_id = ?"),
    ("limit_reports", "user_id = ?"),
    ("reminders", "user_id = ?"),
    ("users", "id = ?"),
)


class Store(ReminderRows, InboxRows):
    """The advisor's memory. One instance per process, used by one thread at a time (the
    Telegram channel keeps it on a thread of its own, off the event loop)."""

    def __init__(self, path: str | os.PathLike | None = None, *, memory: bool = False):
        if memory:
            self.db = ImmediateDatabase(memory=True)
            self.path = None
        else:
            self.path = Path(path or DEFAULT_PATH)
            self.db = connect(self.path)
        self.db.execute("PRAGMA foreign_keys = ON")
        # what /forget deletes is overwritten, whatever default this SQLite was built with
        self.db.execute("PRAGMA secure_delete = ON")
        try:
            self.migrate()
        except StorageError as exc:
            raise StoreUnavailable(why_unusable(self.path or Path(":memory:"), exc)) from None

    def check(self) -> None:
        """SQLite's quick check of the whole file (before serving): StoreUnavailable if damaged."""
        try:
            result = [row[0] for row in self.db.execute("PRAGMA quick_check").fetchall()]
        except StorageError as exc:
            raise StoreUnavailable(why_unusable(self.path, exc)) from None
        if result != ["ok"]:
            raise StoreUnavailable(why_unusable(self.path, StorageError(f"database disk image is malformed ({result[0]})")))

    def twin(self) -> "Store":
        """A second connection to the same file (for another thread); an in-memory store has
        no twin and returns itself."""
        return self if self.path is None else Store(self.path)

    def close(self) -> None:
        self.db.close()

    # -- schema --------------------------------------------------------------------------
    def migrate(self, stop_before: str | None = None) -> None:
        """Apply the migrations not applied yet (after adopting a numbered schema's records)."""
        adopt_numbered(self.db)
        migrations.apply(self.db, stop_before=stop_before)

    def applied_migrations(self) -> list[str]:
        return [m.name for m in migrations.applied(self.db)]

    def tables(self) -> list[str]:
        return self.db.table_names()

    # -- users ---------------------------------------------------------------------------
    def user(self, user: str) -> dict | None:
        rows = list(self.db.query("select * from users where id = ?", [user]))
        return rows[0] if rows else None

    def add_user(self, user: str, language: str) -> dict:
        """Record a user who agreed to have their answers kept."""
        stamp = now()
        self.db["users"].upsert({"id": user, "language": language, "consented_at": stamp,
                                 "created": stamp, "active": 1}, pk="id")
        return self.user(user)

    def set_language(self, user: str, language: str) -> None:
        self.db.execute("update users set language = ? where id = ?", [language, user])

    def set_active(self, user: str, active: bool) -> None:
        self.db.execute("update users set active = ? where id = ?", [int(active), user])

    def set_awaiting(self, user: str, what: str | None) -> None:
        """Remember what the next typed text answers (e.g. 'limit'), or nothing."""
        self.db.execute("update users set awaiting = ? where id = ?", [what, user])

    # -- interviews ----------------------------------------------------------------------
    def open_interview(self, user: str) -> dict | None:
        rows = list(self.db.query(
            "select * from interviews where user_id = ? and status = 'open' order by id desc limit 1", [user]))
        return rows[0] if rows else None

    def interview(self, interview_id: int) -> dict | None:
        rows = list(self.db.query("select * from interviews where id = ?", [interview_id]))
        return rows[0] if rows else None

    def latest_interview(self, user: str) -> dict | None:
        rows = list(self.db.query("select * from interviews where user_id = ? order by id desc limit 1", [user]))
        return rows[0] if rows else None

    def start_interview(self, user: str, first_question: str, answers: dict[str, Any] | None = None) -> int:
        """Abandon any open interview and open a new one (optionally seeded with answers)."""
        stamp = now()
        with self.db.atomic():
            self.db.execute(
                "update interviews set status = 'abandoned', updated = ? where user_id = ? and status = 'open'",
                [stamp, user])
            self.db.execute("update id_counters set value = value + 1 where name = 'interviews'")
            interview_id = next(self.db.query("select value from id_counters where name = 'interviews'"))["value"]
            self.db["interviews"].insert({
                "id": interview_id, "user_id": user, "status": "open", "current": first_question,
                "editing": 0, "started": stamp, "updated": stamp,
            })
            if answers:
                self.db["answers"].insert_all(
                    {"interview_id": interview_id, "question_id": q, "value": json.dumps(v),
                     "answered_at": stamp} for q, v in answers.items())
        return interview_id

    def answers(self, interview_id: int) -> dict[str, Any]:
        """question id → answer (None for a skipped question)."""
        return {row["question_id"]: json.loads(row["value"]) for row in self.db.query(
            "select question_id, value from answers where interview_id = ?", [interview_id])}

    def save_answer(self, interview_id: int, question_id: str, value: Any, current: str,
                    editing: bool | None = None) -> None:
        """Keep one answer and move the interview to its next question, together."""
        stamp = now()
        with self.db.atomic():
            self.db.execute(
                "insert into answers (interview_id, question_id, value, answered_at) values (?, ?, ?, ?) "
                "on conflict (interview_id, question_id) do update set value = excluded.value, "
                "answered_at = excluded.answered_at", [interview_id, question_id, json.dumps(value), stamp])
            self._move(interview_id, current, editing, stamp)

    def move_to(self, interview_id: int, current: str, editing: bool | None = None) -> None:
        self._move(interview_id, current, editing, now())

    def _move(self, interview_id: int, current: str, editing: bool | None, stamp: str) -> None:
        if editing is None:
            self.db.execute("update interviews set current = ?, updated = ? where id = ?",
                            [current, stamp, interview_id])
        else:
            self.db.execute("update interviews set current = ?, editing = ?, updated = ? where id = ?",
                            [current, int(editing), stamp, interview_id])

    # -- diagnoses and plans -------------------------------------------------------------
    def finish_interview(self, interview_id: int, result: dict) -> int:
        """Close the interview, keep its diagnosis and plan; progress on steps that still apply
        is carried over from the user's previous plan."""
        stamp = now()
        user = self.interview(interview_id)["user_id"]
        previous = self.latest_diagnosis(user)
        kept = {s["step_id"]: s["status"] for s in previous["steps"]} if previous else {}
        with self.db.atomic():
            self.db.execute("update interviews set status = 'finished', current = ?, updated = ? where id = ?",
                            [SUMMARY, stamp, interview_id])
            diagnosis_id = self.db["diagnoses"].insert({
                "user_id": user, "interview_id": interview_id, "created": stamp,
                "result": json.dumps(result, ensure_ascii=False),
            }).last_pk
            self.db["plan_steps"].insert_all(
                {"diagnosis_id": diagnosis_id, "step_id": step["id"], "position": i,
                 "status": kept.get(step["id"], "todo"), "updated": stamp}
                for i, step in enumerate(result["plan"]))
        return diagnosis_id

    def latest_diagnosis(self, user: str) -> dict | None:
        """The newest diagnosis: its row, `result` decoded, and `steps` in plan order."""
        rows = list(self.db.query("select * from diagnoses where user_id = ? order by id desc limit 1", [user]))
        if not rows:
            return None
        row = rows[0]
        row["result"] = json.loads(row["result"])
        row["steps"] = list(self.db.query(
            "select step_id, status, updated from plan_steps where diagnosis_id = ? order by position", [row["id"]]))
        return row

    def set_step_status(self, diagnosis_id: int, step_id: str, status: str) -> bool:
        if status not in STEP_STATUSES:
            raise ValueError(status)
        cursor = self.db.execute(
            "update plan_steps set status = ?, updated = ? where diagnosis_id = ? and step_id = ?",
            [status, now(), diagnosis_id, step_id])
        return cursor.rowcount == 1

    # -- reported limits -----------------------------------------------------------------
    def report_limit(self, user: str, amount: int, status: str) -> None:
        with self.db.atomic():
            self.db["limit_reports"].insert({"user_id": user, "amount": amount, "status": status,
                                             "reported_at": now()})
            self.db.execute("update users set awaiting = null where id = ?", [user])

    def limit_history(self, user: str) -> list[dict]:
        return list(self.db.query(
            "select amount, status, reported_at from limit_reports where user_id = ? order by id", [user]))

    # -- free text ----------------------------------------------------------------------
    def log_faq(self, lang: str, text: str | None, topic: str | None, score: float,
                user: str | None = None) -> None:
        """Keep a redacted question so unanswered ones can be reviewed, with its user's key (so
        /mydata exports it and /forget deletes it); a text is kept only with a user."""
        self.db["faq_log"].insert({"created": now(), "lang": lang, "text": text if user else None,
                                   "topic": topic, "score": round(score, 4), "user_id": user})

    def unmatched_questions(self, limit: int = 20) -> list[dict]:
        """The most often asked questions that no topic answered."""
        return list(self.db.query(
            "select text, lang, count(*) as times, max(created) as last_asked, max(score) as best_score "
            "from faq_log where topic is null and text is not null "
            "group by lower(trim(text)) order by times desc, last_asked desc limit ?", [limit]))

    # -- your data -----------------------------------------------------------------------
    def rows_about(self, user: str) -> Iterator[tuple[str, dict]]:
        """Every stored row about a user, as (table, row), parents first."""
        for table, where in reversed(USER_ROWS):
            for row in self.db[table].rows_where(where, [user]):
                yield table, row

    def forget(self, user: str) -> int:
        """Delete every row about a user in every table; return how many rows went. Deleted
        content is overwritten (secure_delete), and the write-ahead log, which still holds
        copies of the pages, is checkpointed into the file and emptied."""
        deleted = 0
        with self.db.atomic():
            for table, where in USER_ROWS:
                before = self.db[table].count
                self.db[table].delete_where(where, [user])
                deleted += before - self.db[table].count
        if self.path is not None:  # another connection busy a moment (the channel's marks): try again
            for _ in range(CHECKPOINT_TRIES):
                if self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0:
                    break
                time.sleep(0.05)
        return deleted
