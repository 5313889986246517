"""text.redact: personal data out of typed text (what is removed, and what must be kept: amounts,
dates, hotlines and the cue words the scam shield reads)."""
from __future__ import annotations

import re

import pytest

from bot.text.redact import luhn_ok, redact


def digits(s: str) -> str:
    return re.sub(r"\D", "", s)


# (text, kind, the secret that must be gone, a cue that must stay)
REMOVED = [
    # ID numbers, unbroken and grouped
    ("我的身份证号是110101199003074514", "id", "110101199003074514", "身份证号"),
    ("ID 11010119900307451X please check", "id", "11010119900307451X", "ID"),
    ("身份证 110105 1990 0307 123X 帮我查下", "id", "1231990", "身份证"),
    ("ID: 110105-19900307-123X", "id", "110105", "ID:"),
    ("id 110105 19900307 1234", "id", "19900307", "id"),
    ("身份证110105 19900307123X", "id", "19900307123", "身份证"),
    ("老身份证110105900307123", "id", "110105900307123", "老身份证"),
    ("old id 110105 900307 123", "id", "900307", "old id"),
    # phone numbers
    ("call me on 13812345678", "phone", "13812345678", "call me on"),
    ("电话 +86 138-1234-5678", "phone", "12345678", "电话"),
    ("手机 138.1234.5678", "phone", "1234", "手机"),
    ("my number is 138 1234 5678", "phone", "5678", "my number is"),
    ("手机号 1381 234 5678 有人打", "phone", "1381", "手机号"),
    ("phone 0086 13912345678", "phone", "13912345678", "phone"),
    ("电话：１３８１２３４５６７８", "phone", "１３８", "电话"),
    # bank cards: Luhn-valid, and mistyped (Luhn fails) 16-19 digits
    ("卡号 6222 0212 3456 7890 128", "card", "6222", "卡号"),
    ("card 4111111111111111", "card", "4111111111111111", "card"),
    ("card 4111111111111112 is blocked", "card", "4111111111111112", "is blocked"),
    ("卡号4111 1111 1111 1112", "card", "1112", "卡号"),
    ("银行卡 6222-0212-3456-7890-127", "card", "7890", "银行卡"),
    ("卡号6222021234567890127还能用吗", "card", "6222021234567890127", "还能用吗"),
    ("amex 378282246310005", "card", "378282246310005", "amex"),  # 15 digits, Luhn-valid
    # e-mail
    ("mail me: zhang.san@example.com", "email", "example.com", "mail me:"),
    ("QQ邮箱 12345@qq.com", "email", "12345", "QQ邮箱"),
    # WeChat ids
    ("微信号：wxid_abc123", "wechat", "wxid_abc123", "微信号："),
    ("加我微信 abc_12345", "wechat", "abc_12345", "加我微信"),
    ("vx: zhang-san88", "wechat", "zhang-san88", "vx:"),
    ("V信 abc123 详聊", "wechat", "abc123", "V信"),
    ("WeChat ID: john_doe99", "wechat", "john_doe99", "WeChat ID:"),
    ("微信号 zhangsan", "wechat", "zhangsan", "微信号"),
    ("微信：zhangsan", "wechat", "zhangsan", "微信："),
    ("my wechat is abc123", "wechat", "abc123", "my wechat is"),
    ("加VX abc123", "wechat", "abc123", "加VX"),
    ("he sent wxid_k2j4h5 to me", "wechat", "wxid_k2j4h5", "he sent"),
    # QQ numbers
    ("QQ 12345678", "qq", "12345678", "QQ"),
    ("扣扣：987654321", "qq", "987654321", "扣扣："),
    ("qq号 12345", "qq", "12345", "qq号"),
    ("my QQ number is 123456789", "qq", "123456789", "QQ number"),
    # verification codes
    ("验证码是 482913", "code", "482913", "验证码是"),
    ("验证码：4829", "code", "4829", "验证码："),
    ("【微众银行】验证码482913，请勿泄露", "code", "482913", "验证码"),
    ("verification code 482913", "code", "482913", "verification code"),
    ("your code is 4829", "code", "4829", "your code is"),
    ("动态码 123456", "code", "123456", "动态码"),
    ("校验码 5566", "code", "5566", "校验码"),
]


@pytest.mark.parametrize("text, kind, secret, cue", REMOVED)
def test_personal_data_is_replaced_and_the_cue_word_kept(text, kind, secret, cue):
    r = redact(text)
    assert kind in r.kinds
    assert f"[{kind}]" in r.text
    assert secret not in r.text
    if digits(secret):
        assert digits(secret)[-4:] not in digits(r.text)
    assert cue in r.text


KEPT = [
    # amounts, as typed at the interview's amount questions and in questions
    "20000", "200000", "5千", "5万", "1.2万", "两三万", "1,200,000", "¥50,000", "20000元", "3k",
    "my limit went from 20000 to 5000", "额度从20000降到3000了", "额度 20000 15000 10000 5000",
    "limits 2000 3000 4000 5000", "my limit went 15000 130000",
    "欠了1,200,000怎么办", "借了¥50,000", "他让我发验证码 5000块钱就到账",
    "QQ钱包 20000", "qq 20000元", "qq 20000 元", "QQ 2024年注册的", "验证码60秒后重发",
    "微信：20000", "微信转了5000", "微信支付 8888",
    # dates, years and times
    "2026-12-06", "2026年3月31日", "overdue 31 days in 2024", "2019 2020 2021 2022 都逾期过",
    "2026-12-06 13:45", "2026.12.06 下午3点", "2026-12-06 2026-12-07",
    # hotlines and service numbers the scam shield must still see
    "客服电话95384是真的吗", "12356 心理援助热线", "打12378投诉", "12363", "报警110", "急救120",
    "he called from 400-999-9999", "400 999 9999 是微众的电话吗", "4009999999",
    # numbers that are not cards
    "order 1234567890123 shipped",  # 13 digits, not a valid card (Luhn)
    # WeChat and QQ in ordinary words
    "I use WeChat every day", "wechat pay", "my wechat id changed last week", "wechat: limit dropped",
    "WeChat ID john", "WeChat ID: none", "wechat e-wallet is well-known", "微信号是多少", "微信 zhangsan", "微信app打不开",
    "微粒贷代开 三天出额度 加V详聊", "QQ音乐", "用qq登录",
    # verification codes mentioned without digits, and bare short numbers
    "群里有人发了个微粒贷额度领取页面，要我填身份证和验证码", "never share your code", "code 4829",
    "he asked for the 验证码", "4829", "482913",
    # full-width digits that are not personal stay as typed
    "额度２００００",
]


@pytest.mark.parametrize("text", KEPT)
def test_amounts_dates_hotlines_and_words_are_kept(text):
    r = redact(text)
    assert r.kinds == () and r.text == text


@pytest.mark.parametrize("text", ["20000", "5千", "1.2万", "两三万", "200000", "1,200,000", "¥50,000", "0"])
def test_typed_amounts_redact_nothing_so_the_interview_reads_them(text):
    assert redact(text).kinds == ()


def test_every_kind_found_is_named_once_in_order():
    r = redact("电话13812345678, 电话13912345678, 微信号：zhang_san1, QQ 12345678, 验证码 482913, a@b.cn")
    assert r.kinds == ("email", "phone", "wechat", "qq", "code")
    assert r.text == "电话[phone], 电话[phone], 微信号：[wechat], QQ [qq], 验证码 [code], [email]"


def test_a_phone_inside_a_longer_number_is_not_cut_out():
    assert redact("交易单号 4200001381234567890123456").kinds == ()


def test_only_the_id_after_the_cue_is_replaced():
    assert redact("加我微信 abc_12345 详聊").text == "加我微信 [wechat] 详聊"
    assert redact("扣扣：987654321，私聊").text == "扣扣：[qq]，私聊"
    assert redact("your code is 4829.").text == "your code is [code]."
    assert redact("wxid_abc123").text == "[wechat]"


def test_luhn():
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert luhn_ok("6222021234567890128") and not luhn_ok("6222021234567890127")
