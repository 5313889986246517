"""Conversation stories against the core: what the user sees and what is stored."""
from __future__ import annotations

import pytest

from bot.core import Advisor
from bot.kb import default
from bot.store import Store
from tests.conftest import SHANGHAI
from tests.helpers import CLEAN, Chat, answer_all, open_question, plain, questions_asked, start

def test_full_interview_in_english_shows_reasons_with_evidence_and_plan(chat, store):
    start(chat)
    k = chat.advisor.k
    assert f"Question 1 of {questions_asked(k, {})}" in chat.text
    profile = dict(CLEAN, overdue_microloan="current", overdue_days="31_90", other_loans="6_plus",
                   limit_before=20000, limit_now=3000)
    asked = answer_all(chat, profile)
    assert asked[:3] == ["quota_status", "limit_before", "limit_now"]
    assert "overdue_days" in asked and len(asked) == questions_asked(k, profile)
    assert "Your answers" in chat.text and "Late right now" in chat.text
    chat.press("See my result")
    result = plain(chat.last[0].text)
    assert result.startswith("🩺 Your result")
    assert "Limit: ¥20,000 → ¥3,000" in result
    step = chat.advisor.k.diagnosis.step_by_id
    # the urgent box first: repaying the current overdue, today
    urgent = result[result.index("Do this first, today"):result.index("Possible reasons, most likely first")]
    assert f"1. {step['repay_overdue'].title.get('en')}: {step['repay_overdue'].summary.get('en')}" in urgent
    # then the top reason, with its level, its evidence grade and the user's own answer
    reason = chat.advisor.k.diagnosis.reason_by_id["overdue"].title.get("en")
    assert f"1. {reason} · likely · documented" in result
    assert "You said: Weilidai overdue: Late right now" in result
    assert "not WeBank" in result
    # each step shown is one tap away; the whole plan and the reasons explained too
    labels = [plain(b.label) for row in chat.last[0].buttons for b in row]
    assert f"1. {step['repay_overdue'].title.get('en')}" in labels and "📋 The whole plan" in labels
    # stored: the interview, every answer, the diagnosis and its plan
    latest = store.latest_diagnosis("test:42")
    order = [s["step_id"] for s in latest["steps"]]
    assert order[0] == "repay_overdue" and order.index("reduce_borrowing") < order.index("wait_for_review")
    assert latest["result"]["reasons"][0]["id"] == "overdue"
    answers = store.answers(latest["interview_id"])
    assert answers["limit_before"] == 20000 and answers["overdue_days"] == "31_90"
    assert store.interview(latest["interview_id"])["status"] == "finished"


def test_full_interview_in_chinese(advisor, store):
    chat = Chat(advisor, user_id=7, lang="zh-hans")
    chat.lang = "zh"
    start(chat)
    assert f"第 1 题，共 {questions_asked(advisor.k, {})} 题" in chat.text
    answer_all(chat, dict(CLEAN, quota_status="closed"), typed={"limit_before": "两万"})
    assert "你的回答" in chat.text
    chat.press("查看诊断结果")
    text = chat.text
    k = advisor.k
    assert k.diagnosis.reason_by_id["risk_policy"].title.get("zh") in text
    assert k.diagnosis.step_by_id["avoid_scams"].title.get('zh') in text and k.diagnosis.step_by_id["wait_for_review"].title.get("zh") in text
    assert "20,000 元" not in text  # limit_now was not asked for a closed limit, no before→now line
    assert store.user("test:7")["language"] == "zh"
    assert store.answers(store.latest_diagnosis("test:7")["interview_id"])["limit_before"] == 20000


def test_progress_is_recomputed_as_follow_ups_appear(chat):
    start(chat)
    k = chat.advisor.k
    before = questions_asked(k, {})
    chat.press("It was cut")
    after_cut = questions_asked(k, {"quota_status": "reduced"})
    assert after_cut == before + 2  # the limit now, and whether other lenders cut too, now apply
    assert f"Question 2 of {after_cut}" in chat.text
    chat.say("5000")
    chat.say("3000")
    chat.press("No")  # scam_contact
    chat.press("Late right now")
    answers = {"quota_status": "reduced", "scam_contact": "no", "overdue_microloan": "current"}
    total = questions_asked(k, answers)
    # overdue_days, and later whether the user can pay and whether collectors call, now apply
    assert total == after_cut + 3 and f"Question 6 of {total}" in chat.text


def test_back_returns_to_previous_question_and_keeps_answer_until_changed(chat, store):
    start(chat)
    chat.press("Closed or gone")
    chat.press("Skip")  # limit_before
    chat.press("No")  # scam_contact
    chat.press("In the past")  # overdue_microloan
    assert open_question(chat) == "overdue_days"
    chat.press("Back")
    assert open_question(chat) == "overdue_microloan"
    assert "Your answer so far: In the past" in chat.text
    assert "✓ In the past" in [plain(b.label) for b in chat.buttons()]
    iid = store.open_interview("test:42")["id"]
    assert store.answers(iid)["overdue_microloan"] == "past"  # kept until changed
    chat.press("Never")
    assert store.answers(iid)["overdue_microloan"] == "never"
    assert open_question(chat) == "overdue_other"  # overdue_days no longer applies


def test_back_is_not_offered_on_the_first_question(chat):
    start(chat)
    labels = [plain(b.label) for b in chat.buttons()]
    assert not any("Back" in label for label in labels)
    assert any("Why do we ask" in label for label in labels)
    assert not any("Skip" in label for label in labels)  # quota_status is not optional


def test_why_explains_and_changes_nothing(chat, store):
    start(chat)
    chat.press("Why do we ask")
    assert chat.advisor.k.interview.question_by_id["quota_status"].why.get("en") in chat.text
    assert chat.last[0].toast
    assert store.open_interview("test:42")["current"] == "quota_status"
    assert store.answers(store.open_interview("test:42")["id"]) == {}


def test_change_an_answer_from_the_summary(chat, store):
    start(chat)
    answer_all(chat, CLEAN)
    chat.press("Change an answer")
    chat.press("Weilidai overdue")
    assert open_question(chat) == "overdue_microloan"
    chat.press("Late right now")
    assert open_question(chat) == "overdue_days"  # the new follow-ups are asked
    chat.press("4-30 days")
    assert open_question(chat) == "can_pay_due"
    chat.press("Yes, I can")
    assert open_question(chat) == "collection_contact"
    chat.press_data(next(b.data for b in chat.buttons() if b.data.endswith(":collection_contact:no")))
    assert "Your answers" in chat.text  # straight back to the summary
    assert "Late right now" in chat.text
    chat.press("See my result")
    assert store.latest_diagnosis("test:42")["result"]["plan"][0]["id"] == "repay_overdue"


def test_unsure_everywhere_gives_no_high_reason(chat, store):
    start(chat)
    answer_all(chat, {})
    chat.press("See my result")
    result = store.latest_diagnosis("test:42")["result"]
    assert all(r["level"] != "high" for r in result["reasons"])
    assert [r["id"] for r in result["reasons"]] == ["risk_policy"]
    assert "· likely" not in chat.text
    assert [s["id"] for s in result["plan"]] == ["check_credit_report", "wait_for_review"]  # the report settles "not sure"


@pytest.mark.parametrize("typed, amount", [
    ("5000", 5000), ("5,000", 5000), ("¥5000", 5000), ("5k", 5000), ("5千", 5000),
    ("1.2万", 12000), ("五千", 5000), ("两万", 20000), ("￥5,000元", 5000), ("0", 0),
    ("大概两万", 20000), ("两三万", 25000), ("2-3万", 25000), ("about 20k", 20000), ("around 5000", 5000),
    ("2万左右", 20000),
])
def test_typed_limits_in_every_format(chat, store, typed, amount):
    start(chat)
    chat.press("It was cut")
    chat.say(typed)
    iid = store.open_interview("test:42")["id"]
    assert store.answers(iid)["limit_before"] == amount
    assert open_question(chat) == "limit_now"


@pytest.mark.parametrize("typed", ["记不清了", "不记得", "I don't remember", "no idea, sorry"])
def test_i_dont_remember_skips_an_amount_as_the_skip_button_does(chat, store, typed):
    start(chat)
    chat.press("It was cut")
    chat.say(typed)
    assert open_question(chat) == "limit_now"
    assert store.answers(store.open_interview("test:42")["id"]).get("limit_before") is None
    assert "could not read that as an amount" not in chat.text


def test_quick_amounts_are_a_tap_away_and_marked_when_shown_again(chat, store):
    start(chat)
    chat.press("It was cut")
    assert [b.label for b in chat.buttons() if b.data.startswith("amt:")] == ["¥5,000", "¥10,000", "¥20,000", "¥50,000"]
    chat.press("¥20,000")
    iid = store.open_interview("test:42")["id"]
    assert store.answers(iid)["limit_before"] == 20000
    assert open_question(chat) == "limit_now" and "✓ ¥20,000" in chat.text  # the answer recapped
    chat.press("Back")
    assert open_question(chat) == "limit_before" and chat.button("✓ ¥20,000")


def test_quick_amounts_read_as_a_chinese_reader_writes_them(advisor, store):
    from tests.helpers import Chat
    zh = Chat(advisor, user_id=43, lang="zh")
    start(zh)
    zh.press("被降额了")
    assert [b.label for b in zh.buttons() if b.data.startswith("amt:")] == ["5000元", "1万元", "2万元", "5万元"]
    zh.press("1万元")
    assert store.answers(store.open_interview("test:43")["id"])["limit_before"] == 10000


@pytest.mark.parametrize("data", ["amt:{iid}:limit_before:12345", "amt:{iid}:limit_before:abc",
                                  "amt:{iid}:quota_status:5000", "amt:{iid}:limit_now:5000"])
def test_a_forged_or_stale_quick_amount_is_applied_nowhere(chat, store, data):
    start(chat)
    chat.press("It was cut")
    iid = store.open_interview("test:42")["id"]
    chat.press_data(data.format(iid=iid))
    assert store.answers(iid) == {"quota_status": "reduced"}
    assert open_question(chat) == "limit_before"


@pytest.mark.parametrize("typed", ["-5000", "lots", "5,00", "12abc", "¥", "<b>5000</b>"])
def test_bad_limits_are_re_asked_with_an_example(chat, store, typed):
    start(chat)
    chat.press("It was cut")
    chat.say(typed)
    assert "could not read that as an amount" in chat.text
    assert "20000" in chat.text and "1.2万" in chat.text
    assert open_question(chat) == "limit_before"
    assert store.answers(store.open_interview("test:42")["id"]) == {"quota_status": "reduced"}


def test_garbage_at_every_step_loses_nothing(chat, store):
    start(chat)
    seen = []
    while (qid := open_question(chat)) is not None:
        iid = store.open_interview("test:42")["id"]
        before = store.answers(iid)
        for junk in ("", "asdf <script>alert(1)</script> & co", "🙂" * 50):
            chat.say(junk) if junk else chat.other()
            assert open_question(chat) == qid, (qid, chat.text)
        chat.press_data(f"a:{iid}:{qid}:bogus")
        chat.press_data("zz:forged:data")
        chat.press_data(f"a:{iid + 99}:{qid}:unsure")
        assert open_question(chat) == qid
        assert store.answers(iid) == before
        q = chat.advisor.k.interview.question_by_id[qid]
        chat.say("1000") if q.kind == "amount" else chat.press_data(f"a:{iid}:{qid}:unsure")
        seen.append(qid)
    assert len(seen) == questions_asked(chat.advisor.k, {q: "unsure" for q in seen})
    assert "Your answers" in chat.text


def test_text_during_a_button_question_is_kindly_re_asked(chat):
    start(chat)
    chat.say("hello there")
    assert "answer with one of the buttons" in chat.text
    assert open_question(chat) == "quota_status"
    chat.say("It was cut")  # typing a choice's own words counts as pressing it
    assert open_question(chat) == "limit_before"


def test_stale_button_is_answered_not_applied(chat, store):
    start(chat)
    chat.press("It was cut")
    old = chat.history[-2].buttons  # the quota_status question's buttons, no longer current
    old_data = [b.data for row in old for b in row if b.data.startswith("a:")][1]
    chat.say("8000")
    chat.press_data(old_data)
    assert "earlier question" in chat.text
    assert chat.last[0].toast
    iid = store.open_interview("test:42")["id"]
    assert store.answers(iid) == {"quota_status": "reduced", "limit_before": 8000}
    assert open_question(chat) == "limit_now"


def test_an_answer_pressed_again_is_said_to_be_noted_not_refused(chat, store):
    """A double tap, or a press handled again after a crash: it was applied, and the user is
    told so (not "I did not apply it"), and shown where they are."""
    start(chat)
    first = chat.button("It was cut").data
    chat.press_data(first)
    chat.press_data(first)
    assert "Already noted: It was cut" in chat.text and "did not apply" not in chat.text
    assert open_question(chat) == "limit_before"
    chat.press("¥20,000")
    chat.press_data(f"amt:{store.open_interview('test:42')['id']}:limit_before:20000")
    assert "Already noted: ¥20,000" in chat.text and open_question(chat) == "limit_now"
    assert store.answers(store.open_interview("test:42")["id"]) == {"quota_status": "reduced", "limit_before": 20000}


def test_see_my_result_pressed_again_shows_the_result_again(chat, store):
    """After a crash between storing the result and sending it, the press comes again: the
    stored result is shown, not "an earlier conversation"."""
    start(chat)
    answer_all(chat, CLEAN)
    see = chat.button("See my result").data
    chat.press_data(see)
    first = chat.text
    chat.press_data(see)
    assert "Your result" in chat.text and chat.text.split("\n")[:3] == first.split("\n")[:3]
    assert store.db["diagnoses"].count == 1


def test_an_answer_of_an_interview_started_over_is_stale_even_when_it_was_stored(chat, store):
    start(chat)
    old = chat.button("It was cut").data
    chat.press_data(old)
    chat.command("diagnose")
    chat.press("Start over")
    chat.press_data(old)  # the same answer, stored in the first interview, pressed again
    assert "earlier question" in chat.text and "Already noted" not in chat.text
    assert store.answers(store.open_interview("test:42")["id"]) == {}


def test_someone_elses_interview_ids_are_never_replayed(chat, store, advisor):
    from tests.helpers import Chat
    start(chat)
    chat.press("It was cut")
    iid = store.open_interview("test:42")["id"]
    other = Chat(advisor, user_id=43)
    start(other)
    other.press_data(f"a:{iid}:quota_status:reduced")
    assert "Already noted" not in other.text and "earlier question" in other.text


def test_buttons_of_a_restarted_interview_are_stale(chat, store):
    start(chat)
    chat.press("It was cut")
    first_iid = store.open_interview("test:42")["id"]
    chat.command("diagnose")
    chat.press("Start over")
    assert store.open_interview("test:42")["id"] != first_iid
    chat.press_data(f"a:{first_iid}:limit_before:unsure")
    assert "earlier question" in chat.text
    assert store.answers(store.open_interview("test:42")["id"]) == {}


def test_restart_mid_interview_resumes_with_the_button_the_user_sees(tmp_path):
    path = tmp_path / "qd.db"
    store = Store(path)
    chat = Chat(Advisor(store, default(), SHANGHAI))
    start(chat)
    chat.press("It was cut")
    chat.say("1.2万")
    visible = chat.buttons()  # the limit_now question, as the user sees it
    store.close()  # the process dies here

    store2 = Store(path)
    chat2 = Chat(Advisor(store2, default(), SHANGHAI))
    chat2.last = []
    skip = [b for b in visible if b.data.startswith("s:")][0]
    chat2.press_data(skip.data)
    assert open_question(chat2) == "scam_contact"
    assert store2.answers(store2.open_interview("test:42")["id"]) == {
        "quota_status": "reduced", "limit_before": 12000, "limit_now": None}
    store2.close()


def test_diagnose_after_restart_offers_to_continue_or_restart(tmp_path):
    path = tmp_path / "qd.db"
    store = Store(path)
    chat = Chat(Advisor(store, default(), SHANGHAI))
    start(chat)
    chat.press("Closed or gone")
    store.close()
    chat = Chat(Advisor(Store(path), default(), SHANGHAI))
    chat.command("diagnose")
    assert f"Question 2 of {questions_asked(default(), {'quota_status': 'closed'})}" in chat.text
    chat.press("Continue")
    assert open_question(chat) == "limit_before"
    chat.command("diagnose")
    chat.press("Start over")
    assert open_question(chat) == "quota_status"


def test_nothing_is_stored_before_consent(chat, store):
    chat.command("start")
    assert "not WeBank" in chat.text and "/forget" in chat.text
    chat.press("Just ask a question")
    chat.say("why was my limit cut?")
    chat.command("diagnose")
    assert "Nothing is kept until you agree" in chat.text
    chat.command("plan")
    assert all(n == 0 for n in (store.db[t].count for t in ("users", "interviews", "answers", "diagnoses")))


def test_language_switch_before_and_after_consent(chat, store):
    chat.command("start")
    chat.press("中文")
    assert "额度医生" in chat.text
    chat.press("同意")
    assert store.user("test:42")["language"] == "zh"
    assert "第 1 题" in chat.text
    chat.command("language")
    chat.press("English")
    assert store.user("test:42")["language"] == "en"
    chat.command("diagnose")
    assert "Continue" in " ".join(b.label for b in chat.buttons()) or "Question 1" in chat.text


def test_default_language_comes_from_the_client(advisor):
    zh = Chat(advisor, user_id=5, lang="zh-hans")
    zh.command("start")
    assert "额度医生" in zh.text
    en = Chat(advisor, user_id=6, lang="de")
    en.command("start")
    assert "Quota Doctor" in en.text


def test_help_lists_the_contract_commands(chat):
    chat.command("help")
    for command in ("/start", "/diagnose", "/plan", "/progress", "/reminders", "/language",
                    "/mydata", "/forget", "/help", "/cancel"):
        if command != "/start":
            assert command in chat.text
    assert "not WeBank" in chat.text


def test_unknown_command_and_user_html_are_escaped(chat):
    chat.command("<b>hack</b>")
    assert "&lt;b&gt;" in chat.last[0].text
    assert "/help" in chat.text


def test_huge_message_is_declined_politely(chat, store):
    start(chat)
    chat.say("x" * 50_000)
    assert "too long" in chat.text
    assert open_question(chat) is None or open_question(chat) == "quota_status"
    assert store.answers(store.open_interview("test:42")["id"]) == {}


def test_sticker_gets_a_hint(chat):
    chat.other()
    assert "text and button presses" in chat.text


def test_plan_shows_the_latest_plan_with_status(chat, store):
    chat.command("start")
    chat.press("I agree")
    chat.command("plan")
    assert "no recovery plan yet" in chat.text
    chat.press("Start diagnosis")
    answer_all(chat, dict(CLEAN, other_loans="6_plus"))
    chat.press("See my result")
    chat.command("plan")
    assert "0 of" in chat.text and "to do" in chat.text
    assert chat.advisor.k.diagnosis.step_by_id["reduce_borrowing"].title.get("en") in chat.text


def test_cancel_pauses_and_keeps_answers(chat, store):
    start(chat)
    chat.press("It was cut")
    chat.command("cancel")
    assert "answers are kept" in chat.text
    assert store.answers(store.open_interview("test:42")["id"]) == {"quota_status": "reduced"}


def test_forget_asks_then_deletes_everything(chat, store):
    start(chat)
    answer_all(chat, CLEAN)
    chat.press("See my result")
    chat.command("forget")
    chat.press("Keep my data")
    assert store.user("test:42") is not None
    chat.command("forget")
    chat.press("Yes, delete everything")
    assert "deleted" in chat.text
    assert list(store.rows_about("test:42")) == []
    for table in ("users", "interviews", "answers", "diagnoses", "plan_steps"):
        assert store.db[table].count == 0, table


def test_mydata_exports_what_is_stored(chat):
    start(chat)
    chat.press("It was cut")
    chat.command("mydata")
    doc = chat.last[0].document
    assert doc is not None and doc.filename.endswith(".json")
    import json
    data = json.loads(doc.content)
    assert data["users"][0]["id"] == chat.user
    assert {"question_id": "quota_status", "value": '"reduced"'}.items() <= data["answers"][0].items()


def test_a_pressed_answer_turns_its_message_into_the_next_question(chat):
    """One reply a step: the pressed message is edited into the next question, with the answer
    recapped on top; a typed answer brings the next question as a new message."""
    start(chat)
    replies = chat.press("It was cut")
    assert len(replies) == 1 and replies[0].edit
    assert "✓ It was cut" in chat.text and "What was your limit before the change" in chat.text
    assert open_question(chat) == "limit_before"
    replies = chat.say("2万")
    assert len(replies) == 1 and not replies[0].edit
    assert "✓ ¥20,000" in chat.text and open_question(chat) == "limit_now"


def test_deep_links_choose_the_language_and_open_the_scam_check(advisor, store):
    from tests.helpers import Chat
    chat = Chat(advisor, user_id=501, lang="en")
    chat.command("start zh")
    assert "同意" in " ".join(b.label for row in chat.last[-1].buttons for b in row)
    chat.press("✅ 同意，开始诊断")
    assert store.user("test:501")["language"] == "zh"
    chat.command("start en")  # a known user: the language is kept from now on
    assert store.user("test:501")["language"] == "en"
    checker = Chat(advisor, user_id=502, lang="zh")
    assert "粘贴" in checker.command("start scamcheck")[0].text and store.user("test:502") is None


def test_a_traditional_chinese_client_reads_traditional_characters(advisor, store):
    from tests.helpers import Chat
    chat = Chat(advisor, user_id=503, lang="zh-TW")
    welcome = chat.command("start")[0].text
    assert "歡迎使用額度醫生" in welcome and "欢迎" not in welcome
    chat.press("✅ 同意，開始診斷")
    assert store.user("test:503")["language"] == "zh-hant"
    assert "額度" in chat.text and "额度" not in chat.text
    answer = chat.say("微粒貸額度為什麼被降了")[0].text
    assert "微眾銀行" in answer and "微众银行" not in answer
