"""The connection to the database file: made private to its owner, in WAL mode, with
transactions that take the write lock when they begin; and the one line that says why a file
cannot be used."""
from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path
from typing import Any, Iterator

from sqlite_utils import Database


def _create_private(path: Path) -> None:
    """Create the database file (and its folder) readable by the owner only. An existing file is
    never opened here: closing any descriptor of a file drops every POSIX lock this process holds
    on it, SQLite's own included, and another process closing its connection would then take
    itself for the last one and delete the write-ahead log the open connections still write to
    (their later writes invisible to everyone else, and lost if the process is killed)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600))
        except FileExistsError:  # made by another process in between
            pass
    os.chmod(path, 0o600)


StorageError = sqlite3.Error  # what a failing disk, a lock held too long or a damaged file raises
BUSY_TIMEOUT_MS = 3000        # how long a write waits for another's lock before it fails
HELD_WAIT_MS = 200            # ... and how long while that lock is known to be held
WAIT_IN_FULL = f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}"  # the statements, made once from the
WAIT_WHILE_HELD = f"PRAGMA busy_timeout = {HELD_WAIT_MS:d}"   # constants above (never from a value)
HELD_FOR_S = 5.0              # how long a lock is taken as held after a wait for it ran out
TAKE_THE_LOCK = ("BEGIN IMMEDIATE", "INSERT", "UPDATE", "DELETE", "REPLACE")  # statements that write


class PatientConnection(sqlite3.Connection):
    """A connection whose writes wait BUSY_TIMEOUT_MS for a lock another process holds, but
    only the first of them: once a wait ran out, the lock is taken as held, and each write waits
    HELD_WAIT_MS until one gets the lock or none was tried for HELD_FOR_S. The store's calls
    run one after another on one thread: without this, ten users pressing a button during a long
    lock would wait 3 s each in turn (the last one 30 s), and reads queued behind them too; with
    it the first is told after 3 s that the step may not have been saved, the others at once."""

    held_until = 0.0  # while time.monotonic() is below it, the lock is taken as held

    def _wait(self, statement: str) -> None:
        super().execute(statement)

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if self.held_until and time.monotonic() >= self.held_until:
            self.held_until = 0.0  # nobody tried for a while: the next write waits in full
            self._wait(WAIT_IN_FULL)
        try:
            cursor = super().execute(sql, *args)
        except sqlite3.OperationalError as exc:
            if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) == sqlite3.SQLITE_BUSY:  # extended codes too
                if not self.held_until:
                    self._wait(WAIT_WHILE_HELD)
                self.held_until = time.monotonic() + HELD_FOR_S
            raise
        if self.held_until and sql.lstrip().upper().startswith(TAKE_THE_LOCK):  # it is free again
            self.held_until = 0.0
            self._wait(WAIT_IN_FULL)
        return cursor


class ImmediateDatabase(Database):
    """sqlite-utils' Database whose transactions take the write lock when they begin (BEGIN
    IMMEDIATE). A transaction that reads and then writes would otherwise fail at once, without
    waiting, when another connection (the Telegram channel's marks, another process) committed
    in between (SQLite's BUSY_SNAPSHOT in WAL mode); this way it waits for the lock like any
    write. Nested blocks stay savepoints."""

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.conn.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.rollback()
            raise


class StoreUnavailable(Exception):
    """The database cannot be used (damaged, read-only, full, not a database): the message says
    which file, what is wrong and what to do, in one line. The file is never changed."""


def why_unusable(path: Path, exc: Exception) -> str:
    """One line: which file, what is wrong with it, what to do."""
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
        hint = "it is read-only: give the bot's user write access to the file and its folder"
    elif "full" in text:
        hint = "the disk is full: free some space"
    elif "disk i/o error" in text:
        hint = "writing to the disk failed (is it full, or is a file-size limit reached?): free some space"
    elif "not a database" in text or "malformed" in text or "corrupt" in text:
        hint = "it is damaged: restore it from a backup (README, Backups); the file was not changed"
    else:
        hint = f"{type(exc).__name__}: {exc}"
    return f"the database {path} cannot be used: {hint}"


def connect(path: Path) -> ImmediateDatabase:
    """The file at `path` (made, with its folder, if missing), ready to use from any one thread
    at a time; StoreUnavailable when it cannot be opened."""
    try:
        _create_private(path)
        db = ImmediateDatabase(sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False,
                                              factory=PatientConnection))
        db.enable_wal()
        # In WAL mode, NORMAL keeps every committed write through a killed process (only a power
        # cut can lose the last ones) and spares an fsync on every answer.
        db.execute("PRAGMA synchronous = NORMAL")
    except (StorageError, OSError) as exc:
        raise StoreUnavailable(why_unusable(path, exc)) from None
    return db
