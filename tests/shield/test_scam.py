"""Personal numbers never reach storage; scam offers are recognised, innocent questions are not."""
from __future__ import annotations

import dataclasses

import pytest

from bot.text.faq import FaqMatcher
from bot.kb import default
from bot.kb import QUESTION_KIND
from bot.shield.pipeline import unmask
from bot.text.redact import luhn_ok, redact

K = default()
MATCHER = FaqMatcher(K)


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
    "对方说先交一笔保证金就给我放款",
    "他让我往一个账户转5000刷流水 说证明还款能力",
    "有人说是微众客服 让我把钱转到安全账户",
    "微粒贷代开 三天出额度 加V详聊",
    "a guy wants 200 rmb to activate my closed weilidai",
    # amounts written with a currency, and threats that sound like a question word
    "a guy wants 200rmb to activate my closed weilidai",
    "he wants ¥300 to unfreeze my weilidai",
    "先交钱不然不给你放款",
    "先交手续费不然开通不了微粒贷",
    "caller from webank told me to move my money to a safe account",
    "he says pay a 500 deposit and the loan will be released",
    "debt help agency says they can cut my weilidai interest to zero for a fee",
    # newer families: phishing pages, renting an identity, faked statements, impostors, paid negotiation
    "群里有人发了个微粒贷额度领取页面，要我填身份证和验证码",
    "a stranger offered 1500 yuan to rent my wechat account and id card to borrow on weilidai",
    "有个工作室说可以帮我做一份假的银行流水 提额用 收费600",
    "an agency will negotiate my overdue weilidai down to the principal only, 800 upfront",
    "someone claiming to be from webank called me and said my account is involved in a money laundering case",
    "自称客服的人来电说我开通了百万保障 不取消就每月扣费 让我照着他的步骤操作",
    # spaced-out or look-alike spellings, amounts with thousands separators, sold accounts, unlocking fees
    "朋友圈广告 薇 粒 贷 强 开 先交押金",
    "the caller says my weilidai loan is stuck and i must pay 2,500 before it can be withdrawn",
    "有人出800块一个月租我的微信号",
    "someone on telegram is selling wechat accounts that already have a weilidai limit",
    "对方说额度被风控锁住了 交1000就能解锁",
    "got an email with a link to verify my identity or my weilidai will be closed",
    # victims retelling what happened, without the word "fee": fake courts and anti-fraud centres,
    # borrowing for someone else, cashing out a limit, paid-and-vanished repairers, debt "forgiveness"
    "自称法院的人说我被起诉了 要我先交一笔钱才能撤案",
    "the caller said my savings were at risk and told me to open a new card, put the money in and tell him the pin",
    "有个朋友的朋友让我用微粒贷借两万给他周转 说他来还 还给我好处",
    "a guy asked me to borrow on weilidai for him, he promised to repay it and give me interest",
    "有人说能把我的微粒贷额度全部套出来 他抽八个点",
    "我交了900给一个说能删逾期的人 现在联系不上了",
    "an agency says they can get my weilidai debt forgiven, their legal fee is 3000",
    # implied offers: pay-after deals, boost cards, pre-approved "fund checks", short turnover, codes already
    # given, sold identities, brushed turnover, bridge repayments, whitelist slots, paid appeals
    "中介说定金先给两百 额度下来再给剩下的",
    "a seller on xianyu wants 80 for a limit card that supposedly raises weilidai overnight",
    "邮件说我有预授信额度 要先交两千风险保证金验资",
    "a page said my turnover is insufficient and i must transfer 4000 to top up the turnover before withdrawal",
    "the app told me to move my savings into an escrow account before the loan can be released",
    "我已经把验证码念给那个自称客服的人了",
    "i already gave him the verification code when he called",
    "有人高价收银行卡 一张一千五",
    "a buyer offered 600 for photos of my id card and a face video",
    "有人让我用我的卡帮他走账 每次给我两百",
    "中介说先帮我垫还逾期 我再借出来还他 收三个点",
    "an agent offered to cover my overdue, then i borrow again and pay him back plus a fee",
    "他说他是微众内部员工 能把我加进白名单 一个名额一千五",
    "an agency offered a paid appeal to make my overdue record disappear, 2000 upfront",
    # a caller who says the limit can be raised (twentieth session, after real reports)
    "上周一位市民接到自称银行客服的来电，说他的额度能提升到五万",
    # the writer's own question stays a question, a warning after it or not
    "客服让我开屏幕共享？真的吗",
])
def test_scam_offers_are_flagged(text):
    assert MATCHER.match(text).scam


@pytest.mark.parametrize("text", [
    "提前还款有手续费吗",
    "开通微粒贷要交钱不?",
    "my limit is 5000rmb now, why so low",
    "is there a fee to repay weilidai early",
    "how do I contact real webank customer service",
    "逾期了会有罚息吗",
    "can I open weilidai myself",
    "my credit card limit was cut, does it affect weilidai",
    "信用卡年费会影响微粒贷吗",
    "why was my limit reduced",
    # amounts, years and repayments are not a price
    "交了三年公积金能提额吗",
    "i paid 3000 back early, will my limit go up",
    "does paying my bills on time raise my limit",
    "群里有人说多用微信支付能提额 靠谱吗",
    "存款多能证明还款能力吗",
    "微粒贷页面要输入支付密码正常吗",
    # asking whether something costs money, or whether such an app or seller exists
    "我想开通微粒贷，需要交钱吗",
    "do i have to pay anything to reopen weilidai",
    "is there an official weilidai app or only the one inside wechat",
    "my limit is only 3,000 yuan, how can it be increased",
    "登录游戏要验证码 短信收不到",
    "微粒贷可以套现吗",
    "能不能借微粒贷帮朋友周转",
    "i paid 1000 back yesterday, when does the limit come back",
    # the words of the new families, asked about
    "过渡账户是什么意思",
    "what is an escrow account",
    "流水不足会影响微粒贷额度吗",
    "提额卡是真的吗",
    "逾期记录可以申诉吗",
    "朋友帮我还了逾期 我再借出来还他可以吗",
    "i paid half now, the rest next month, will my limit come back",
    "律师说协商还款可以自己去谈 是真的吗",
    "微粒贷有白名单吗 怎么进白名单",
    # the negotiation itself, asked about with no agency named (2026-12-07, fourteenth session)
    "信用卡停息挂账是怎么回事，要满足什么条件",
    # (sixteenth session) a bank's text-alert fee, a lawyer's letter asked about, a deposit asked back
    "农业银行扣了我短信服务费12元，什么意思",
    "网贷逾期以后寄来的律师函是真还是假的",
    "对要求你转钱到安全账户的来电，一律拒绝",
    # nothing received is no one's offer (twentieth session: "没收到邀请" read 收到 as a message's offer)
    "一直没收到微粒贷的邀请，我该怎么开通",
    # a notice's advice (twentieth session, after real notices; written for this test)
    "凡接到自称平台客服要求注销账户的电话，请保持高度警惕，不要轻易向对方转账",
    "谨防冒充银行客服的电话，钱款务必只走官方渠道",
    # a headline's question, answered at once by its warning (twentieth session)
    "陌生“客服”来电要你开屏幕共享？谨防上当！",
])
def test_innocent_questions_are_not_flagged(text):
    assert not MATCHER.match(text).scam


@pytest.mark.parametrize("text", [
    # whoever asks about a scheme is near one: the answer comes with the warning
    "停息挂账靠谱吗",
    "听说有强开微粒贷的 是真的吗",
    "is there any way to force open weilidai",
    "what is a safe account scam",
    "怎么识别假客服",
    "how do i spot fake customer service",
    "i heard debt relief agencies are all scams, true?",
    "听说有人能帮忙解冻额度，这可能吗",
    "微众银行会打电话让我转账吗",
    "my friend says never pay fees before a loan is approved, is that right",
    "网上卖的提额卡是真的吗",
    "花钱能把征信上的逾期删掉吗",
    "找代理协商还款靠谱不",
])
def test_questions_about_a_scam_scheme_are_flagged(text):
    m = MATCHER.match(text)
    assert m.scam, (m.id, m.score)
    assert m.id in K.shield.question_topics or m.id in {p.topic for p in K.shield.patterns}  # a scheme's answer


@pytest.mark.parametrize("text", [
    "我的征信有问题 能修复吗",
    "征信花了能修复吗 有什么公司",
    "what do credit repair firms do",
])
def test_a_question_only_the_scam_topics_recognise_is_flagged(text):
    """No pattern and not the model: the confident answer of a scam topic flags it."""
    m = MATCHER.match(text)
    assert m.scam_kinds == (QUESTION_KIND,) and m.id == "credit_repair"
    without_rule = FaqMatcher(dataclasses.replace(K, shield=dataclasses.replace(K.shield, question_topics=())))
    assert not without_rule.match(text).scam


@pytest.mark.parametrize("text", [
    "征信上有条逾期不是我的 怎么申诉",       # the credit-repair topic answers it, but a dispute is free
    "there's a wrong entry on my credit report, how do i dispute it",
    "腾讯会议怎么共享屏幕 明天开会要用",     # the user's own screen sharing
    "微众银行app在哪下载",                   # the real WeBank app
    "可以自己申请停息挂账吗",                 # negotiating with the lender oneself is the free way
    "can i negotiate myself with webank instead of paying an agency",
    "征信不好怎么修复",                       # how to mend one's own record, no company or fee named
])
def test_legitimate_questions_a_scam_topic_answers_are_not_flagged(text):
    assert not MATCHER.match(text).scam


def test_the_exceptions_keep_a_dispute_from_the_question_rule():
    assert MATCHER.match("我的征信有错误记录 能修复吗").id == "credit_dispute"  # the free dispute answers it
    text = "征信不好能修复吗 有条记录是错的"  # the credit-repair topic answers it, but a dispute is free
    assert MATCHER.match(text).id == "credit_repair" and not MATCHER.match(text).scam
    assert FaqMatcher(dataclasses.replace(K, shield=dataclasses.replace(K.shield, question_unless=()))).match(text).scam


@pytest.mark.parametrize("text, topic", [
    ("放款失败 客服说我卡号填错了 要交1000解冻费", "scam_fake_service"),
    ("有人说能帮我解冻微粒贷额度 收费300", "scam_forced_open"),
    ("群里有人卖征信洗白服务 说包过", "credit_repair"),
])
def test_a_scam_is_answered_by_its_own_topic(text, topic):
    m = MATCHER.match(text)
    assert m.scam and m.id == topic


@pytest.mark.parametrize("text", [
    # characters split by symbols or emoji, letters mixed in, homophones, pinyin
    "强-开-微-粒-贷 要-交-押-金 可-信-吗",
    "征❤信❤修❤复 包❤删 三❤千",
    "停.息.挂.账 先.交.两.千 真.的.吗",
    "dai kai wei li dai, xian jiao 1000 ya jin, ke xin ma",
    "zheng xin xiu fu gong si shuo neng shan chu yu qi, shou fei 5000",
])
def test_disguised_spellings_are_read_as_the_words_they_hide(text):
    assert MATCHER.match(text).scam


@pytest.mark.parametrize("scam, innocent", [
    ("强开微粒贷要交押金 可信吗", "另外提前还款要手续费吗"),
    ("someone on wechat says he can unlock weilidai for me if i pay 200 first", "also is there a fee to repay early?"),
    ("客服说我的额度要清空，让我去别的平台借钱转给他", "我想提前还款，要手续费吗"),
])
def test_an_innocent_question_does_not_hide_a_scam_beside_it(scam, innocent):
    assert not MATCHER.match(innocent).scam
    assert MATCHER.match(f"{scam} {innocent}").scam
    assert MATCHER.match(f"{innocent} {scam}").scam


@pytest.mark.parametrize("text", [
    "how do i contact webank support also is there a fee to repay early?",
    "我的额度被降了 另外提前还款要手续费吗",
])
def test_innocent_questions_side_by_side_stay_innocent(text):
    assert not MATCHER.match(text).scam


def test_a_hotline_is_no_price_for_the_scam_model():
    from bot.shield.scam import scam_features
    assert "A:amount" in scam_features("交500就能开通", K)
    with_hotline = scam_features("打了95384 客服说系统评估", K)
    assert "A:amount" not in with_hotline and "H:hotline" in with_hotline
    for price in ("交120就能开通", "price 119 yuan"):  # the numbers of hotlines, paid
        features = scam_features(price, K)
        assert "A:amount" in features and "H:hotline" not in features


def test_a_spaced_out_scam_beside_an_innocent_question_is_caught():
    assert MATCHER.match("提前还款要手续费吗, 强 开 微 粒 贷 要 交 押 金").scam


@pytest.mark.parametrize("text, kept", [
    ("身份证信息错了怎么改", "身份证信息"),
    ("纠正信息要多久", "纠正信息"),
    ("只是象征性收一点", "象征性"),
    ("无能为力贷款也还不上", "无能为力"),
])
def test_look_alike_spellings_leave_ordinary_words_alone(text, kept):
    assert kept in unmask(MATCHER.ranker.normalize(text), K)
