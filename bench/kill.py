"""Kills: the real bot (`python -m bot run`, as tests/telegram_harness.py starts it) against a fake
Bot API on 127.0.0.1, killed at random while N users do whole interviews by buttons, and
restarted each time on the same database. Shows whether anything is lost or done twice.

    .venv/bin/python -m bench.kill [--users 20] [--kills 28] [--reminder-kills 2] [--reminder-users 20]
                                   [--delay 0.05] [--think 3] [--seed 1] [--strict] [--keep]

What happens:
- Before the first start, --reminder-users users who agreed get a weekly reminder due long ago
  (bot.store.Store, straight on the database); QUOTA_DOCTOR_TZ is a zone where it is about noon,
  so quiet hours never hold them; QUOTA_DOCTOR_MAX_RATE=0.
- --users threads each do a whole interview: /start, "I agree", a button for every question (one
  answer per question, chosen at random once and pressed again the same if need be), then "See
  my result". Each waits for the bot's reply to a press before the next (reading for --think
  seconds on average first). It looks at the message with buttons that changed last (an edit
  counts); after STEP_TIMEOUT without a reply it looks again and presses what that shows (the
  same button again, if the question is the same).
- Meanwhile a killer ends the bot --kills times, 0.5 to 3 s after each restart, with SIGKILL
  (80 %) or SIGTERM (20 %), while the users are at it (bounded by TIME_BOUND), and starts a new
  process on the same database each time. The first kill is aimed at the reminder scan (a
  SIGKILL up to 1 s after the first reminder reached the fake); after the interviews, the
  remaining --reminder-kills do the same to later scans. A killed scan leaves the reminders it
  claimed held for 10 minutes (bot/core/reminders.py HOLD): with no bot running, the benchmark
  moves those claims (and any retry time) into the past, as 10 minutes of waiting would, and the
  next process sends them.
- At the end, after a clean stop, it compares what the users did with what the fake Bot API saw
  and what the database holds.

How it counts (every figure from the fake's record of calls, each tagged with the bot process
that made it, and from the database):
- An update is handled once per answerCallbackQuery with its query id (the bot answers every
  press it handles, once); a /start once per welcome message. A press of the current question
  answered only "out of date" or "already noted" (the toasts of a stale or repeated press) was
  applied before, by a process
  that died before its answer to the press reached the fake: handled twice.
- LOST: pushed, never answered (cross-checked with the inbox table). A result the user never saw
  (the diagnosis kept, then "out of date" for the replayed "See my result") is a lost result.
- Handled twice, either DOUBLED (the user got one message, the same text, from both processes
  in the time between this update and the next: the first reached the fake, the process died
  before marking it, the next one sent it again) or REPLAYED and seen once (the process died before its reply
  reached the fake, or after it reached the fake and was marked; the next one sent the replies
  kept in the inbox that were not marked, or answered "already noted" when the kill came
  before they were kept; a press answered again (its toast) or a message edited into what it
  already shows counts as nothing seen). Until the replies were kept (8e6baed) a second
  answer to the press alone counted as doubled; a duplicate that came only after the user's
  next press would not be counted (users press only after a reply). Either
  is explained when the first handling was made by a process killed with SIGKILL (for a double,
  within EXPLAIN_WINDOW of its call): at-least-once delivery must then answer again. Twice in one
  process, or across a SIGTERM (which should finish and record what it took), is not explained.
- Answers: per interview user, the stored answers of their one finished interview against what
  they pressed (missing, wrong or extra).
- Reminders: per reminder user, the reminder messages that reached the fake (one expected), and
  the reminders table (one sent, the next one booked). A double is explained as above.

Prints a table: kills (SIGKILL / SIGTERM), users, updates pushed, answers stored vs expected,
updates lost, doubled, replayed (explained / not), reminders due / delivered / doubled / lost,
wall time; then the details. Exit status 1 if anything was lost or wrong, or handled twice without
an explanation (with --strict, also for explained ones), else 0. The temporary
directory (database, bot log) is kept and printed when something failed, or with --keep.
Traffic goes to 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import itertools
import random
import shutil
import signal
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.fake_bot_api import ApiError, FakeBotAPI
from tests.telegram_harness import BotProcess

ROOT = Path(__file__).resolve().parent.parent
STEP_TIMEOUT = 30.0       # seconds a user waits for the reply to a press before looking again
TIME_BOUND = 600.0        # seconds for the interviews (and the killing) at most
EXPLAIN_WINDOW = 1.0      # a SIGKILL this soon after a handling's call explains its double
FIRST_USER = 100_001
VISIBLE = ("sendMessage", "editMessageText", "sendPhoto", "sendDocument")  # calls that show the user something
FIRST_REMINDER_USER = 900_001
MAX_RETRIES = 5           # a user gives up after looking again this many times in a row


def daytime_zone() -> str:
    """A fixed-offset zone where it is about noon now (as tests/channels/test_telegram.py)."""
    offset = (12 - time.gmtime().tm_hour + 12) % 24 - 12
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"


# -- the fake, keeping who called -----------------------------------------------------------------
@dataclass
class Call:
    t: float
    gen: int                 # the bot process that made it (1, 2, ...)
    method: str
    chat: int | None
    text: str | None
    data: tuple[str, ...]    # the callback data of the buttons sent
    query: str | None        # answerCallbackQuery: the query id
    error: str | None = None


class Fake(FakeBotAPI):
    """The fake Bot API, also recording every call (but getUpdates) with the bot process that made
    it, and stamping each message when it is sent or edited (an order of changes over all chats)."""

    def __init__(self, **kw):
        super().__init__(**kw)
        self.generation = 0
        self.stamps = itertools.count(1)
        self.last_change = 0
        self.record: list[Call] = []
        self.by_chat: dict[int, list[Call]] = {}
        self.by_query: dict[str, list[Call]] = {}

    def _call(self, method: str, p: dict):
        if method == "getUpdates":
            return super()._call(method, p)
        markup = p.get("reply_markup") if isinstance(p.get("reply_markup"), dict) else {}
        data = tuple(b.get("callback_data") or "" for row in (markup.get("inline_keyboard") or [])
                     for b in row if isinstance(b, dict))
        query = str(p["callback_query_id"]) if "callback_query_id" in p else None
        call = Call(time.monotonic(), self.generation, method, p.get("chat_id"),
                    p.get("text") if isinstance(p.get("text"), str) else None, data, query)
        try:
            return super()._call(method, p)
        except ApiError as exc:
            call.error = exc.description
            raise
        finally:
            with self.cond:
                if query is not None:
                    call.chat = (self.queries.get(query) or {}).get("chat_id")
                    self.by_query.setdefault(query, []).append(call)
                self.record.append(call)
                if call.chat is not None:
                    self.by_chat.setdefault(call.chat, []).append(call)
                self.cond.notify_all()

    def _stamp(self, msg) -> None:
        self.last_change = next(self.stamps)
        msg.changed = self.last_change

    def _store(self, msg):
        self._stamp(msg)
        return super()._store(msg)

    def _m_editMessageText(self, p):
        out = super()._m_editMessageText(p)
        self._stamp(self.messages[p["chat_id"]][p["message_id"]])
        return out

    def _m_editMessageReplyMarkup(self, p):
        out = super()._m_editMessageReplyMarkup(p)
        self._stamp(self.messages[p["chat_id"]][p["message_id"]])
        return out

    def chat_calls(self, chat: int) -> list[Call]:
        with self.cond:
            return list(self.by_chat.get(chat, []))


# -- users ----------------------------------------------------------------------------------------
@dataclass
class Pushed:
    update_id: int
    what: str               # "/start" or the button's data
    query: str | None       # the callback query id of a press
    at: float
    again: bool = False     # the same thing again, after no reply came in time


@dataclass
class View:
    """The bot message a user looks at: the one with buttons that changed last."""
    message_id: int
    changed: int
    data: tuple[str, ...]

    @property
    def key(self) -> tuple:
        why = next((d for d in self.data if d.startswith("why:")), None)
        if why:
            return ("question", why.split(":")[2])
        codes = {d.split(":", 1)[0] for d in self.data}
        for code in ("fin", "res", "ok", "rm", "rs", "menu"):
            if code in codes:
                return (code,)
        return ("other", tuple(sorted(codes)))

    def first(self, prefix: str) -> str:
        return next(d for d in self.data if d.startswith(prefix))


def is_result(call: Call) -> bool:
    return call.method == "sendMessage" and call.error is None and any(d.startswith("rs:") for d in call.data)


class User(threading.Thread):
    """One user doing a whole interview by buttons, whatever kills the bot meanwhile."""

    def __init__(self, fake: Fake, uid: int, seed: int, think: float, gate: threading.Event, deadline: float):
        super().__init__(daemon=True, name=f"user-{uid}")
        self.fake, self.uid, self.think, self.gate, self.deadline = fake, uid, think, gate, deadline
        self.rng = random.Random(seed * 1_000_003 + uid)
        self.pushed: list[Pushed] = []
        self.choice: dict[str, str] = {}       # question -> the button data chosen for it
        self.expected: dict[str, object] = {}  # question -> the answer it means
        self.timeouts = 0                      # waits that ended without a reply
        self.finish_pressed = False
        self.result_seen = False
        self.gave_up: str | None = None
        self.error: str | None = None
        self.done_at: float | None = None

    def view(self) -> View | None:
        with self.fake.cond:
            shown = [m for m in self.fake.messages.get(self.uid, {}).values() if m.from_bot and m.buttons]
            if not shown:
                return None
            m = max(shown, key=lambda m: getattr(m, "changed", 0))
            return View(m.message_id, getattr(m, "changed", 0),
                        tuple(b.get("callback_data") or "" for row in m.buttons for b in row))

    def results(self) -> int:
        return sum(1 for c in self.fake.chat_calls(self.uid) if is_result(c))

    def _wait(self, done) -> bool:
        signal_ = self.fake.signal_for(self.uid)
        deadline = min(time.monotonic() + STEP_TIMEOUT, self.deadline)
        while not done():
            if time.monotonic() > deadline:
                return False
            signal_.wait(0.5)
            signal_.clear()
        return True

    def _choose(self, question: str, view: View) -> str:
        if question not in self.choice:
            options = [d for d in view.data if d.split(":", 1)[0] in ("a", "amt", "s")]
            data = self.rng.choice(options)
            parts = data.split(":")
            self.choice[question] = data
            self.expected[question] = parts[3] if parts[0] == "a" else int(parts[3]) if parts[0] == "amt" else None
        return self.choice[question]

    def run(self) -> None:
        try:
            self.gate.wait()
            self.fake.signal_for(self.uid)
            self._run()
        except Exception as exc:  # noqa: BLE001 - reported in the figures
            self.error = f"{type(exc).__name__}: {exc}"
        self.done_at = time.monotonic()

    def _run(self) -> None:
        last: tuple | None = None  # (what was pushed, the view's key then) when no reply came
        again = False
        while time.monotonic() < self.deadline:
            view = self.view()
            if view is None:  # nothing with buttons yet: /start (again, if no welcome came in time)
                again = last == ("/start", None)
                stamp = self.fake.last_change
                update_id = self.fake.send_text(self.uid, "/start")
                self.pushed.append(Pushed(update_id, "/start", None, time.monotonic(), again))
                replied = self._wait(lambda: (v := self.view()) is not None and v.changed > stamp)
                last = None if replied else ("/start", None)
                self.timeouts += not replied
                if not replied and self._retries() > MAX_RETRIES:
                    self.gave_up = "no welcome after /start"
                    return
                continue
            key = view.key
            if key[0] == "question":
                data = self._choose(key[1], view)
            elif key[0] in ("fin", "res", "ok"):
                data = view.first(f"{key[0]}:")
            elif key[0] == "menu" and not self.finish_pressed:
                data = view.first("menu:diagnose")  # a welcome back (a replayed /start): go on
            elif self.finish_pressed:
                self.result_seen = self.results() > 0
                if not self.result_seen:
                    self.gave_up = f"pressed 'See my result', never shown the result (now shows {key})"
                return
            else:
                self.gave_up = f"does not know what to press in {key}"
                return
            again = last == (data, key)
            if self.think:
                time.sleep(self.rng.uniform(0.5, 1.5) * self.think)
            with self.fake.cond:
                stamp = self.fake.last_change
            results_before = self.results()
            query = self.fake.press(self.uid, view.message_id, data)
            with self.fake.cond:
                update_id = self.fake.queries[query]["update_id"]
            self.pushed.append(Pushed(update_id, data, query, time.monotonic(), again))
            if data.startswith("fin:"):
                self.finish_pressed = True
                replied = self._wait(lambda: self.results() > results_before)
                if replied:
                    self.result_seen = True
                    return
            else:
                replied = self._wait(lambda: (v := self.view()) is not None and v.changed > stamp and v.key != key)
            last = None if replied else (data, key)
            self.timeouts += not replied
            if not replied and self._retries() > MAX_RETRIES:
                self.gave_up = f"no reply to {data} after {MAX_RETRIES} tries"
                return
        self.gave_up = "out of time"

    def _retries(self) -> int:
        n = 0
        for p in reversed(self.pushed):
            if not p.again:
                break
            n += 1
        return n


# -- the bot's lives ------------------------------------------------------------------------------
@dataclass
class Life:
    n: int
    started: float
    ready: float | None = None
    ended: float | None = None
    how: str = "running"     # SIGKILL, SIGTERM (a kill), stop (a clean stop at the end), failed
    rc: int | None = None
    aimed: bool = False      # a kill aimed at a reminder scan


class Bots:
    """Starts, kills and restarts the bot on one database; remembers each process's life."""

    def __init__(self, fake: Fake, url: str, tmp: Path, env: dict):
        self.fake, self.url, self.tmp, self.env = fake, url, tmp, env
        self.db, self.log = tmp / "kill.db", tmp / "bot.log"
        self.lives: list[Life] = []
        self.bot: BotProcess | None = None

    def start(self) -> Life:
        for attempt in range(3):
            self.fake.generation += 1
            life = Life(self.fake.generation, time.monotonic())
            self.lives.append(life)
            with open(self.log, "a") as f:
                f.write(f"=== bench.kill: bot process {life.n} starts\n")
            self.bot = BotProcess(self.fake, self.url, self.db, self.log, env=self.env)
            try:
                self.bot.wait_ready(60)
                life.ready = time.monotonic()
                return life
            except (AssertionError, TimeoutError) as exc:
                life.how, life.rc = "failed", self.bot.stop(signal.SIGKILL)
                life.ended = time.monotonic()
                print(f"  bot process {life.n} did not start ({type(exc).__name__}); see {self.log}", flush=True)
        raise RuntimeError(f"the bot does not start; see {self.log}")

    def end(self, how: str) -> Life:
        life = self.lives[-1]
        sig = signal.SIGKILL if how == "SIGKILL" else signal.SIGTERM
        life.rc = self.bot.stop(sig)
        life.ended, life.how = time.monotonic(), how
        with open(self.log, "a") as f:
            f.write(f"=== bench.kill: bot process {life.n} ended by {how} (exit status {life.rc})\n")
        self.bot = None
        return life

    def life(self, n: int) -> Life:
        return self.lives[n - 1]

    def reminder_sent_by_current(self, reminder_chats: set[int]) -> bool:
        gen = self.fake.generation
        with self.fake.cond:
            return any(c.gen == gen and c.method == "sendMessage"
                       for chat in reminder_chats for c in self.fake.by_chat.get(chat, ()))

    def release_held_reminders(self) -> int:
        """With no bot running: reminders claimed by a killed process, or waiting for a retry,
        are made free now, as their hold (10 minutes) or back-off would when it runs out."""
        assert self.bot is None
        db = sqlite3.connect(self.db, timeout=10)
        try:
            with db:
                n = db.execute("update reminders set claimed_until = '2000-01-01T00:00:00+00:00' "
                               "where sent_at is null and failed_at is null and claimed_until is not null").rowcount
                n += db.execute("update reminders set retry_at = '2000-01-01T00:00:00+00:00' "
                                "where sent_at is null and failed_at is null and retry_at is not null").rowcount
        finally:
            db.close()
        return n

    def unsent_due_reminders(self) -> int:
        db = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=10)
        try:
            return db.execute("select count(*) from reminders where sent_at is null and failed_at is null "
                              "and due_at < '2001-01-01'").fetchone()[0]
        finally:
            db.close()


def killer(bots: Bots, users: list[User], kills: int, aimed_first: bool, reminder_chats: set[int],
           rng: random.Random, deadline: float, out: list[Life]) -> None:
    """Kill and restart while the users are at it."""
    def active() -> bool:
        return any(u.is_alive() for u in users) and time.monotonic() < deadline

    for i in range(kills + (1 if aimed_first else 0)):
        if not active():
            return
        aimed = aimed_first and i == 0
        if aimed:  # into the first reminder scan (5 s after the start): SIGKILL while it sends
            t_end = time.monotonic() + 20
            while not bots.reminder_sent_by_current(reminder_chats) and time.monotonic() < t_end and active():
                time.sleep(0.02)
            time.sleep(rng.uniform(0.0, 1.0))
            how = "SIGKILL"
        else:
            t_end = time.monotonic() + rng.uniform(0.5, 3.0)
            while time.monotonic() < t_end and active():
                time.sleep(0.02)
            if not active():
                return
            how = "SIGKILL" if rng.random() < 0.8 else "SIGTERM"
        life = bots.end(how)
        life.aimed = aimed
        out.append(life)
        bots.start()


# -- the analysis ---------------------------------------------------------------------------------
@dataclass
class Verdict:
    user: int
    pushed: Pushed
    handlings: list[Call] = field(default_factory=list)
    inferred: bool = False   # answered "out of date" only: applied by an earlier, cut handling
    seen_twice: bool = False  # the user got replies from two handlings
    explained: bool | None = None
    why: str = ""

    @property
    def times(self) -> int:
        return len(self.handlings) + self.inferred


def pages():
    from bot.kb import default
    from bot.render.pages import Renderer
    k = default()
    r = Renderer(k)
    return {"welcome_back": r.page("en", "welcome_back"), "stale": r.page("en", "stale"),
            "stale_nothing": r.page("en", "stale_nothing"), "stale_toast": k.text("stale_button", "en"),
            "noted_toast": k.text("already_noted", "en")}


def explain(first: Call, later: list[Call], bots: Bots, chat: list[Call]) -> tuple[bool, str]:
    """Is a second handling explained by a SIGKILL right after the first one (its last call in
    the chat: a reply may take several)?"""
    life = bots.life(first.gen)
    if all(c.gen == first.gen for c in later):
        return False, f"twice in bot process {first.gen}"
    last = max([first.t] + [c.t for c in chat if c.gen == first.gen and c.t >= first.t])
    gap = (life.ended or 0) - last
    if life.how == "SIGKILL" and 0 <= gap <= EXPLAIN_WINDOW:
        return True, f"process {first.gen} SIGKILLed {gap * 1000:.0f} ms after its last call for it"
    return False, f"process {first.gen} ended by {life.how} {gap * 1000:.0f} ms after its last call for it"


def analyse(users: list[User], bots: Bots, fake: Fake, texts: dict) -> list[Verdict]:
    verdicts = []
    for u in users:
        calls = fake.chat_calls(u.uid)
        for p in u.pushed:
            v = Verdict(u.uid, p)
            if p.query is None:  # /start: one welcome (or welcome back) a handling
                v.handlings = [c for c in calls if c.method == "sendMessage" and c.t >= p.at - 1
                               and (any(d.startswith("ok:") for d in c.data) or c.text == texts["welcome_back"])]
            else:
                with fake.cond:
                    v.handlings = list(fake.by_query.get(p.query, []))
                if (v.handlings and not p.again and not p.what.startswith(("ok:", "menu:", "res:"))
                        and all(c.text in (texts["stale_toast"], texts["noted_toast"]) for c in v.handlings)):
                    v.inferred = True
            verdicts.append(v)
    # a /start pushed again after no welcome came: the welcomes are shared between them
    for u in users:
        starts = [v for v in verdicts if v.user == u.uid and v.pushed.query is None]
        if len(starts) > 1:
            welcomes = starts[0].handlings
            for v in starts:
                v.handlings = []
            for i, c in enumerate(welcomes):
                starts[min(i, len(starts) - 1)].handlings.append(c)
    for v in verdicts:
        if v.times < 2:
            continue
        first = min(v.handlings, key=lambda c: c.t)
        if v.inferred:  # applied by a process alive after the push, which ended before this one
            before = [l for l in bots.lives if l.n < first.gen and (l.ended or 0) >= v.pushed.at]
            gens = {l.n for l in before}
            replies = [c for c in fake.chat_calls(v.user) if c.gen in gens and c.t >= v.pushed.at
                       and c.error is None and c.method in ("sendMessage", "editMessageText")]
            v.seen_twice = bool(replies)
            v.explained = any(l.how == "SIGKILL" for l in before)
            v.why = (f"applied by process {'/'.join(f'{l.n} ({l.how})' for l in before)}, "
                     + (f"whose reply reached the user ({len(replies)} calls) but not its answer to the press; "
                        if replies else "whose reply never reached the user; ")
                     + f"replayed by process {first.gen}, which said 'out of date' or 'already noted'")
        else:
            # seen twice when one message reached the user from two processes (a replay that only
            # answers the press again, edits a message into what it already shows, or sends the
            # replies the first process had not sent, shows nothing twice)
            after = [p.at for p in next(u for u in users if u.uid == v.user).pushed if p.at > v.pushed.at]
            end = min(after, default=float("inf"))
            shown: dict[str | None, set[int]] = {}
            for c in fake.chat_calls(v.user):
                if v.pushed.at <= c.t < end and c.error is None and c.method in VISIBLE:
                    shown.setdefault(c.text, set()).add(c.gen)
            v.seen_twice = any(len(gens) >= 2 for gens in shown.values())
            later = sorted((c for c in v.handlings if c is not first), key=lambda c: c.t)
            chat = fake.chat_calls(v.user)
            v.explained, v.why = explain(first, later, bots, chat)
            stale = any(c.text in (texts["stale_toast"], texts["noted_toast"]) for c in later) or any(
                c.gen in {x.gen for x in later} and c.t >= later[0].t and c.method == "sendMessage"
                and c.text in (texts["stale"], texts["stale_nothing"]) for c in chat)
            v.why += ("; then answered again by process " + ", ".join(str(c.gen) for c in later)
                      + (" ('out of date')" if stale else ""))
    return verdicts


def inbox_rows(db: Path) -> dict[int, tuple]:
    con = sqlite3.connect(db)
    try:
        return {r[0]: r[1:] for r in con.execute("select update_id, received_at, handled_at from inbox")}
    finally:
        con.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20, help="users doing an interview at once")
    parser.add_argument("--kills", type=int, default=28, help="random kills while the users are at it")
    parser.add_argument("--reminder-kills", type=int, default=2, help="SIGKILLs aimed at reminder scans")
    parser.add_argument("--reminder-users", type=int, default=20, help="users with a reminder due at the start")
    parser.add_argument("--delay", type=float, default=0.05, help="seconds added to every Bot API call")
    parser.add_argument("--think", type=float, default=3.0,
                        help="mean seconds a user reads before each press (0.5 to 1.5 times this)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--strict", action="store_true", help="exit 1 for explained doubles too")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = pages()
    tmp = Path(tempfile.mkdtemp(prefix="bench-kill-"))
    fake = Fake(delay=args.delay)
    url = fake.start()
    zone = daytime_zone()
    env = {"QUOTA_DOCTOR_MAX_RATE": "0", "QUOTA_DOCTOR_TZ": zone, "PYTHONPATH": str(ROOT)}
    bots = Bots(fake, url, tmp, env)

    from bot.store import Store
    store = Store(bots.db)
    reminder_chats = set(range(FIRST_REMINDER_USER, FIRST_REMINDER_USER + args.reminder_users))
    for uid in sorted(reminder_chats):
        store.add_user(f"telegram:{uid}", "en")
        store.set_reminders(f"telegram:{uid}", "weekly", "2000-01-01T00:00:00+00:00")
        fake.chat_types[uid] = "private"
    store.close()

    print(f"fake Bot API on 127.0.0.1, {args.delay * 1000:.0f} ms a call; {args.users} users, think "
          f"{args.think:g} s; {args.kills} random kills + {args.reminder_kills} aimed at reminder scans; "
          f"{args.reminder_users} reminders due; QUOTA_DOCTOR_TZ={zone}; seed {args.seed}", flush=True)
    t0 = time.monotonic()
    deadline = t0 + TIME_BOUND
    killed: list[Life] = []
    failed = True
    try:
        bots.start()
        gate = threading.Event()
        users = [User(fake, FIRST_USER + i, args.seed, args.think, gate, deadline) for i in range(args.users)]
        for u in users:
            u.start()
        gate.set()
        killing = threading.Thread(target=killer, daemon=True, args=(
            bots, users, args.kills, args.reminder_kills > 0 and args.reminder_users > 0, reminder_chats, rng,
            deadline, killed))
        killing.start()
        killing.join()
        for u in users:
            u.join(max(1.0, deadline - time.monotonic() + STEP_TIMEOUT))
        users_done = time.monotonic()
        print(f"  interviews over after {users_done - t0:.0f} s, {len(killed)} kills", flush=True)
        # a moment for replays of the last updates, then a clean stop
        time.sleep(2.0)
        bots.end("stop")

        # the reminders: each further aimed kill into a scan, then a last process sends the rest
        released = bots.release_held_reminders()
        aimed_left = max(0, args.reminder_kills - (1 if any(l.aimed for l in killed) else 0))
        for _ in range(aimed_left):
            if not bots.unsent_due_reminders():
                break
            bots.start()
            t_end = time.monotonic() + 30
            while not bots.reminder_sent_by_current(reminder_chats) and time.monotonic() < t_end:
                time.sleep(0.02)
            time.sleep(rng.uniform(0.0, 1.0))
            life = bots.end("SIGKILL")
            life.aimed = True
            killed.append(life)
            released += bots.release_held_reminders()
        bots.start()
        t_end = time.monotonic() + 60
        while bots.unsent_due_reminders() and time.monotonic() < t_end:
            time.sleep(0.5)
        time.sleep(1.0)
        bots.end("stop")
        wall = time.monotonic() - t0
        failed = report(args, users, bots, fake, texts, killed, released, wall, users_done - t0)
    finally:
        if bots.bot is not None:
            bots.end("stop")
        fake.stop()
        if failed or args.keep:
            print(f"kept: {tmp} (kill.db, bot.log)")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


def report(args, users: list[User], bots: Bots, fake: Fake, texts: dict, killed: list[Life],
           released: int, wall: float, interviews: float) -> bool:
    from bot.store import Store
    verdicts = analyse(users, bots, fake, texts)
    inbox = inbox_rows(bots.db)
    lost = [v for v in verdicts if not v.handlings and not v.inferred]
    twice = [v for v in verdicts if v.times >= 2]
    doubled = [v for v in twice if v.seen_twice]       # the user got two replies
    replayed = [v for v in twice if not v.seen_twice]  # applied once, its reply cut, answered by the replay
    explained = [v for v in twice if v.explained]
    unexplained = [v for v in twice if not v.explained]
    unhandled = {uid: row for uid, row in inbox.items() if row[1] is None}

    store = Store(bots.db)
    expected = stored_ok = 0
    wrong: list[str] = []
    for u in users:
        key = f"telegram:{u.uid}"
        interviews_ = list(store.db.query("select * from interviews where user_id = ? order by id", [key]))
        finished = [i for i in interviews_ if i["status"] == "finished"]
        expected += len(u.expected)
        if len(interviews_) != 1 or len(finished) != 1:
            wrong.append(f"user {u.uid}: interviews {[(i['id'], i['status'], i['current']) for i in interviews_]}")
        if not interviews_:
            continue
        got = store.answers(interviews_[-1]["id"])
        for q, value in u.expected.items():
            if q not in got:
                wrong.append(f"user {u.uid}: answer to {q} missing (pressed {value!r})")
            elif got[q] != value:
                wrong.append(f"user {u.uid}: answer to {q} is {got[q]!r}, pressed {value!r}")
            else:
                stored_ok += 1
        for q in set(got) - set(u.expected):
            wrong.append(f"user {u.uid}: answer to {q} stored ({got[q]!r}), never pressed")
        diagnoses = store.db.execute("select count(*) from diagnoses where user_id = ?", [key]).fetchone()[0]
        if diagnoses != 1 and u.finish_pressed:
            wrong.append(f"user {u.uid}: {diagnoses} diagnoses")

    # reminders: messages with the limit buttons that reached the fake, and the table
    deliveries: dict[int, list[Call]] = {}
    for uid in range(FIRST_REMINDER_USER, FIRST_REMINDER_USER + args.reminder_users):
        deliveries[uid] = [c for c in fake.chat_calls(uid) if c.method == "sendMessage" and c.error is None
                           and any(d.startswith("lim:") for d in c.data)]
    rem_lost = [uid for uid, d in deliveries.items() if not d]
    rem_doubled = {uid: d for uid, d in deliveries.items() if len(d) > 1}
    rem_explained = {}
    for uid, d in rem_doubled.items():
        first = min(d, key=lambda c: c.t)
        rem_explained[uid] = explain(first, [c for c in d if c is not first], bots, fake.chat_calls(uid))
    rem_table: list[str] = []
    for uid in deliveries:
        rows = list(store.db.query("select * from reminders where user_id = ? order by id", [f"telegram:{uid}"]))
        sent = [r for r in rows if r["sent_at"]]
        booked = [r for r in rows if not r["sent_at"] and not r["failed_at"]]
        given_up = [r for r in rows if r["failed_at"]]
        if len(sent) != 1 or len(booked) != 1 or given_up:
            rem_table.append(f"user {uid}: {len(sent)} sent, {len(booked)} booked, {len(given_up)} given up "
                             f"({[(r['id'], r['due_at'], r['sent_at'], r['attempts']) for r in rows]})")
    integrity = store.db.execute("PRAGMA integrity_check").fetchone()[0]
    store.close()

    results_lost = [u for u in users if u.finish_pressed and not u.result_seen]
    results_doubled = [u for u in users if sum(1 for c in fake.chat_calls(u.uid) if is_result(c)) > 1]
    stale_notices = sum(1 for u in users for c in fake.chat_calls(u.uid)
                        if c.method == "sendMessage" and c.text in (texts["stale"], texts["stale_nothing"]))
    kinds = Counter(l.how for l in killed)
    term_exits = Counter(l.rc for l in killed if l.how == "SIGTERM")
    answered_at = {id(v.pushed): min((c.t for c in v.handlings), default=float("inf")) for v in verdicts}
    in_flight = [sum(1 for v in verdicts if v.pushed.at < l.ended < answered_at[id(v.pushed)]) for l in killed]
    aimed = sum(1 for l in killed if l.aimed)
    violations = Counter(v for v in fake.violations if "already answered" not in v)
    log_text = bots.log.read_text(errors="replace")
    log_errors = [line for line in log_text.splitlines() if " ERROR " in line or "Traceback" in line]
    stuck = [u for u in users if u.gave_up or u.error]

    rows = [
        ("kills", f"{len(killed)} ({kinds['SIGKILL']} SIGKILL, {kinds['SIGTERM']} SIGTERM; "
                  f"{aimed} aimed at reminder scans)"),
        ("  SIGTERM exit statuses", ", ".join(f"{n} x {rc}" for rc, n in sorted(term_exits.items())) or "-"),
        ("  kills with updates in flight", f"{sum(1 for n in in_flight if n)} of {len(killed)} "
                                           f"({sum(in_flight)} updates pushed and not yet answered at a kill)"),
        ("bot processes", f"{len(bots.lives)} ({sum(1 for l in bots.lives if l.how == 'failed')} failed to start)"),
        ("users (interviews)", f"{len(users)}, {sum(1 for u in users if u.result_seen)} saw their result"
                               + (f", {len(stuck)} stuck" if stuck else "")),
        ("updates pushed", f"{len(verdicts)} ({sum(1 for v in verdicts if v.pushed.again)} pushed again "
                           f"after {STEP_TIMEOUT:.0f} s without a reply)"),
        ("answers stored / expected", f"{stored_ok} / {expected}" + (f" ({len(wrong)} wrong)" if wrong else "")),
        ("updates lost", f"{len(lost)}" + (f" (inbox: {len(unhandled)} never handled)" if unhandled else "")),
        ("updates doubled", f"{len(doubled)} (the user got replies from two handlings; "
                            f"{sum(1 for v in doubled if v.explained)} explained by a SIGKILL)"),
        ("updates replayed, seen once", f"{len(replayed)} (a process was killed before its reply reached the "
                                        f"user or was marked; the replay answered, the user saw one reply; "
                                        f"{sum(1 for v in replayed if v.explained)} explained by a SIGKILL)"),
        ("handled twice, unexplained", f"{len(unexplained)}"),
        ("'out of date' notices", f"{stale_notices}"),
        ("results lost / doubled", f"{len(results_lost)} / {len(results_doubled)}"),
        ("reminders due", f"{len(deliveries)}"),
        ("reminders delivered", f"{sum(1 for d in deliveries.values() if d)} "
                                f"({released} claims or retries fast-forwarded)"),
        ("reminders doubled", f"{len(rem_doubled)} ({sum(1 for e in rem_explained.values() if e[0])} explained)"),
        ("reminders lost", f"{len(rem_lost)}"),
        ("database", f"integrity {integrity}"),
        ("fake API violations", f"{sum(violations.values())} (besides 'query is already answered': "
                                f"{len(fake.violations) - sum(violations.values())})"),
        ("bot log errors", f"{len(log_errors)}"),
        ("wall time", f"{wall:.0f} s (interviews {interviews:.0f} s)"),
    ]
    width = max(len(r[0]) for r in rows) + 2
    print()
    for label, value in rows:
        print(f"{label:<{width}}{value}")

    def show(title: str, lines: list[str], limit: int = 30) -> None:
        if lines:
            print(f"\n{title}:")
            for line in lines[:limit]:
                print(f"  {line}")
            if len(lines) > limit:
                print(f"  ... and {len(lines) - limit} more")

    def gens(v: Verdict) -> str:
        return ", ".join(f"process {c.gen} at {c.t - bots.lives[0].started:.2f} s"
                         + (f" [{c.error}]" if c.error else "") for c in sorted(v.handlings, key=lambda c: c.t))

    show("LOST updates", [f"update {v.pushed.update_id} of user {v.user} ({v.pushed.what}); inbox "
                         f"{inbox.get(v.pushed.update_id, 'no row')}" for v in lost])
    show("Handled twice, NOT explained", [f"update {v.pushed.update_id} of user {v.user} ({v.pushed.what}): "
                                         f"{v.why}; handled by {gens(v)}" for v in unexplained])
    show("Doubled (two replies), explained", [f"update {v.pushed.update_id} of user {v.user} ({v.pushed.what}): "
                                             f"{v.why}" for v in doubled if v.explained])
    show("Replayed after a cut reply, explained", [f"update {v.pushed.update_id} of user {v.user} "
                                                  f"({v.pushed.what}): {v.why}" for v in replayed if v.explained])
    show("Wrong answers or interviews", wrong)
    show("Results never shown", [f"user {u.uid}: {u.gave_up}; pushed "
                                 f"{[(p.update_id, p.what) for p in u.pushed if p.what.startswith('fin:')]}"
                                 for u in results_lost])
    show("Users stuck", [f"user {u.uid}: {u.gave_up or u.error}" for u in stuck])
    show("Inbox rows never handled", [f"update {k}: {v}" for k, v in unhandled.items()])
    show("Reminders lost", [f"user {uid}" for uid in rem_lost])
    show("Reminders doubled", [f"user {uid}: {why} ({'explained' if ok else 'NOT explained'})"
                               for uid, (ok, why) in rem_explained.items()])
    show("Reminders table", rem_table)
    show("Fake API violations", [f"{n} x {v}" for v, n in violations.items()])
    show("Bot log errors", log_errors, 10)

    return bool(lost or unexplained or wrong or results_lost or stuck or unhandled or rem_lost
                or any(not ok for ok, _ in rem_explained.values()) or rem_table or integrity != "ok"
                or violations or (args.strict and (twice or rem_doubled)))


if __name__ == "__main__":
    sys.exit(main())
