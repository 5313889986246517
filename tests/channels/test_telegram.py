"""The real Application, started as `quota-doctor run` starts it, against a fake Bot API on
127.0.0.1 that checks Telegram's rules on every call. Each test asserts what the user got."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from bot.store import Store
from tests.fake_bot_api import FakeBotAPI
from tests.telegram_harness import BotProcess, TgUser, daytime_zone, free_port
from bot.kb import default as knowledge
from tests.helpers import CLEAN, questions_asked



@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tg")
    fake = FakeBotAPI()
    url = fake.start()
    bot = BotProcess(fake, url, tmp / "bot.db", tmp / "bot.log")
    bot.wait_ready()
    yield {"fake": fake, "url": url, "bot": bot, "tmp": tmp}
    bot.stop()
    fake.stop()


@pytest.fixture
def fake(world):
    return world["fake"]


_ids = iter(range(10_000, 20_000))


@pytest.fixture
def user(fake):
    return TgUser(fake, next(_ids))


def answer_interview(u: TgUser, profile: dict, amounts: dict | None = None) -> list[str]:
    asked = []
    while (qid := u.question()) is not None:
        assert qid not in asked
        asked.append(qid)
        msg, _ = u.find_button("Why" if u.lang == "en" else "为什么")
        if qid in ("limit_before", "limit_now"):
            value = (amounts or {}).get(qid)
            if value is None:
                u.press("Skip" if u.lang == "en" else "跳过")
            else:
                typed = u.send(str(value))
                assert "✓" in typed[0].text  # the amount as understood, e.g. ✓ ¥20,000
                continue
        else:
            data = f"a:{msg.buttons[0][0]['callback_data'].split(':')[1]}:{qid}:{profile.get(qid, 'unsure')}"
            assert u.press_data(msg.message_id, data) == []  # no new message: the pressed one changed
            assert u.last_query["answered_at"] is not None
            assert u.messages()[-1].message_id == msg.message_id
        # the pressed message turns into the next question (or the summary), the answer recapped on top
        shown = u.fake.messages[u.id][msg.message_id]
        assert "✓" in shown.text or u.question() is None  # the summary lists every answer
        assert all(b["callback_data"].split(":")[2:3] != [qid] for row in shown.buttons for b in row)
    return asked


def test_commands_are_registered_in_english_and_chinese(fake):
    en = {c["command"]: c["description"] for c in fake.commands[None]}
    zh = {c["command"]: c["description"] for c in fake.commands["zh"]}
    expected = {"start", "diagnose", "plan", "progress", "reminders", "language", "mydata", "forget", "help", "cancel"}
    assert set(en) == set(zh) == expected
    assert en["diagnose"] != zh["diagnose"]
    assert set(fake.commands) == {None, "zh"}  # Telegram takes two-letter codes: zh-hant clients see zh


def test_full_interview_in_english_by_buttons(user, fake):
    user.send("/start")
    assert "not WeBank" in user.text()
    user.press("I agree")
    assert f"Question 1 of {questions_asked(knowledge(), {})}" in user.text()
    profile = dict(CLEAN, overdue_microloan="current", overdue_days="4_30", other_loans="3_5", can_pay_due="yes")
    asked = answer_interview(user, profile, {"limit_before": "2万", "limit_now": "5千"})
    assert len(asked) == questions_asked(knowledge(), dict(profile, limit_before=20000, limit_now=5000))
    assert "Your answers" in user.text()
    new = user.press("See my result")
    result = "\n".join(m.text for m in new)
    assert "Your result" in result
    assert "Do this first, today\n1. Repay what is overdue, soon" in result  # the urgent step first
    assert "¥20,000 → ¥5,000" in result
    assert any(m == "sendChatAction" for _, m, _ in fake.calls)  # typing while the diagnosis is made
    plan = user.send("/plan")
    assert "Your plan (from" in plan[-1].text and "0 of 5 steps done" in plan[-1].text
    assert fake.violations == []


def test_full_interview_in_chinese(fake):
    u = TgUser(fake, next(_ids), lang="zh-hans")
    u.send("/start")
    assert "额度医生" in u.text()
    u.press("同意")
    assert "第 1 题" in u.text()
    answer_interview(u, dict(CLEAN, quota_status="closed"))
    new = u.press("查看诊断结果")
    assert "诊断" in new[0].text and "别花钱找人恢复额度" in "\n".join(m.text for m in new)
    assert fake.violations == []


def test_a_crisis_message_mid_interview_is_met_first_with_the_hotline(fake):
    u = TgUser(fake, next(_ids), lang="zh-hans")
    u.send("/start")
    u.press("同意")
    u.press("被降额了")
    assert u.question() == "limit_before"
    replies = u.send("我真的撑不下去了，不想活了，网贷还不上")
    assert "12356" in replies[0].text and "120" in replies[0].text  # before anything else
    assert not any("⚠️" in m.text or "请点按钮" in m.text for m in replies)
    assert any("95384" in m.text for m in replies[1:])  # then what to do about the debt
    u.send("2万")  # and the interview waits where it was
    assert u.question() == "limit_now"
    assert fake.violations == []


def test_every_button_press_is_answered_within_a_second(user, fake):
    user.send("/start")
    user.press("I agree")
    user.press("It was cut")
    user.press("Why do we ask")
    for q in (q for q in fake.queries.values() if "update_id" in q):
        if q["answered_at"] is not None:
            assert q["answered_at"] - q["pushed_at"] < 1.0


def test_help_and_a_free_text_question(user):
    help_ = user.send("/help")
    assert "/diagnose" in help_[-1].text and "/forget" in help_[-1].text
    answer = user.send("Can customer service raise my limit?")
    assert answer and answer[-1].text


def test_half_an_emoji_in_a_message_is_read_and_the_question_answered(user):
    """JSON can carry a lone surrogate (half an emoji): the update is kept, read and answered."""
    answer = user.send("could a WeBank agent bump up my limit manually \ud83d")
    assert answer and knowledge().topic("manual_increase").question.get("en") in answer[-1].text
    assert "/diagnose" in user.send("/help")[-1].text  # and the bot goes on


def test_stale_and_forged_buttons_are_answered_politely_and_apply_nothing(user, fake, world):
    user.send("/start")
    user.press("I agree")
    first_question, _ = user.find_button("It was cut")
    user.press("It was cut")
    user.press_data(first_question.message_id, "a:1:quota_status:closed")
    assert user.last_query["text"]  # a short toast
    user.press_data(first_question.message_id, "junk:\u00e9:<b>")
    user.press_data(first_question.message_id, "a:999999:quota_status:closed")
    assert user.question() == "limit_before"
    store = Store(world["tmp"] / "bot.db")
    answers = store.answers(store.open_interview(user.key)["id"])
    store.close()
    assert answers == {"quota_status": "reduced"}
    assert fake.violations == []


def test_stickers_and_photos_get_a_hint_and_edits_are_ignored(user, fake):
    hint = user.sticker()
    assert "text and button presses" in hint[0].text
    before = len(user.messages())
    update_id = fake.send_photo(user.id)
    user.settle(update_id)
    assert "text and button presses" in user.text() and len(user.messages()) == before + 1
    update_id = fake.edit_user_message(user.id, 1, "/start")
    user.settle(update_id)
    assert len(user.messages()) == before + 1


def test_group_chats_get_only_a_pointer_to_a_private_chat(fake):
    group, member = -100123, next(_ids)
    fake.open_group(group)
    fake.chat_types[group] = "supergroup"
    u = TgUser(fake, member)
    u.settle(fake.send_text(member, "/start@QuotaDoctorTestBot", chat_id=group))
    replies = fake.bot_messages(group)
    assert len(replies) == 1 and "private chat" in replies[0].text
    assert replies[0].buttons[0][0]["url"] == "https://t.me/QuotaDoctorTestBot"
    u.settle(fake.send_text(member, "my limit was cut, I owe 5000", chat_id=group))
    u.settle(fake.send_text(member, "/diagnose", chat_id=group))
    assert len(fake.bot_messages(group)) == 1


def test_a_user_who_blocked_the_bot_is_marked_inactive(user, fake, world):
    user.send("/start")
    user.press("I agree")
    fake.blocked.add(user.id)
    user.send("/plan")
    store = Store(world["tmp"] / "bot.db")
    assert store.user(user.key)["active"] == 0
    store.close()
    fake.blocked.discard(user.id)
    log = (world["tmp"] / "bot.log").read_text()
    assert "blocked the bot" in log and "Traceback" not in log.split("blocked the bot")[-1][:300]


def test_flood_limit_429_is_waited_out(user, fake):
    fake.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, chat_id=user.id)
    started = time.monotonic()
    before = len(user.messages())
    user.send("/help")
    fake.wait_for(lambda: any("/diagnose" in m.text for m in user.messages()[before:]), 15)
    assert time.monotonic() - started >= 1.0
    assert sum(1 for _, m, p in fake.calls if m == "sendMessage" and p.get("chat_id") == user.id) >= 2


def test_a_502_on_get_updates_does_not_stop_the_bot(user, fake):
    fake.fail("getUpdates", 502, "Bad Gateway", times=2)
    time.sleep(0.5)
    replies = user.send("/help")
    assert replies and "/diagnose" in replies[-1].text


def test_an_error_while_answering_is_logged_and_the_user_is_told(user, fake, world):
    fake.fail("sendMessage", 400, "Bad Request: something unexpected", chat_id=user.id)
    replies = user.send("/help")
    assert any("something went wrong" in m.text for m in replies)
    log = (world["tmp"] / "bot.log").read_text()
    assert "failed: BadRequest" in log
    assert fake.token not in log
    assert fake.token.split(":")[1] not in log


def test_restart_mid_interview_continues_with_the_visible_button(tmp_path):
    fake = FakeBotAPI()
    url = fake.start()
    bot = BotProcess(fake, url, tmp_path / "bot.db", tmp_path / "bot.log")
    bot.wait_ready()
    u = TgUser(fake, 77)
    u.send("/start")
    u.press("I agree")
    u.press("Closed or gone")
    u.send("8000")
    u.press("No")  # nobody offered to restore the limit
    assert u.question() == "overdue_microloan"
    bot.stop(signal.SIGKILL)  # killed mid-interview
    bot = BotProcess(fake, url, tmp_path / "bot.db", tmp_path / "bot.log")
    bot.wait_ready()
    u.press("In the past")
    assert u.question() == "overdue_days"
    bot.stop()
    fake.stop()
    store = Store(tmp_path / "bot.db")
    answers = store.answers(store.open_interview("telegram:77")["id"])
    assert answers == {"quota_status": "closed", "limit_before": 8000, "scam_contact": "no",
                       "overdue_microloan": "past"}
    store.close()
    assert fake.violations == []


def test_webhook_mode_requires_the_secret_token(tmp_path):
    fake = FakeBotAPI()
    url = fake.start()
    port = free_port()
    bot = BotProcess(fake, url, tmp_path / "bot.db", tmp_path / "bot.log", "--webhook-url",
                     "https://bot.example.invalid/qd-hook", "--listen", "127.0.0.1", "--port", str(port),
                     env={"QUOTA_DOCTOR_WEBHOOK_SECRET": "s3cret-for-tests"})
    try:
        bot.wait_ready()
        fake.wait_for(lambda: fake.webhook is not None)
        assert fake.webhook["url"] == "https://bot.example.invalid/qd-hook"
        assert fake.webhook["secret_token"] == "s3cret-for-tests"
        fake.chat_types[55] = "private"
        update = {"update_id": 1, "message": {"message_id": 1, "date": int(time.time()),
                  "chat": {"id": 55, "type": "private"}, "from": {"id": 55, "is_bot": False, "first_name": "A"},
                  "text": "/help", "entities": [{"type": "bot_command", "offset": 0, "length": 5}]}}
        body = json.dumps(update).encode()

        def post(headers):
            req = urllib.request.Request(f"http://127.0.0.1:{port}/qd-hook", data=body, method="POST",
                                         headers={"Content-Type": "application/json", **headers})
            for _ in range(50):  # the webhook server starts listening just after setWebhook
                try:
                    return urllib.request.urlopen(req, timeout=5).status
                except urllib.error.HTTPError as err:
                    return err.code
                except urllib.error.URLError:
                    time.sleep(0.1)
            raise AssertionError("the webhook server never listened")

        assert post({}) == 403
        assert post({"X-Telegram-Bot-Api-Secret-Token": "wrong"}) == 403
        assert fake.bot_messages(55) == []
        assert post({"X-Telegram-Bot-Api-Secret-Token": "s3cret-for-tests"}) == 200
        fake.wait_for(lambda: fake.bot_messages(55))
        assert "/diagnose" in fake.bot_messages(55)[0].text
    finally:
        bot.stop()
        fake.stop()


def test_run_without_a_token_exits_2_with_a_clear_message(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 2 and "TELEGRAM_BOT_TOKEN is not set" in out.stderr
    env["TELEGRAM_BOT_TOKEN"] = "not-a-token"
    out = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 2 and "malformed" in out.stderr and "not-a-token" not in out.stderr


def test_an_older_copy_of_the_question_is_not_edited_above_newer_messages(user, fake):
    """After a free-text question the open question is shown again; answering on the older
    copy brings the next question at the bottom of the chat, and the older copy stays as it was."""
    user.send("/start")
    user.press("I agree")
    first, button = user.find_button("It was cut")
    first_text, data = first.text, button["callback_data"]
    user.send("why was my limit cut")
    newer, _ = user.find_button("It was cut")
    assert newer.message_id > first.message_id
    assert fake.messages[user.id][first.message_id].buttons == []  # taken off: one live copy
    new = user.press_data(first.message_id, data)  # pressed before it was taken off
    assert new and "What was your limit before" in new[-1].text and user.question() == "limit_before"
    assert fake.messages[user.id][first.message_id].text == first_text
    assert fake.violations == []


def test_a_button_answer_that_telegram_refuses_to_answer_still_moves_on_quietly(user, fake, world):
    user.send("/start")
    user.press("I agree")
    fake.fail("answerCallbackQuery", 400, "Bad Request: query is too old and response timeout expired",
              chat_id=None)
    user.press("It was cut")
    assert user.question() == "limit_before"
    assert not any("something went wrong" in m.text.lower() for m in user.messages())
    assert "could not answer a button press" in (world["tmp"] / "bot.log").read_text()


def test_see_my_result_pressed_while_the_bot_was_down_still_shows_the_result(user, fake, world):
    """Telegram refuses to answer a press that waited too long; the result comes all the same."""
    user.send("/start")
    user.press("I agree")
    answer_interview(user, dict(CLEAN, quota_status="closed"))
    fake.fail("answerCallbackQuery", 400, "Bad Request: query is too old and response timeout expired",
              chat_id=None)
    new = user.press("See my result")
    assert any("Your result" in m.text for m in new)
    assert not any("something went wrong" in m.text.lower() for m in user.messages())


def test_a_malformed_rate_limit_setting_exits_2_and_says_what_is_allowed(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TELEGRAM_BOT_TOKEN": "123456:" + "A" * 35,
           "QUOTA_DOCTOR_MAX_RATE": "fast"}
    out = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 2 and "QUOTA_DOCTOR_MAX_RATE" in out.stderr and "whole number" in out.stderr


def test_mydata_arrives_as_a_json_file_with_the_answers(user, fake):
    user.send("/start")
    user.press("I agree")
    user.press("Closed or gone")
    new = user.send("/mydata")
    files = [m for m in new if m.document]
    assert len(files) == 1 and files[0].document.endswith(".json")
    exported = json.loads(files[0].content)
    assert "closed" in json.dumps(exported, ensure_ascii=False)
    assert fake.violations == []


def test_progress_with_two_reports_sends_the_chart_as_a_photo(user, fake):
    user.send("/start")
    user.press("I agree")
    user.send("/progress")
    user.send("5000")
    user.send("/progress")
    new = user.send("8千")
    photos = [m for m in new if m.document and m.content.startswith(b"\x89PNG")]
    assert len(photos) == 1 and "limit" in photos[0].text.lower()
    assert any("Up from ¥5,000 to ¥8,000" in m.text for m in new)
    assert fake.violations == []


def test_due_reminders_are_sent_by_the_running_bot_and_blocked_users_skipped(tmp_path):
    db = tmp_path / "bot.db"
    store = Store(db)
    for uid in (301, 302):
        store.add_user(f"telegram:{uid}", "en")
        store.set_reminders(f"telegram:{uid}", "weekly", "2000-01-01T00:00:00+00:00")
    store.close()
    fake = FakeBotAPI()
    url = fake.start()
    fake.chat_types.update({301: "private", 302: "private"})
    fake.blocked.add(302)
    bot = BotProcess(fake, url, db, tmp_path / "bot.log", env={"QUOTA_DOCTOR_TZ": daytime_zone()})
    try:
        bot.wait_ready()
        fake.wait_for(lambda: fake.bot_messages(301), timeout=30)
        msg = fake.bot_messages(301)[0]
        assert "check-in" in msg.text and "limit" in msg.text
        assert any(b["callback_data"] == "lim:ask" for row in msg.buttons for b in row)
        fake.wait_for(lambda: Store(db).user("telegram:302")["active"] == 0, timeout=10)
    finally:
        bot.stop()
        fake.stop()
    store = Store(db)
    assert store.next_reminder("telegram:301") is not None  # the next one is booked
    assert len(list(store.db.query("select * from reminders where user_id = 'telegram:301' and sent_at is not null"))) == 1
    store.close()


def test_a_double_tap_answers_the_question_once(user, fake, world):
    user.send("/start")
    user.press("I agree")
    msg, button = user.find_button("It was cut")
    before = len(user.messages())
    first = fake.press(user.id, msg.message_id, button["callback_data"])
    second = fake.press(user.id, msg.message_id, button["callback_data"])  # the same tap, twice
    user.settle(fake.queries[second]["update_id"])
    assert fake.queries[first]["answered_at"] and fake.queries[second]["answered_at"]
    store = Store(world["tmp"] / "bot.db")
    interviews = list(store.db.query("select id from interviews where user_id = ?", [user.key]))
    answers = store.answers(interviews[0]["id"])
    store.close()
    assert len(interviews) == 1 and answers == {"quota_status": "reduced"}
    texts = [m.text for m in user.messages()[before:]]
    assert sum("Already noted" in t for t in texts) == 1  # the second tap is told it was taken
    assert not any("did not apply" in t for t in texts)
    assert fake.queries[second]["text"]


def test_two_starts_at_once_create_one_interview(user, fake, world):
    user.send("/start")
    msg, button = user.find_button("I agree")
    fake.press(user.id, msg.message_id, button["callback_data"])
    last = fake.press(user.id, msg.message_id, button["callback_data"])
    user.settle(fake.queries[last]["update_id"])
    store = Store(world["tmp"] / "bot.db")
    open_ = list(store.db.query("select id from interviews where user_id = ? and status = 'open'", [user.key]))
    store.close()
    assert len(open_) == 1


def test_a_captioned_photo_and_a_forwarded_message_reach_the_shield(user, fake):
    user.send("/start")
    user.press("I agree")
    question = user.question()
    warned = user.photo("is this SMS real? pay a 500 deposit to unfreeze your weilidai limit today")
    assert "The message you received looks like a scam" in warned[0].text
    assert user.question() == question  # the interview waits where it was
    checked = user.forward("【微众银行】您本期应还款项已于今日自动扣款成功，感谢您的使用。")
    assert "I read the message you forwarded" in checked[0].text and "95384" in checked[0].text
    assert "I can only read text" in user.photo()[0].text  # a photo without words: the hint
    assert fake.violations == []


def test_before_start_users_see_what_the_bot_is_in_their_language(fake):
    for code in (None, "zh"):
        assert "WeBank" in fake.descriptions[None] or "微众银行" in fake.descriptions[code]
    assert "not WeBank" in fake.descriptions[None] and "95384" in fake.descriptions[None]
    assert "不是微众银行" in fake.descriptions["zh"] and "从不向你要钱" in fake.descriptions["zh"]
    assert "never asks for money" in fake.short_descriptions[None] and "从不向你要钱" in fake.short_descriptions["zh"]
    # groups are shown only what works there
    assert {c["command"] for c in fake.group_commands[None]} == {"start", "help"}
    assert {c["command"] for c in fake.group_commands["zh"]} == {"start", "help"}
    assert "forget" in {c["command"] for c in fake.commands[None]}
    fake.wait_for(lambda: fake.allowed_updates is not None, 10)  # polling starts after the start-up work
    assert set(fake.allowed_updates) == {"message", "edited_message", "callback_query", "my_chat_member"}


def test_deep_links_open_the_scam_check_and_the_chinese_welcome(fake):
    checker = TgUser(fake, 9101)
    prompt = checker.send("/start scamcheck")
    assert "Paste the text message" in prompt[0].text and len(prompt) == 1
    chinese = TgUser(fake, 9102)
    welcome = chinese.send("/start zh")
    assert "同意，开始诊断" in " ".join(b["text"] for row in welcome[-1].buttons for b in row)  # an English client, the Chinese welcome


def test_blocking_and_unblocking_are_learnt_at_once(user, fake, world):
    user.send("/start")
    user.press("I agree")
    user.settle(fake.chat_member(user.id, "kicked"))
    store = Store(world["tmp"] / "bot.db")
    assert store.user(user.key)["active"] == 0
    user.settle(fake.chat_member(user.id, "member"))
    assert store.user(user.key)["active"] == 1
    store.close()


def test_an_edited_amount_is_taken(user, fake):
    user.send("/start")
    user.press("I agree")
    user.press("It was cut")
    user.send("5w0k")  # a typo the bot cannot read: asked again
    assert "could not read that as an amount" in user.text()
    typo = max(m.message_id for m in fake.messages[user.id].values() if not m.from_bot)
    user.settle(fake.edit_user_message(user.id, typo, "5万"))  # corrected in place
    assert "50,000" in user.text() and "limit now" in user.text().lower()
    assert fake.violations == []


def test_a_whole_conversation_ends_with_one_message_with_live_buttons(user, fake):
    """Questions typed mid-interview, amounts typed, the result, the plan, a step opened and
    marked done, a limit reported, help: each message with buttons takes them off the one
    before, so only the newest can be pressed."""
    def live() -> list:
        return [m for m in user.messages() if m.buttons]

    user.send("/start")
    user.press("I agree")
    user.press("It was cut")
    user.send("why was my limit cut")  # the question shown again under the answer
    assert len(live()) == 1
    answer_interview(user, dict(CLEAN, overdue_microloan="current", overdue_days="4_30", can_pay_due="no"),
                     {"limit_before": "2万", "limit_now": "5千"})
    user.press("See my result")
    assert len(live()) == 1
    user.send("/plan")
    user.press("1.")
    user.press("Done")
    assert len(live()) == 1
    user.send("/progress")
    user.send("6000")
    user.send("/help")
    user.send("/reminders")
    shown = live()
    assert len(shown) == 1 and shown[0].message_id == max(m.message_id for m in user.messages() if m.from_bot)
    assert fake.violations == []


def test_a_client_set_to_english_that_types_chinese_is_answered_in_chinese_through_the_buttons(fake):
    """Telegram has no Simplified Chinese of its own: a Chinese user's client often says English.
    Typed Chinese is answered in Chinese, a crisis first with the hotline, and a "did you mean"
    button pressed keeps Chinese (its data carries the language until consent stores one)."""
    u = TgUser(fake, next(_ids), lang="en")
    replies = u.send("欠了好几家网贷，我真的不想活了")
    assert "12356" in replies[0].text and "热线" in replies[0].text
    u.send("额度")
    assert "你是想问" in u.text()
    message, button = u.find_button("")  # the first button of the last message
    assert button["callback_data"].endswith("@zh")
    u.press_data(message.message_id, button["callback_data"])
    topic = knowledge().topic(button["callback_data"].split(":")[1].split("@")[0])
    assert u.text().startswith(topic.question.get("zh")), u.text()[:80]
    assert fake.violations == []
