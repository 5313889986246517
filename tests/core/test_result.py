"""The result as the user reads it: one phone message first, the rest one tap away."""
from __future__ import annotations

import random

import pytest

from bench.result_length import random_answers
from bot.channels.telegram.limits import MAX_TEXT, split_message
from bot.core.result import SHOWN_REASONS, SHOWN_STEPS, context
from bot.kb import default
from bot.logic.changes import changes
from bot.logic.diagnosis import diagnose
from bot.render.pages import Renderer
from tests.helpers import CLEAN, answer_all, plain, start

K = default()
RENDERER = Renderer(K)


def _random_answers(rng: random.Random) -> dict:
    return random_answers(K, rng)


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2  # how Telegram counts: an emoji is two


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_first_message_fits_one_telegram_message_for_any_answers(lang):
    rng = random.Random(2026)
    longest = 0
    for i in range(2500):
        answers = _random_answers(rng)
        outcome = diagnose(answers, K).to_json()
        previous = diagnose(_random_answers(rng), K).to_json() if i % 2 else None
        ctx = context(K, lang, outcome, answers)
        page = RENDERER.page(lang, "result", changes=changes(previous, outcome), **ctx)
        assert split_message(page) == [page], answers  # sent as one message, never split
        longest = max(longest, _utf16(plain(page)))
        assert len(ctx["reasons"]) <= SHOWN_REASONS
        assert len(ctx["urgent"]) + len(ctx["next_steps"]) <= SHOWN_STEPS
    assert longest <= MAX_TEXT


def _result(chat, profile, typed=None):
    start(chat)
    answer_all(chat, profile, typed)
    return chat.press("See my result" if chat.lang == "en" else "查看诊断结果")


def test_a_victim_sees_the_police_step_first_and_the_whole_plan_is_one_tap_away(chat):
    _result(chat, dict(CLEAN, scam_contact="paid"))
    text = chat.text
    urgent = text.split("Do this first, today")[1]
    assert urgent.lstrip().startswith("1. " + K.step("scam_victim").title.get("en"))
    assert text.index("Do this first, today") < text.index("Possible reasons, most likely first")
    labels = [b.label for b in chat.buttons()]
    assert labels[0].startswith("1. ") and "The whole plan" in " ".join(labels)
    chat.press("The reasons, explained")
    assert "Likely reasons" in chat.text or K.reason("risk_policy").title.get("en") in chat.text
    chat.press("The whole plan")
    assert "0 of" in chat.text and K.step("scam_victim").title.get("en") in chat.text


def test_distress_gets_an_acknowledging_line_once(chat):
    _result(chat, dict(CLEAN, overdue_microloan="current", overdue_days="31_90", can_pay_due="no",
                       collection_contact="harassed"))
    ack = plain(K.ui["distress_ack"].get("en"))
    assert chat.text.count(ack) == 1
    urgent = chat.text.split("Do this first, today")[1].split("\n\n")[0]
    assert K.step("collection_rights").title.get("en") in urgent
    assert K.step("negotiate_repayment").title.get("en") in urgent
    assert K.step("repay_overdue").title.get("en") not in urgent  # can't pay: not told to pay it all today


def test_an_unchanged_limit_gets_a_check_up_not_a_recovery_plan(advisor):
    from tests.helpers import Chat
    chat = Chat(advisor, lang="zh")
    _result(chat, dict(CLEAN, quota_status="unchanged", overdue_other="current"))
    text = chat.text
    assert "额度体检结果" in text and "银行没有降你的额度" in text
    assert "可能的原因" not in text and "恢复" not in text.split("额度体检结果")[1].split("\n")[0]


def test_a_self_closed_limit_is_a_check_up_with_the_reopen_step_first(chat, store):
    _result(chat, dict(CLEAN, quota_status="self_closed"))
    assert "Your check-up" in chat.text
    plan = store.latest_diagnosis("test:42")["result"]["plan"]
    assert plan[0]["id"] == "reopen_self_closed"
    assert "1. " + K.step("reopen_self_closed").title.get("en") in chat.text  # in the first message


def test_amounts_are_written_the_chinese_way_in_chinese(advisor):
    from tests.helpers import Chat
    chat = Chat(advisor, lang="zh")
    _result(chat, dict(CLEAN), {"limit_before": "5万", "limit_now": "8000"})
    assert "额度：5万元 → 8000元" in chat.text and "¥" not in chat.text


def test_the_distress_line_offers_the_support_hotline(chat):
    _result(chat, dict(CLEAN, overdue_microloan="current", overdue_days="31_90", can_pay_due="no"))
    assert "12356" in chat.text.split("Possible reasons")[0]


def test_an_overdue_settled_over_five_years_ago_is_answered_in_the_first_message(advisor):
    from tests.helpers import Chat
    chat = Chat(advisor, lang="zh")
    _result(chat, dict(CLEAN, overdue_microloan="past", overdue_days="31_90", overdue_settled="over_5y",
                       other_loans="3_5", debt_ratio="50_70", can_pay_due="yes"))
    first = chat.text.split("可能的原因")[0]
    assert "已经还清5年多了" in first and "征信报告上已经不再展示" in first
    # a current overdue keeps the old one from fading: no note then
    chat2 = Chat(advisor, user_id=77, lang="zh")
    _result(chat2, dict(CLEAN, overdue_microloan="current", overdue_days="31_90", overdue_settled="over_5y",
                        can_pay_due="yes"))
    assert "已经还清5年多了" not in chat2.text


def test_no_step_sends_the_reader_to_another_step_by_its_title():
    """A step's text never names another step (it may not be in this user's plan)."""
    for step in K.diagnosis.steps:
        for lang in ("en", "zh"):
            text = step.summary.get(lang) + step.detail.get(lang)
            for other in K.diagnosis.steps:
                if other.id != step.id:
                    title = other.title.get(lang)
                    assert f"“{title}”" not in text and f"'{title}'" not in text and f'"{title}"' not in text, \
                        (step.id, other.id, lang)
