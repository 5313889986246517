"""A consistent copy of the live database, taken while the bot keeps writing.

SQLite's online backup API copies the database as of one moment: in WAL mode the copy reads a
snapshot, so the bot's writers are never blocked and a transaction half-written when the copy
starts is left out whole. The copy is written to a temporary file beside the target, checked
with `PRAGMA integrity_check`, and only then renamed over the target, so a target either keeps
its old content or holds a whole, sound new one. The copy is a single self-contained file (no
-wal beside it) readable by its owner only, like the store itself.
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from pathlib import Path


class BackupError(Exception):
    """The backup could not be made; the message says why. The target is left untouched."""


def _same_file(source: Path, target: Path) -> bool:
    """Whether writing `target` would overwrite the source database or one of its sidecars."""
    source = source.resolve()
    protected = {source} | {source.with_name(source.name + s) for s in ("-wal", "-shm", "-journal")}
    if target.resolve() in protected:
        return True
    return target.exists() and os.path.samefile(source, target)  # a hard link to the source


def _problems(connection: sqlite3.Connection) -> list[str]:
    """What `PRAGMA integrity_check` finds wrong (nothing for a sound database)."""
    rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows


def _remove(path: Path) -> None:
    """Remove a half-made copy and any sidecar SQLite left beside it."""
    for name in (path.name, path.name + "-wal", path.name + "-shm", path.name + "-journal"):
        path.with_name(name).unlink(missing_ok=True)


def _fsync_dir(directory: Path) -> None:
    """Make a rename in `directory` durable (where the platform allows opening a directory)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def backup(db_path: str | os.PathLike, target: str | os.PathLike) -> dict:
    """Copy the database at `db_path` to `target`, safely while other processes write to it.

    Returns {"path", "pages", "bytes", "seconds"}: where the copy is, its size in pages and in
    bytes, and how long it took. Raises BackupError if the source is missing or not a database,
    if `target` is the source itself (or its -wal/-shm/-journal), is a directory, or if the
    copy fails its integrity check; OSError if the target's folder cannot be written.
    """
    source, target = Path(db_path), Path(target)
    if not source.is_file():
        raise BackupError(f"{source}: no database there")
    if _same_file(source, target):
        raise BackupError(f"{target} is the database itself; choose another file for the backup")
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give the backup's file name")
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    started = time.perf_counter()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)  # mkstemp creates it owner-only (0600)
    tmp = Path(tmp_name)
    try:
        # read-only: the backup never writes to the bot's database
        src = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            src.execute("PRAGMA busy_timeout = 5000")
            dst = sqlite3.connect(tmp)
            try:
                # One step (pages=-1): a single read transaction, so one consistent snapshot. In
                # steps, every write by the bot in between would restart the copy from the start.
                src.backup(dst, pages=-1)
                # the copy came in WAL mode like its source: make it one self-contained file
                dst.execute("PRAGMA journal_mode = DELETE")
                problems = _problems(dst)
                pages = dst.execute("PRAGMA page_count").fetchone()[0]
            finally:
                dst.close()
        finally:
            src.close()
        if problems:
            raise BackupError(f"the copy failed its integrity check: {'; '.join(problems[:5])}")
        os.chmod(tmp, 0o600)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        _remove(tmp)
        raise BackupError(f"cannot back up {source}: {exc}") from exc
    except BaseException:
        _remove(tmp)
        raise
    _fsync_dir(target.parent)
    return {"path": str(target), "pages": pages, "bytes": target.stat().st_size,
            "seconds": round(time.perf_counter() - started, 3)}
