"""Impostors' scripts of any lender, fake hotlines and warnings in an authority's voice: what the
user sees (the warning and its topic, or an ordinary answer). Written for these tests; never a
line of ../shared/real."""
from __future__ import annotations

import pytest

from bot.kb import default
from bot.text.faq import FaqMatcher

MATCHER = FaqMatcher(default())


@pytest.mark.parametrize("text, kind", [
    # another lender's "customer service": cancel it, or your credit report suffers
    ("喂您好，我是美团的客服，您名下的月付账户还没注销，不注销将影响您的个人征信", "cancel_or_credit"),
    ("a man said he was from alipay customer service and my account must be cancelled or it will hurt your credit",
     "cancel_or_credit"),
    # cancel it now, or be charged every month
    ("对方说我开了一个会员服务，要是今天不取消，就会每月扣费扣满一年", "cancel_or_charged"),
    ("got a call: unless you cancel this insurance today you will be charged every month", "cancel_or_charged"),
    # the loan "paid out" to a wrong account number, before any fee is named
    ("那个借款平台说我的收款账号填写错误，钱提不出来，让我联系在线客服", "wrong_card_withdrawal"),
    ("the lending app says my account number is incorrect so i cannot withdraw the loan", "wrong_card_withdrawal"),
    # another 95 number given as WeBank's line
    ("搜到的微众银行客服热线是95377，打过去要我先验证身份", "wrong_95_line"),
    # a notice retelling the caller's lie
    ("骗子谎称紧急联系人要承担连带责任，逼家属转账", "fake_service"),
    # police impostors
    ("对方自称公安局的，说我涉嫌洗钱，要把钱汇款到指定账户配合调查", "safe_account"),
])
def test_impostor_scripts_get_the_warning(text, kind):
    m = MATCHER.match(text)
    assert m.scam and kind in m.scam_kinds


@pytest.mark.parametrize("text", [
    "网上说有行长特批通道，交了钱就能下款",
    "他们说有特殊渠道对接银行，微粒贷也能开",
])
def test_special_channel_sellers_are_forced_opening(text):
    m = MATCHER.match(text)
    assert m.scam and m.id == "scam_forced_open"


@pytest.mark.parametrize("text", [
    # the user's own questions with the same words
    "注销花呗会影响征信吗",
    "我打电话给客服问了，注销信用卡要注意什么",
    "会员不取消会自动扣费吗",
    "微信零钱提现失败，提示银行卡密码输入错误",
    "紧急联系人要承担连带责任吗",
    "建行的客服电话是95533吗",
    "微粒贷额度95000突然降到0，打了人工客服也没用",  # an amount, not a number to call
    # an authority's warning that names the scheme to refuse it (the warning speaks for its own
    # clause only: a scam retold beside it is still a scam)
    "贷款前要你交保证金的一定是假的",
    "官方客服不会通过添加好友的方式联系你",
    "凡是自称客服让你下载会议软件的都是骗局",
    "微粒贷没有独立的app，网上那些都是假冒的，不要下载",
])
def test_the_same_words_in_a_question_or_a_warning_are_not_flagged(text):
    assert not MATCHER.match(text).scam


@pytest.mark.parametrize("text, topic", [
    ("被假客服骗了能追回吗", "scam_victim"),
    ("被中介骗了三千块，还能要回来吗", "scam_victim"),
])
def test_someone_already_cheated_hears_what_to_do_now(text, topic):
    m = MATCHER.match(text)
    assert m.scam and m.id == topic


@pytest.mark.parametrize("text", ["微信备用金的额度怎么提高", "微信备用金逾期了怎么办"])
def test_wechat_s_other_loans_are_other_products(text):
    assert MATCHER.match(text).id == "other_products"


def test_a_question_about_wechat_s_other_loan_and_weilidai_is_about_weilidai():
    assert MATCHER.match("微信备用金逾期会影响微粒贷额度吗").id != "other_products"
