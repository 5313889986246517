"""Faults an operator meets, through the real process against the fake Bot API (#18): an update
the library cannot read, a token Telegram refuses (at start or later), a second process with the
same token, failing reminders, a damaged database, a lock another process holds, a kill with
updates in flight (polling and webhook), and the webhook server's limits. Each test asserts what
users got, what is stored, what the process did, and what its output says."""
from __future__ import annotations

import time

import pytest

from tests.fake_bot_api import FakeBotAPI, Fault
from tests.telegram_harness import BotProcess, TgUser, daytime_zone, free_port

MARKER = "PRIVATE-MARKER-7781"  # typed by a user inside the update nobody can read


@pytest.fixture
def fake():
    api = FakeBotAPI()
    api.url = api.start()
    yield api
    api.stop()


def _output(bot: BotProcess) -> str:
    return bot.log.read_text(encoding="utf-8", errors="replace")


def _exit_of(bot: BotProcess, ready: bool = False, fault: Fault | None = None) -> tuple[int, str]:
    """Let the process end by itself (after a fault, if given, once it is ready): its exit
    code and its whole output."""
    try:
        if ready:
            bot.wait_ready()
        if fault is not None:
            bot.fake.faults.append(fault)
        code = bot.proc.wait(30)
    finally:
        bot.stop()
    return code, _output(bot)


def _no_token(fake: FakeBotAPI, text: str) -> None:
    secret = fake.token.split(":", 1)[1]
    assert fake.token not in text and secret not in text


def test_an_update_the_library_cannot_read_is_skipped_once_and_everyone_else_served(fake, tmp_path):
    bot = BotProcess(fake, fake.url, tmp_path / "bot.db", tmp_path / "bot.log")
    try:
        bot.wait_ready()
        # a poll as an older self-hosted Bot API server sends it: fields the library requires are missing
        bad = fake._push({"message": {"message_id": 5, "date": int(time.time()), "chat": fake._chat(4242),
                                      "from": fake._user(4242),
                                      "poll": {"id": "p1", "question": MARKER, "options": []}}})
        user = TgUser(fake, 4343)
        replies = user.send("/start")
        assert replies and "Quota Doctor" in replies[0].text  # served after the unreadable one
        polls = [p for _, m, p in fake.calls if m == "getUpdates"]
        assert any(int(p.get("offset") or 0) > bad for p in polls)  # the offset moved past it
        time.sleep(1.5)
        polls_later = [p for _, m, p in fake.calls if m == "getUpdates"]
        assert len(polls_later) - len(polls) < 10  # long polling as usual, no spinning
        log = _output(bot)
        assert log.count(f"update {bad} skipped") == 1
        assert MARKER not in log
        _no_token(fake, log)
    finally:
        bot.stop()


@pytest.mark.parametrize("base", ["right token, wrong path", "revoked token"])
def test_a_token_telegram_refuses_at_start_is_said_once_and_the_process_exits(fake, tmp_path, base):
    url = fake.url.removesuffix("/bot") + "/" if base == "right token, wrong path" else fake.url
    if base == "revoked token":
        fake.token = fake.token[:-4] + "ZZZZ"  # the server now knows another token than the bot's
    code, log = _exit_of(BotProcess(fake, url, tmp_path / "bot.db", tmp_path / "bot.log",
                                    env={"TELEGRAM_BOT_TOKEN": "123456789:TEST-token_for_the_fake_bot_api_0001"}))
    assert code == 3, log
    assert "Telegram refused the bot token" in log and "Traceback" not in log
    assert "123456789:TEST-token_for_the_fake_bot_api_0001" not in log and "TEST-token_for_the_fake_bot_api_0001" not in log


@pytest.mark.parametrize("status, description, said", [
    (401, "Unauthorized", "Telegram refused the bot token"),  # revoked while running
    (409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
     "another process is using this bot token"),  # a second process, for longer than a restart takes
])
def test_a_fault_of_getupdates_nothing_mends_stops_the_process_with_one_line(fake, tmp_path, status, description, said):
    code, log = _exit_of(BotProcess(fake, fake.url, tmp_path / "bot.db", tmp_path / "bot.log"), ready=True,
                         fault=Fault("getUpdates", status, description, times=1000))
    assert code == 3, log
    assert log.count(said) == 1 and "Traceback" not in log
    _no_token(fake, log)


def test_a_brief_conflict_after_a_restart_is_waited_out(fake, tmp_path):
    """An earlier process's long poll may stay open at Telegram for seconds after a restart:
    two 409s in a row are waited out, and users are served after them."""
    bot = BotProcess(fake, fake.url, tmp_path / "bot.db", tmp_path / "bot.log")
    try:
        bot.wait_ready()
        fake.faults.append(Fault("getUpdates", 409, "Conflict: terminated by other getUpdates request", times=2))
        replies = TgUser(fake, 4545).send("/start")
        assert replies and "Quota Doctor" in replies[0].text
        assert bot.proc.poll() is None
    finally:
        bot.stop()
    log = _output(bot)
    assert "another process" not in log and "Traceback" not in log


def test_one_failed_reminder_never_stops_the_others_and_each_ends_in_a_known_state(fake, tmp_path):
    """Three reminders due, in this order: a chat Telegram no longer knows (given up), a
    network fault (tried again later), a user who gets it. Before, the first error dropped the
    rest of the batch, all already marked sent."""
    from bot.store import Store
    db = tmp_path / "bot.db"
    store = Store(db)
    for i, uid in enumerate((311, 312, 313)):
        store.add_user(f"telegram:{uid}", "en")
        store.set_reminders(f"telegram:{uid}", "weekly", f"2000-01-0{i + 1}T00:00:00+00:00")
    store.close()
    fake.chat_types.update({312: "private", 313: "private"})  # 311: "chat not found"
    fake.fail("sendMessage", 502, "Bad Gateway", times=1, chat_id=312)
    bot = BotProcess(fake, fake.url, db, tmp_path / "bot.log", env={"QUOTA_DOCTOR_TZ": daytime_zone()})
    try:
        bot.wait_ready()
        fake.wait_for(lambda: fake.bot_messages(313), timeout=30)
        time.sleep(0.5)
    finally:
        bot.stop()
    assert "check-in" in fake.bot_messages(313)[0].text and fake.bot_messages(312) == []
    store = Store(db)
    try:
        rows = {r["user_id"]: r for r in store.db.query("select * from reminders where due_at < '2001'")}
        assert rows["telegram:311"]["failed_at"] and rows["telegram:311"]["sent_at"] is None
        assert rows["telegram:312"]["retry_at"] and rows["telegram:312"]["attempts"] == 1
        assert rows["telegram:312"]["sent_at"] is None and rows["telegram:312"]["failed_at"] is None
        assert rows["telegram:313"]["sent_at"] and rows["telegram:313"]["attempts"] == 0
        assert store.next_reminder("telegram:311")["due_at"] > "2026"  # the next one is booked
    finally:
        store.close()


def test_a_damaged_database_at_start_is_said_in_one_line_and_never_overwritten(fake, tmp_path):
    db = tmp_path / "bot.db"
    damaged = b"SQLite format 3\x00" + bytes(range(256)) * 64
    db.write_bytes(damaged)
    code, log = _exit_of(BotProcess(fake, fake.url, db, tmp_path / "bot.log"))
    assert code == 4, log
    assert "cannot be used: it is damaged" in log and "Traceback" not in log
    assert db.read_bytes() == damaged
    assert not fake.short_descriptions  # it never started serving



def _at_first_question(fake, db, log, user_id: int) -> tuple[BotProcess, TgUser]:
    """The bot running on `db`, and a user who agreed and sees the interview's first question."""
    bot = BotProcess(fake, fake.url, db, log)
    try:
        bot.wait_ready()
        user = TgUser(fake, user_id)
        user.send("/start")
        user.press("I agree")
    except BaseException:
        bot.stop()
        raise
    return bot, user


def _stored_user_db(folder) -> tuple:
    from bot.store import Store
    db = folder / "bot.db"
    store = Store(db)
    store.add_user("telegram:4901", "en")
    store.close()
    return db, db.read_bytes()


def test_a_read_only_database_at_start_is_said_in_one_line_and_left_as_it_is(fake, tmp_path):
    """The file and its folder cannot be written by the bot's user (root is made to meet the
    permissions as anyone else would, by dropping its power to override them)."""
    import os
    import shutil
    import stat
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root writes read-only files; setpriv is needed to run the bot without that power")
        prefix = ("setpriv", "--bounding-set=-dac_override,-dac_read_search")
    folder = tmp_path / "ro"
    folder.mkdir()
    db, before = _stored_user_db(folder)
    db.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        code, log = _exit_of(BotProcess(fake, fake.url, db, tmp_path / "bot.log", prefix=prefix))
    finally:
        folder.chmod(stat.S_IRWXU)
    assert code == 4, log
    assert f"the database {db} cannot be used: it is read-only" in log and "Traceback" not in log
    assert len(log.strip().splitlines()) == 1, log
    assert db.read_bytes() == before and sorted(p.name for p in folder.iterdir()) == ["bot.db"]
    assert not fake.short_descriptions


def test_a_disk_that_refuses_writes_at_start_is_said_in_one_line(fake, tmp_path):
    """No file may grow past 8 KiB (to SQLite, as a full disk): the new database cannot be made."""
    db = tmp_path / "bot.db"
    code, log = _exit_of(BotProcess(fake, fake.url, db, tmp_path / "bot.log", file_size_limit=8192))
    assert code == 4, log
    assert f"the database {db} cannot be used: writing to the disk failed" in log and "Traceback" not in log
    assert not fake.short_descriptions


def test_a_disk_that_refuses_writes_while_serving_gets_a_true_apology_and_nothing_is_lost(fake, tmp_path):
    """The disk stops taking writes mid-interview: the press is answered, truly, "may not have
    been saved"; /help still works; once the disk takes writes again the same press is stored
    and the earlier answers are all there."""
    import resource
    db = tmp_path / "bot.db"
    bot, user = _at_first_question(fake, db, tmp_path / "bot.log", 4902)
    try:
        wal = db.with_name("bot.db-wal")
        size = max(wal.stat().st_size, db.stat().st_size, (tmp_path / "bot.log").stat().st_size)
        question, button = user.find_button("It was cut")
        resource.prlimit(bot.proc.pid, resource.RLIMIT_FSIZE, (size, resource.RLIM_INFINITY))  # the soft limit
        user.press("It was cut")
        assert any("may not have been saved" in m.text for m in user.messages())
        assert not any("earlier answers are kept" in m.text for m in user.messages())
        assert user.question() != "limit_before"
        helped = user.send("/help")
        assert helped and "/diagnose" in helped[-1].text
        resource.prlimit(bot.proc.pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        user.press_data(question.message_id, button["callback_data"])  # the same button (the menu took its place)
        assert user.question() == "limit_before"
    finally:
        bot.stop()
    assert bot.proc.returncode == 0
    from bot.store import Store
    store = Store(db)
    try:
        interview = store.open_interview(user.key)
        assert store.user(user.key)["language"] == "en" and interview["current"] == "limit_before"
        assert len(store.answers(interview["id"])) == 1  # the press, stored once
    finally:
        store.close()


def test_a_page_damaged_while_serving_gets_a_polite_answer_from_what_needs_no_database(fake, tmp_path):
    """The users table's page is overwritten on disk while the bot runs: a user whose row sits
    there gets the apology (which needs no database), a new user is answered too (the key's
    index is intact), and the log says what is wrong; nobody gets silence."""
    import sqlite3
    db = tmp_path / "bot.db"
    bot, a = _at_first_question(fake, db, tmp_path / "bot.log", 4903)
    b = TgUser(fake, 4904)
    try:
        with sqlite3.connect(db) as conn:
            conn.execute("pragma wal_checkpoint(truncate)")
            root = conn.execute("select rootpage from sqlite_master where name = 'users'").fetchone()[0]
            size = conn.execute("pragma page_size").fetchone()[0]
        with open(db, "r+b") as f:
            f.seek((root - 1) * size)
            f.write(b"\xff" * size)
        with sqlite3.connect(db) as conn:  # another writer: the bot's cached pages are read again
            conn.execute("create table touched (x)")
        before_a, before_b = len(a.messages()), len(b.messages())
        a.send("how do I raise my limit")
        b.send("/start")
        a_new, b_new = a.messages()[before_a:], b.messages()[before_b:]
    finally:
        bot.stop()
    assert a_new and b_new, (a_new, b_new)  # nobody gets silence
    assert "may not have been saved" in a_new[-1].text, a_new[-1].text  # a's row sits on the damaged page
    log = _output(bot)
    assert "malformed" in log

def test_a_lock_held_by_another_process_freezes_nobody_and_the_apology_is_true(fake, tmp_path):
    """Another process holds the write lock for 8 s. A user's press is answered within
    Telegram's 10 s and told, truly, that the step may not have been saved; another user's
    /help comes within a few seconds; after the lock the same press is stored."""
    import sqlite3
    import threading
    db = tmp_path / "bot.db"
    bot, a = _at_first_question(fake, db, tmp_path / "bot.log", 4601)
    b = TgUser(fake, 4602)
    try:
        question, button = a.find_button("It was cut")
        locked = threading.Event()

        def hold() -> None:
            other = sqlite3.connect(db, timeout=1)
            other.execute("begin immediate")
            locked.set()
            time.sleep(8)
            other.rollback()
            other.close()
        holder = threading.Thread(target=hold)
        holder.start()
        locked.wait(5)
        pressed_at = time.monotonic()
        qid = fake.press(a.id, question.message_id, button["callback_data"], "en")
        helped = b.send("/help")
        helped_after = time.monotonic() - pressed_at
        fake.wait_for(lambda: fake.queries[qid]["answered_at"] is not None, 12)
        answered_after = fake.queries[qid]["answered_at"] - pressed_at
        fake.wait_for(lambda: any("may not have been saved" in m.text for m in a.messages()), 15)
        holder.join()
        assert helped and "/diagnose" in helped[-1].text and helped_after < 4.5, helped_after
        assert answered_after < 9.5, answered_after
        assert not any("earlier answers are kept" in m.text for m in a.messages())
        a.press("It was cut")  # the lock is gone: the same answer is taken
        assert a.question() == "limit_before"
    finally:
        bot.stop()


@pytest.mark.parametrize("sig", ["SIGKILL", "SIGTERM"])
def test_updates_in_flight_when_the_process_stops_are_answered_once_after_the_restart(fake, tmp_path, sig):
    """Telegram is told an update arrived once it is in the inbox; a process killed before it
    answered leaves it there, and the next run answers it, once."""
    import signal
    db = tmp_path / "bot.db"
    bot = BotProcess(fake, fake.url, db, tmp_path / "bot.log")
    users = [TgUser(fake, 4700 + i) for i in range(8)]
    try:
        bot.wait_ready()
        fake.delay = 0.6  # every answer takes a while: they are in flight when the process stops
        ids = [fake.send_text(u.id, "/help", "en") for u in users]
        fake.wait_for(lambda: users[0]._fetched_at(ids[-1]), 10)  # Telegram was told: all arrived
        time.sleep(0.2)
        bot.stop(getattr(signal, sig))
        answered_before = [u.id for u in users if fake.bot_messages(u.id)]
        if sig == "SIGKILL":
            assert len(answered_before) < len(users)  # some were in flight, and Telegram will not resend them
        fake.delay = 0
        again = BotProcess(fake, fake.url, db, tmp_path / "bot.log")
        try:
            again.wait_ready()
            fake.wait_for(lambda: all(fake.bot_messages(u.id) for u in users), 20)
            time.sleep(1.0)
        finally:
            again.stop()
    finally:
        bot.stop()
    assert [len(fake.bot_messages(u.id)) for u in users] == [1] * len(users)
    assert all("/diagnose" in fake.bot_messages(u.id)[0].text for u in users)



def _poll(predicate, timeout: float) -> None:
    """Wait for something the fake does not see (a row in the bot's database), looking often."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "the bot did not get there in time"
        time.sleep(0.005)


def _inbox_row(db, update_id: int) -> dict | None:
    import sqlite3
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
    try:
        conn.row_factory = sqlite3.Row
        row = conn.execute("select * from inbox where update_id = ?", [update_id]).fetchone()
    finally:
        conn.close()
    return dict(row) if row else None


def test_a_process_killed_between_two_replies_sends_only_the_one_left_after_the_restart(fake, tmp_path):
    """A crisis message gets two replies (the line, then the debt answer). Killed once the first
    reached Telegram and was marked, the next process sends the second, and the first not again."""
    import signal
    db = tmp_path / "bot.db"
    bot = BotProcess(fake, fake.url, db, tmp_path / "bot.log")
    user = TgUser(fake, 4801)
    try:
        bot.wait_ready()
        fake.delay = 3.0  # the second reply is still on its way when the process dies
        update_id = fake.send_text(user.id, "I want to kill myself, I can't repay my loans", "en")
        _poll(lambda: (_inbox_row(db, update_id) or {}).get("sent") == 1, 15)
        bot.stop(signal.SIGKILL)
        assert len(user.messages()) == 1 and "12356" in user.messages()[0].text
        fake.delay = 0
        again = BotProcess(fake, fake.url, db, tmp_path / "bot.log")
        try:
            again.wait_ready()
            fake.wait_for(lambda: len(user.messages()) >= 2, 20)
            time.sleep(1.0)
        finally:
            again.stop()
    finally:
        bot.stop()
    texts = [m.text for m in user.messages()]
    assert len(texts) == 2, texts
    assert "12356" in texts[0] and "12356" not in texts[1] and "95384" in texts[1]
    row = _inbox_row(db, update_id)
    assert row["handled_at"] is not None and row["replies"] is None and row["body"] is None


def test_a_press_applied_before_a_kill_is_answered_with_its_own_reply_after_the_restart(fake, tmp_path):
    """The answer was saved, the process died before its reply reached Telegram: the next
    process shows the next question (the kept reply), not "already noted"."""
    import signal
    db = tmp_path / "bot.db"
    bot, user = _at_first_question(fake, db, tmp_path / "bot.log", 4802)
    try:
        question, button = user.find_button("It was cut")
        fake.delay = 3.0  # the reply to the press is on its way when the process dies
        qid = fake.press(user.id, question.message_id, button["callback_data"], "en")
        update_id = fake.queries[qid]["update_id"]
        _poll(lambda: (_inbox_row(db, update_id) or {}).get("replies") is not None, 15)
        bot.stop(signal.SIGKILL)
        assert user.question() != "limit_before"  # the user has not seen the next question yet
        fake.delay = 0
        again = BotProcess(fake, fake.url, db, tmp_path / "bot.log")
        try:
            again.wait_ready()
            fake.wait_for(lambda: user.question() == "limit_before", 20)
            time.sleep(1.0)
        finally:
            again.stop()
    finally:
        bot.stop()
    assert not any("already" in (m.text or "").lower() for m in user.messages())
    assert (fake.queries[qid]["text"] or "").lower().find("already") < 0
    assert _inbox_row(db, update_id)["handled_at"] is not None

# -- the webhook server ------------------------------------------------------------------------
SECRET = "s3cret-for-the-webhook-tests"


def _webhook_bot(fake, tmp_path, port: int, db=None) -> BotProcess:
    return BotProcess(fake, fake.url, db or tmp_path / "bot.db", tmp_path / "bot.log", "--webhook-url",
                      "https://bot.example.invalid/hook", "--port", str(port),
                      env={"QUOTA_DOCTOR_WEBHOOK_SECRET": SECRET})


def _update(update_id: int, user_id: int, text: str = "/help") -> bytes:
    import json
    entities = [{"type": "bot_command", "offset": 0, "length": len(text)}] if text.startswith("/") else []
    return json.dumps({"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()), "chat": {"id": user_id, "type": "private"},
        "from": {"id": user_id, "is_bot": False, "first_name": "A", "language_code": "en"},
        "text": text, "entities": entities}}).encode()


def _post(port: int, body: bytes, secret: str | None = SECRET, timeout: float = 5) -> int:
    import urllib.error
    import urllib.request
    headers = {"Content-Type": "application/json", **({"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {})}
    request = urllib.request.Request(f"http://127.0.0.1:{port}/hook", data=body, method="POST", headers=headers)
    deadline = time.monotonic() + 10
    while True:
        try:
            return urllib.request.urlopen(request, timeout=timeout).status
        except urllib.error.HTTPError as err:
            return err.code
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)  # the server listens just after setWebhook


def _rss_mb(pid: int) -> float:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def test_the_webhook_refuses_before_reading_caps_bodies_and_closes_idle_connections(fake, tmp_path):
    import socket
    port = free_port()
    bot = _webhook_bot(fake, tmp_path, port)
    try:
        bot.wait_ready()
        fake.chat_types[4801] = "private"
        assert _post(port, _update(1, 4801)) == 200
        fake.wait_for(lambda: fake.bot_messages(4801))
        before = _rss_mb(bot.proc.pid)
        # 90 MB announced with a wrong secret: refused before the body is read
        for _ in range(4):
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                s.sendall(b"POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          b"X-Telegram-Bot-Api-Secret-Token: wrong\r\nContent-Length: 94371840\r\n\r\n" + b"x" * 65536)
                assert s.recv(64).startswith(b"HTTP/1.1 403")
        assert _post(port, b"{" + b" " * (2 << 20) + b"}") == 413  # the right secret, 2 MB: too large
        assert _rss_mb(bot.proc.pid) < before + 30
        # a flood without the secret is logged once, not line by line
        for _ in range(300):
            assert _post(port, _update(2, 4801), secret="wrong") == 403
        assert _output(bot).count("webhook requests refused") <= 2
        # idle connections, a request never sent, are closed
        idle = [socket.create_connection(("127.0.0.1", port), timeout=20) for _ in range(50)]
        time.sleep(12)
        closed = sum(1 for s in idle if s.recv(1) == b"")
        for s in idle:
            s.close()
        assert closed == 50
        assert _post(port, _update(3, 4801)) == 200  # and the server still serves
        fake.wait_for(lambda: len(fake.bot_messages(4801)) == 2)
    finally:
        bot.stop()


@pytest.mark.parametrize("sig", ["SIGKILL", "SIGTERM"])
def test_webhook_updates_answered_200_are_answered_once_whatever_stops_the_process(fake, tmp_path, sig):
    """Telegram got its 200, so it will not send these again: a SIGTERM answers them before the
    process ends, and after a SIGKILL the next process answers them from the inbox, once."""
    import signal
    db, port = tmp_path / "bot.db", free_port()
    bot = _webhook_bot(fake, tmp_path, port, db)
    users = list(range(4901, 4907))
    fake.chat_types.update({u: "private" for u in users})
    try:
        bot.wait_ready()
        fake.delay = 0.6
        for i, u in enumerate(users):
            assert _post(port, _update(100 + i, u)) == 200
        time.sleep(0.2)
        code = bot.stop(getattr(signal, sig))
        if sig == "SIGTERM":
            assert code == 0
        else:
            assert sum(1 for u in users if fake.bot_messages(u)) < len(users)
            fake.delay = 0
            again = _webhook_bot(fake, tmp_path, free_port(), db)
            try:
                again.wait_ready()
                fake.wait_for(lambda: all(fake.bot_messages(u) for u in users), 20)
                time.sleep(1.0)
            finally:
                again.stop()
    finally:
        bot.stop()
    assert [len(fake.bot_messages(u)) for u in users] == [1] * len(users)
