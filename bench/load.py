"""Load: the real bot (started as `quota-doctor run` starts it) against a fake Bot API on
127.0.0.1 that adds a delay to every call, with N users doing whole interviews by buttons at
once; and, in the same run, the floors: python-telegram-bot bots of the same shape with no
logic and no storage (bench/floor_bot.py): one processing updates one at a time, one
concurrently (both as the library comes), and one "tuned" with our bot's callback answer
overlapped with the edit, which shows what the bot's own work costs.

    .venv/bin/python -m bench.load [--users 30 100 300] [--sequential-users 30] [--floor-users 30 300]
                         [--tuned-floor-users 30 300] [--limited-users 30] [--delay 0.05]
                         [--think 0] [--profile DIR]

By default every user presses again as soon as the reply arrives, so with a crowd each waits for
the ones ahead; --think S makes users read S seconds on average (0.5 S to 1.5 S) before a press,
as people do, and measures the bot at the load such a crowd offers.

Our bot runs twice: with QUOTA_DOCTOR_MAX_RATE=0 (the flood limiter only waits out 429s), which
shows what the process can do and compares with the floors, which have no limiter; and, for
--limited-users, as deployed, held to Telegram's 30 messages a second.

With --profile, py-spy (pip install -e ".[bench]") samples each bot process while it serves and
writes DIR/<bot>-<users>.txt (collapsed stacks, for speedscope or flamegraph.pl) and prints the
functions where the most samples were taken.

With --reminders N, N other users have a reminder due when our bot starts: the batch is sent
while the crowd presses (reminders yield to people waiting: at most 10 a second).

Prints, per run: steps per second, p50/p95/p99 time from a button press to the bot's reply,
CPU milliseconds of the bot process per step, its peak memory, the database size, the longest
wait of any user from /start to the first question, and how many reminders were delivered.
Traffic goes to 127.0.0.1 only; every run is bounded in steps and time.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests.fake_bot_api import FakeBotAPI
from tests.telegram_harness import daytime_zone

ROOT = Path(__file__).resolve().parent.parent

TICKS = os.sysconf("SC_CLK_TCK")
STEP_TIMEOUT = 30.0


def cpu_ms(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / TICKS


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


class User(threading.Thread):
    """Presses through a whole interview; records the time from each press to the reply."""

    def __init__(self, fake: FakeBotAPI, uid: int, ours: bool, start_gate: threading.Event, think: float = 0.0):
        super().__init__(daemon=True)
        self.fake, self.uid, self.ours, self.gate = fake, uid, ours, start_gate
        self.think = think  # mean seconds spent reading before each press (0: press at once)
        self.rng = random.Random(uid)
        self.latencies: list[float] = []
        self.first_question: float | None = None  # seconds from /start to the first question shown
        self.error: str | None = None

    def _messages(self):
        with self.fake.cond:
            return [m for m in self.fake.messages.get(self.uid, {}).values() if m.from_bot]

    def _wait(self, arrived) -> None:
        signal_ = self.fake.signal_for(self.uid)
        deadline = time.monotonic() + STEP_TIMEOUT
        while not arrived():
            if time.monotonic() > deadline:
                raise TimeoutError(f"user {self.uid}: no reply")
            signal_.wait(0.5)
            signal_.clear()

    def _newest_with_buttons(self):
        with_buttons = [m for m in self._messages() if m.buttons]
        return with_buttons[-1] if with_buttons else None

    def _asks(self, msg) -> bool:
        """The message is a question (ours: a "Why do we ask?" button; the floor's: any button)."""
        data = [b.get("callback_data") or "" for row in msg.buttons for b in row]
        return any(d.startswith("why:") for d in data) if self.ours else bool(data)

    def _choose(self, msg) -> str | None:
        data = [b.get("callback_data") or "" for row in msg.buttons for b in row]
        if not self.ours:
            return data[0] if data[0].startswith("q:") else None
        for prefix in ("ok:", "a:", "s:", "fin:"):
            found = [d for d in data if d.startswith(prefix)]
            if found:
                if prefix == "a:" and any(d.startswith("s:") for d in data):
                    continue  # an amount question: skip it
                return found[0]
        return None

    def run(self) -> None:
        try:
            self.gate.wait()
            self.fake.signal_for(self.uid)
            started = time.monotonic()
            self.fake.send_text(self.uid, "/start")
            self._wait(lambda: self._newest_with_buttons() is not None)
            while True:
                msg = self._newest_with_buttons()
                if self.first_question is None and msg is not None and self._asks(msg):
                    self.first_question = time.monotonic() - started
                data = self._choose(msg) if msg else None
                if data is None:
                    return
                if self.think:
                    time.sleep(self.rng.uniform(0.5, 1.5) * self.think)
                before_max = max(m.message_id for m in self._messages())
                before_edits = msg.edits
                t0 = time.monotonic()
                self.fake.press(self.uid, msg.message_id, data)
                if data.startswith("fin:"):
                    self._wait(lambda: any(m.message_id > before_max for m in self._messages()))
                    self.latencies.append(time.monotonic() - t0)
                    return
                # both bots edit the pressed message into the next question (or the summary)
                self._wait(lambda: msg.edits > before_edits
                           or any(m.message_id > before_max and m.buttons for m in self._messages()))
                self.latencies.append(time.monotonic() - t0)
        except Exception as exc:  # noqa: BLE001 - reported in the figures
            self.error = f"{type(exc).__name__}: {exc}"


def start_profiler(pid: int, out: Path) -> subprocess.Popen:
    """py-spy sampling `pid` (with native frames off: Python time is what we can change)."""
    return subprocess.Popen([str(Path(sys.executable).with_name("py-spy")), "record", "--pid", str(pid), "--rate", "250", "--format", "raw",
                             "--output", str(out), "--nonblocking"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop_profiler(profiler: subprocess.Popen) -> None:
    profiler.send_signal(signal.SIGINT)
    try:
        profiler.wait(30)
    except subprocess.TimeoutExpired:
        profiler.kill()


def hottest(collapsed: Path, top: int = 12) -> list[tuple[str, float]]:
    """(function, share of samples in which it was on the stack), the largest first, for the
    functions of the libraries and the bot (not the event loop's own frames)."""
    inclusive: dict[str, int] = {}
    total = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        total += int(count)
        for frame in set(stack.split(";")):
            inclusive[frame] = inclusive.get(frame, 0) + int(count)
    skip = ("asyncio", "selectors.py", "threading.py", "<module>", "run_polling", "__run", "run_forever",
            "_run_once", "_run (", "main (")
    rows = [(f, n / max(1, total)) for f, n in inclusive.items() if not any(s in f for s in skip)]
    return sorted(rows, key=lambda r: -r[1])[:top]


def book_reminders(db: Path, fake: FakeBotAPI, count: int, first_uid: int) -> None:
    """`count` other users with a reminder due now (their chats known to the fake), in a
    database made before the bot starts."""
    from bot.store import Store
    store = Store(db)
    try:
        for uid in range(first_uid, first_uid + count):
            store.add_user(f"telegram:{uid}", "en")
            store.set_reminders(f"telegram:{uid}", "weekly", "2000-01-01T00:00:00+00:00")
            fake.chat_types[uid] = "private"
    finally:
        store.close()


def run(label: str, command: list[str], users: int, delay: float, first_uid: int,
        profile: Path | None = None, extra_env: dict | None = None, think: float = 0.0,
        reminders: int = 0) -> dict:
    fake = FakeBotAPI(delay=delay)
    url = fake.start()
    tmp = Path(tempfile.mkdtemp())
    if reminders:
        book_reminders(tmp / "load.db", fake, reminders, first_uid + 50_000)
        extra_env = dict(extra_env or {}, QUOTA_DOCTOR_TZ=daytime_zone())
    env = dict(os.environ, TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=url, PYTHONPATH=str(ROOT),
               QUOTA_DOCTOR_DB=str(tmp / "load.db"), PYTHONUNBUFFERED="1", **(extra_env or {}))
    log = open(tmp / "bot.log", "wb")
    proc = subprocess.Popen(command, cwd=tmp, env=env, stdout=log, stderr=log)
    try:
        fake.wait_for(lambda: any(m == "getUpdates" for _, m, _ in fake.calls) or proc.poll() is not None, 60)
        if proc.poll() is not None:
            raise RuntimeError((tmp / "bot.log").read_text()[-2000:])
        gate = threading.Event()
        crowd = [User(fake, first_uid + i, not label.startswith("floor"), gate, think) for i in range(users)]
        for u in crowd:
            u.start()
        profiler = None
        if profile is not None:
            out = profile / f"{re.sub(r'[^a-z0-9]+', '-', label.lower()).strip('-')}-{users}.txt"
            profiler = start_profiler(proc.pid, out)
            time.sleep(1.0)
        cpu0, t0 = cpu_ms(proc.pid), time.monotonic()
        gate.set()
        for u in crowd:
            u.join(STEP_TIMEOUT * 40)
        wall, cpu = time.monotonic() - t0, cpu_ms(proc.pid) - cpu0
        if profiler is not None:
            stop_profiler(profiler)
        latencies = sorted(x for u in crowd for x in u.latencies) or [float("nan")]
        firsts = [u.first_question for u in crowd if u.first_question is not None]
        reminded = sum(1 for uid in range(first_uid + 50_000, first_uid + 50_000 + reminders) if fake.bot_messages(uid))
        errors = [u.error for u in crowd if u.error]
        db = sum(p.stat().st_size for p in tmp.glob("load.db*"))
        q = lambda p: latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000  # noqa: E731
        return {"label": label, "users": users, "steps": sum(len(u.latencies) for u in crowd), "errors": len(errors),
                "first_error": errors[0] if errors else "", "steps_per_s": sum(len(u.latencies) for u in crowd) / wall,
                "p50": statistics.median(latencies) * 1000, "p95": q(0.95), "p99": q(0.99),
                "cpu_per_step": cpu / max(1, sum(len(u.latencies) for u in crowd)), "peak_mb": peak_mb(proc.pid),
                "db_mb": db / 1e6, "violations": len(fake.violations),
                "first_max": max(firsts) * 1000 if firsts else float("nan"), "reminded": reminded,
                "profile": out if profiler is not None else None}
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        fake.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, nargs="*", default=[30, 100, 300])
    parser.add_argument("--sequential-users", type=int, nargs="*", default=[30],
                        help="crowds for the sequential floor (at 300 users it needs over 15 minutes)")
    parser.add_argument("--floor-users", type=int, nargs="*", default=[30, 300],
                        help="crowds for the concurrent floor")
    parser.add_argument("--tuned-floor-users", type=int, nargs="*", default=[30, 300],
                        help="crowds for the concurrent floor with the answer overlapped with the edit")
    parser.add_argument("--limited-users", type=int, nargs="*", default=[30],
                        help="also run ours with Telegram's 30 messages a second limit, for these crowds")
    parser.add_argument("--delay", type=float, default=0.05, help="seconds added to every Bot API call")
    parser.add_argument("--profile", type=Path, help="sample each bot with py-spy; collapsed stacks go here")
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean seconds a user reads before each press (0: presses at once)")
    parser.add_argument("--reminders", type=int, default=0,
                        help="other users with a reminder due when our bot starts (a batch sent during the run)")
    args = parser.parse_args()
    runs = []
    floor = [sys.executable, "-m", "bench.floor_bot"]
    ours = [sys.executable, "-m", "bot", "run"]
    for n in args.sequential_users:
        runs.append(("floor, sequential", floor, n, {}))
    for n in args.floor_users:
        runs.append(("floor, concurrent", floor + ["--concurrent"], n, {}))
    for n in args.tuned_floor_users:
        runs.append(("floor, tuned", floor + ["--concurrent", "--tuned"], n, {}))
    # What the process can do: the flood limiter only retries on 429 (QUOTA_DOCTOR_MAX_RATE=0)...
    for n in args.users:
        runs.append(("quota-doctor run", ours, n, {"QUOTA_DOCTOR_MAX_RATE": "0"}))
    # ...and as deployed, where the limiter holds the bot to Telegram's 30 messages a second.
    for n in args.limited_users:
        runs.append(("ours, 30 msg/s", ours, n, {}))
    print(f"fake Bot API on 127.0.0.1 with {args.delay * 1000:.0f} ms per call"
          + (f"; users read {args.think:g} s on average before each press" if args.think else ""))
    print(f"{'bot':<20}{'users':>6}{'steps':>7}{'steps/s':>9}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
          f"{'CPU ms/step':>12}{'peak MB':>9}{'db MB':>7}{'errors':>7}{'1st q max ms':>13}{'reminded':>9}")
    for i, (label, command, n, extra_env) in enumerate(runs):
        if args.profile:
            args.profile.mkdir(parents=True, exist_ok=True)
        r = run(label, command, n, args.delay, 100_000 * (i + 1), args.profile, extra_env, args.think,
                args.reminders if label.startswith(("quota", "ours")) else 0)
        print(f"{r['label']:<20}{r['users']:>6}{r['steps']:>7}{r['steps_per_s']:>9.1f}{r['p50']:>8.0f}"
              f"{r['p95']:>8.0f}{r['p99']:>8.0f}{r['cpu_per_step']:>12.1f}{r['peak_mb']:>9.0f}"
              f"{r['db_mb']:>7.1f}{r['errors'] + r['violations']:>7}{r['first_max']:>13.0f}{r['reminded']:>9}",
              flush=True)
        if r["first_error"]:
            print(f"    first error: {r['first_error']}")
        if r["profile"] is not None and r["profile"].exists():
            for frame, share in hottest(r["profile"]):
                print(f"    {share * 100:5.1f} %  {frame}")


if __name__ == "__main__":
    main()
