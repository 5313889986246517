"""The advisor with 100,000 users who have finished plans and booked reminders.

    .venv/bin/python -m bench.scale [--users 100000] [--db PATH]

Prints the time to build the database (once), then, in a fresh process: start-up time (store
opened, knowledge loaded, FAQ index built), peak memory, the reminder scan (nothing due, then
100 due) and the time of a /plan reply. Targets: start-up < 2 s, memory < 150 MB, scan < 50 ms.
"""
from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from zoneinfo import ZoneInfo


def build(path: Path, users: int) -> None:
    from bot.kb import default
    from bot.logic.diagnosis import diagnose
    from bot.store import Store
    k = default()
    rng = random.Random(7)
    store = Store(path)
    far = (datetime.now(timezone.utc) + timedelta(days=30)).isoformat(timespec="seconds")
    started = time.perf_counter()
    batch = 2000
    for first in range(1, users + 1, batch):
        with store.db.atomic():
            for uid in range(first, min(first + batch, users + 1)):
                answers = {q.id: rng.choice(q.values) for q in k.interview.questions if q.kind == "choice"}
                user = f"telegram:{uid}"
                store.add_user(user, rng.choice(("en", "zh")))
                iid = store.start_interview(user, "quota_status", answers)
                store.finish_interview(iid, diagnose(answers, k).to_json())
                store.set_reminders(user, "weekly", far)
    store.close()
    print(f"built {users:,} users with plans and reminders in {time.perf_counter() - started:.1f} s "
          f"({path.stat().st_size / 1e6:.0f} MB)")


def measure(path: Path, users: int) -> None:
    """Runs in a fresh process, so start-up and memory are those of a new bot."""
    t0 = time.perf_counter()
    from bot.core import Advisor, Event
    from bot.kb import default
    from bot.store import Store
    store = Store(path)
    # measured at noon UTC, outside quiet hours whatever the hour now
    advisor = Advisor(store, default(), ZoneInfo("UTC"),
                      clock=lambda: datetime.now(timezone.utc).replace(hour=12, minute=0))
    advisor.services.matcher  # the FAQ index, built as the bot builds it on its first question
    startup = time.perf_counter() - t0
    scans = []
    for _ in range(20):
        t = time.perf_counter()
        assert advisor.due_reminders("telegram") == []
        scans.append(time.perf_counter() - t)
    due = datetime(2000, 1, 1, tzinfo=timezone.utc)
    ids = random.Random(1).sample(range(1, users + 1), 100)
    with store.db.atomic():
        for uid in ids:
            store.set_reminders(f"telegram:{uid}", "weekly", due.isoformat(timespec="seconds"))
    t = time.perf_counter()
    sent = advisor.due_reminders("telegram")
    scan_due = time.perf_counter() - t
    plans = []
    for uid in random.Random(2).sample(range(1, users + 1), 200):
        t = time.perf_counter()
        replies = advisor.handle(Event(f"telegram:{uid}", "command", "plan"))
        plans.append(time.perf_counter() - t)
        assert "plan" in replies[0].text.lower() or "计划" in replies[0].text
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"start-up: {startup * 1000:.0f} ms")
    print(f"peak memory: {peak:.0f} MB")
    print(f"reminder scan, nothing due: median {statistics.median(scans) * 1000:.2f} ms")
    print(f"reminder scan, 100 due ({len(sent)} sent, each claimed and its next booked): {scan_due * 1000:.1f} ms")
    print(f"/plan reply: median {statistics.median(plans) * 1000:.2f} ms, max {max(plans) * 1000:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.db, args.users)
        return
    db = args.db or Path(tempfile.mkdtemp()) / "scale.db"
    if not db.exists():
        build(db, args.users)
    subprocess.run([sys.executable, "-m", "bench.scale", "--measure", "--db", str(db), "--users", str(args.users)],
                   check=True)


if __name__ == "__main__":
    main()
