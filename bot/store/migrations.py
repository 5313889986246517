"""The database schema, as sqlite-utils `Migrations`: each migration runs once, in order, and
is recorded in `_sqlite_migrations`. Databases made before the project used sqlite-utils'
migrations recorded numbered versions in `schema_migrations`; `adopt_numbered` carries those
records over so nothing runs twice."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlite_utils import Database, Migrations

SUMMARY = "__summary__"  # an interview's `current` once every question is answered
CONSOLE_USER = "console:1"  # the terminal's one user; it was user 1 before keys named their channel

migrations = Migrations("quota_doctor")


@migrations(name="m1_initial")
def m1_initial(db: Database) -> None:
    db["users"].create({
        "id": int, "language": str, "consented_at": str, "created": str, "active": int,
    }, pk="id")
    db["interviews"].create({
        "id": int, "user_id": int, "status": str, "current": str, "editing": int,
        "started": str, "updated": str,
    }, pk="id", foreign_keys=[("user_id", "users", "id")])
    db["interviews"].create_index(["user_id", "status"])
    db["answers"].create({
        "interview_id": int, "question_id": str, "value": str, "answered_at": str,
    }, pk=("interview_id", "question_id"), foreign_keys=[("interview_id", "interviews", "id")])
    db["diagnoses"].create({
        "id": int, "user_id": int, "interview_id": int, "created": str, "result": str,
    }, pk="id", foreign_keys=[("user_id", "users", "id"), ("interview_id", "interviews", "id")])
    db["diagnoses"].create_index(["user_id"])
    db["plan_steps"].create({
        "diagnosis_id": int, "step_id": str, "position": int, "status": str, "updated": str,
    }, pk=("diagnosis_id", "step_id"), foreign_keys=[("diagnosis_id", "diagnoses", "id")])
    db["limit_reports"].create({
        "id": int, "user_id": int, "amount": int, "status": str, "reported_at": str,
    }, pk="id", foreign_keys=[("user_id", "users", "id")])
    db["limit_reports"].create_index(["user_id"])
    db["reminders"].create({
        "id": int, "user_id": int, "frequency": str, "due_at": str, "sent_at": str,
    }, pk="id", foreign_keys=[("user_id", "users", "id")])
    db["reminders"].create_index(["due_at"])
    db["faq_log"].create({
        "id": int, "created": str, "lang": str, "text": str, "topic": str, "score": float,
    }, pk="id")


@migrations(name="m2_follow_up")
def m2_follow_up(db: Database) -> None:
    """Follow-up: what typed text the bot waits for, and the user's reminder choice."""
    db["users"].add_column("awaiting", str)
    db["users"].add_column("reminder_frequency", str)
    db["reminders"].create_index(["sent_at", "due_at"])


@migrations(name="m3_interview_ids")
def m3_interview_ids(db: Database) -> None:
    """Interview ids are never reused, not even after /forget deleted every row: buttons carry
    the id to recognise stale ones. (SQLite reuses the largest rowid + 1 without AUTOINCREMENT.)"""
    db["id_counters"].create({"name": str, "value": int}, pk="name")
    row = next(db.query("select coalesce(max(id), 0) as m from interviews"))
    db["id_counters"].insert({"name": "interviews", "value": row["m"]})


# The tables whose user_id becomes a channel-scoped key, with their columns after the change.
_KEYED = {
    "users": ({"id": str, "language": str, "consented_at": str, "created": str, "active": int,
               "awaiting": str, "reminder_frequency": str}, "id", []),
    "interviews": ({"id": int, "user_id": str, "status": str, "current": str, "editing": int,
                    "started": str, "updated": str}, "id", [("user_id", "users", "id")]),
    "diagnoses": ({"id": int, "user_id": str, "interview_id": int, "created": str, "result": str}, "id",
                  [("user_id", "users", "id"), ("interview_id", "interviews", "id")]),
    "limit_reports": ({"id": int, "user_id": str, "amount": int, "status": str, "reported_at": str}, "id",
                      [("user_id", "users", "id")]),
    "reminders": ({"id": int, "user_id": str, "frequency": str, "due_at": str, "sent_at": str}, "id",
                  [("user_id", "users", "id")]),
}
_INDEXES = {"interviews": [["user_id", "status"]], "diagnoses": [["user_id"]], "limit_reports": [["user_id"]],
            "reminders": [["due_at"], ["sent_at", "due_at"]]}


@migrations(name="m4_user_keys", transactional=False)
def m4_user_keys(db: Database) -> None:
    """Users are known by a channel-scoped key (`telegram:123`, `console:1`) instead of a bare
    Telegram id. Every row is kept: user 1 was the terminal's user, every other id a Telegram
    user's. Interview, diagnosis and step ids do not change, so every button sent stays valid.
    SQLite changes a column's type by rebuilding the table, with foreign keys off (its documented
    12-step procedure); if a crash comes before the migration is recorded, it runs again and
    finds the work done."""
    if db["users"].columns_dict["id"] is str:
        return
    foreign_keys = db.execute("PRAGMA foreign_keys").fetchone()[0]
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        with db.atomic():
            for table, (columns, pk, fks) in _KEYED.items():
                new = db[f"{table}_keyed"]
                new.create(columns, pk=pk, foreign_keys=[(c, f"{t}_keyed" if t in _KEYED else t, o)
                                                         for c, t, o in fks])
            db.execute(
                "insert into users_keyed (id, language, consented_at, created, active, awaiting, reminder_frequency) "
                "select case when id = 1 then ? else 'telegram:' || id end, language, consented_at, created, active, "
                "awaiting, reminder_frequency from users", [CONSOLE_USER])
            for table, copy in _COPIES.items():
                db.execute(copy, [CONSOLE_USER])
            for table in ("reminders", "limit_reports", "diagnoses", "interviews", "users"):
                db[table].drop()
            for table in ("users", "interviews", "diagnoses", "limit_reports", "reminders"):
                db.rename_table(f"{table}_keyed", table)
                for columns in _INDEXES.get(table, []):
                    db[table].create_index(columns)
            problems = db.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"m4_user_keys: rows without their user: {problems[:5]}")
    finally:
        db.execute("PRAGMA foreign_keys = ON" if foreign_keys else "PRAGMA foreign_keys = OFF")


_USER_KEY = "case when user_id = 1 then ? else 'telegram:' || user_id end"
_COPIES = {
    "interviews": "insert into interviews_keyed (id, user_id, status, current, editing, started, updated) "
                  "select id, " + _USER_KEY + ", status, current, editing, started, updated from interviews",
    "diagnoses": "insert into diagnoses_keyed (id, user_id, interview_id, created, result) "
                 "select id, " + _USER_KEY + ", interview_id, created, result from diagnoses",
    "limit_reports": "insert into limit_reports_keyed (id, user_id, amount, status, reported_at) "
                     "select id, " + _USER_KEY + ", amount, status, reported_at from limit_reports",
    "reminders": "insert into reminders_keyed (id, user_id, frequency, due_at, sent_at) "
                 "select id, " + _USER_KEY + ", frequency, due_at, sent_at from reminders",
}


@migrations(name="m5_faq_log_user")
def m5_faq_log_user(db: Database) -> None:
    """A typed question is kept with its user's key, so that /mydata exports it and /forget
    deletes it. Questions logged before could never be deleted on request: their text goes
    (their topic and score stay for the counts)."""
    db["faq_log"].add_column("user_id", str)
    db["faq_log"].create_index(["user_id"])
    db.execute("update faq_log set text = null where text is not null")


@migrations(name="m6_reminder_delivery")
def m6_reminder_delivery(db: Database) -> None:
    """Reminders delivered at least once: a claimed reminder is held for a while
    (`claimed_until`), marked sent only once Telegram took it, retried after a failure
    (`attempts`, `retry_at`) and given up after the last attempt (`failed_at`)."""
    for column, kind in (("attempts", int), ("claimed_until", str), ("retry_at", str), ("failed_at", str)):
        db["reminders"].add_column(column, kind)
    db.execute("update reminders set attempts = 0")


@migrations(name="m7_inbox")
def m7_inbox(db: Database) -> None:
    """The inbox of updates (store/inbox.py): kept before Telegram is told, handled after."""
    db["inbox"].create({"update_id": int, "user_id": str, "body": str, "received_at": str, "handled_at": str},
                       pk="update_id")
    db["inbox"].create_index(["handled_at"])
    db["inbox"].create_index(["user_id"])


@migrations(name="m8_delivery_marks")
def m8_delivery_marks(db: Database) -> None:
    """Exactly one answer for each update and reminder, as far as a crash allows: the replies
    an update produced are kept with it (`replies`, JSON) and counted as they reach Telegram
    (`sent`), so a replay sends what is left instead of handling it again; a reminder Telegram
    took is marked at once (`delivered_at`), before its booking is done."""
    db["inbox"].add_column("replies", str)
    db["inbox"].add_column("sent", int)
    db["reminders"].add_column("delivered_at", str)


def adopt_numbered(db: Database) -> None:
    """Record as applied the migrations a database made before sqlite-utils' migrations had
    applied under its numbered `schema_migrations` (1, 2, 3 → m1, m2, m3), then drop that table."""
    if not db["schema_migrations"].exists():
        return
    names = [m.name for m in migrations._migrations]
    versions = [row["version"] for row in db.query("select version from schema_migrations order by version")]
    with db.atomic():
        migrations.ensure_migrations_table(db)
        done = {m.name for m in migrations.applied(db)}
        stamp = str(datetime.now(timezone.utc))
        db[Migrations.migrations_table].insert_all(
            {"migration_set": migrations.name, "name": names[v - 1], "applied_at": stamp}
            for v in versions if 0 < v <= len(names) and names[v - 1] not in done)
        db["schema_migrations"].drop()
