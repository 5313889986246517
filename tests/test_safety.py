"""Personal numbers never reach storage; scam offers are recognised, innocent questions are not."""
from __future__ import annotations

import pytest

from bot.faq import FaqMatcher
from bot.knowledge import default
from bot.safety import luhn_ok, redact

MATCHER = FaqMatcher(default())


@pytest.mark.parametrize("text, kind", [
    ("我的身份证号是110101199003074514", "id"),
    ("ID 11010119900307451X please check", "id"),
    ("卡号 6222 0212 3456 7890 128", "card"),
    ("card 4111111111111111", "card"),
    ("call me on 13812345678", "phone"),
    ("电话 +86 138-1234-5678", "phone"),
    ("mail me: zhang.san@example.com", "email"),
])
def test_personal_numbers_are_redacted(text, kind):
    r = redact(text)
    assert kind in r.kinds
    assert f"[{kind}]" in r.text
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits:
        assert digits[-8:] not in r.text.replace(" ", "").replace("-", "")
    assert "example.com" not in r.text


@pytest.mark.parametrize("text", [
    "my limit went from 20000 to 5000",
    "额度从20000降到3000了",
    "overdue 31 days in 2024",
    "order 1234567890123 shipped",      # 13 digits, not a valid card (Luhn)
    "客服电话95384是真的吗",             # WeBank's service number is not personal
])
def test_amounts_dates_and_service_numbers_are_kept(text):
    r = redact(text)
    assert r.kinds == () and r.text == text


def test_luhn():
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")


@pytest.mark.parametrize("text", [
    "有人说交500保证金就能帮我强开微粒贷，是真的吗",
    "someone offers to unlock my weilidai limit if I pay a 300 yuan fee",
    "客服打电话说要注销微粒贷，不然影响征信，让我转账",
    "a guy from webank customer service asked me to share my screen to cancel weilidai",
    "下载微粒贷app就能提额吗",
    "花2000块找人做征信修复靠谱吗",
    "can a credit repair company erase my overdue record",
    "债务优化公司说能帮我停息挂账",
])
def test_scam_offers_are_flagged(text):
    assert MATCHER.match(text).scam


@pytest.mark.parametrize("text", [
    "提前还款有手续费吗",
    "is there a fee to repay weilidai early",
    "how do I contact real webank customer service",
    "逾期了会有罚息吗",
    "can I open weilidai myself",
    "my credit card limit was cut, does it affect weilidai",
    "信用卡年费会影响微粒贷吗",
    "why was my limit reduced",
])
def test_innocent_questions_are_not_flagged(text):
    assert not MATCHER.match(text).scam
