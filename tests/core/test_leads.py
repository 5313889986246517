"""Narrower questions inside a topic get their direct answer first (knowledge/faq_leads.yaml), and
the schemes a counsellor's review found answered wrong (sixteenth session) get a warning that
fits them. Texts written for these tests."""
from __future__ import annotations

import dataclasses
from zoneinfo import ZoneInfo

import pytest

from bot.core import Advisor

from tests.helpers import Chat, heading, plain


def _said(advisor, text, lang):
    chat = Chat(advisor, user_id=7, lang=lang)
    chat.command("start")
    chat.command("cancel")
    return [plain(r.text) for r in chat.say(text)]


def _lead(advisor, lead_id, lang):
    return next(lead for lead in advisor.k.faq.leads if lead.id == lead_id).text.get(lang).strip()


@pytest.mark.parametrize("text, lang", [
    ("欠了微粒贷三万一直没还，会不会坐牢啊", "zh"),
    ("收到法院传票了，网贷欠款不去开庭会怎么样", "zh"),
    ("can i be sent to jail for an unpaid weilidai loan", "en"),
])
def test_a_jail_or_lawsuit_question_hears_the_law_before_the_topic_answer(advisor, text, lang):
    said = _said(advisor, text, lang)
    lead = _lead(advisor, "court", lang)
    assert said[0].startswith(lead.split("\n")[0]), said[0][:200]
    assert "12368" in said[0]
    assert not any("⚠️" in s for s in said)
    # the topic's own answer follows under its heading, in the same message
    headings = [advisor.k.topic(t).question.get(lang) for t in ("debt_collection", "overdue_effect", "cannot_repay")]
    assert any(h in said[0] for h in headings)


def test_the_same_topic_without_the_narrower_words_has_no_lead(advisor):
    said = _said(advisor, "催收一直骚扰我爸妈，我该咋办", "zh")
    # (the heading names the topic's question as the related one: the user asked it in other words)
    assert said[0].startswith(heading(advisor.k, "debt_collection", "zh"))
    assert _lead(advisor, "court", "zh").split("\n")[0] not in said[0]


@pytest.mark.parametrize("text, lang, lead_id", [
    ("欠的钱要不要告诉家里人？最近催收越来越凶", "zh", "telling_family"),
    ("钱还不上了，能跟银行申请减免利息吗", "zh", "interest_relief"),
    ("should I tell my family about my debt? collectors keep calling", "en", "telling_family"),
    # a relative's debt, asked by the one pressed to pay (seventeenth session: "did you mean" before)
    ("老爸欠了一堆网贷跑了，催收天天找我，我要还吗", "zh", "family_debts"),
    ("my dad died and left debts, do I have to pay them", "en", "family_debts"),
    ("我爸偷偷借了好几个网贷，现在都逾期了，我能做什么", "zh", "family_debts"),
    # a debt never taken on: whether it exists comes before any talk of courts (seventeenth session)
    ("催收打电话说我欠了网贷不还就起诉，可我从来没借过", "zh", "never_borrowed"),
    ("Someone took out a loan in my name and the bank is chasing me", "en", "never_borrowed"),
    # (eighteenth session) the four a counsellor's review found with no direct answer of their own
    ("催收说这周要上门，他们能进我家吗", "zh", "collector_visit"),
    ("the collector says they are coming to my house on saturday", "en", "collector_visit"),
    ("逾期两个月了，罚息越来越多，利滚利还得完吗", "zh", "penalty_interest"),
    ("微粒贷这个月能晚几天还吗，工资下周才发", "zh", "pay_late_days"),
    ("can i move my due date to after payday", "en", "pay_late_days"),
    ("帮男朋友借了两万微粒贷，他跑了，我还不上", "zh", "borrowed_for_others"),
    ("替男朋友借的微粒贷逾期了，他人跑了", "zh", "borrowed_for_others"),
    ("I took out a loan for my boyfriend and now he won't pay me back", "en", "borrowed_for_others"),
    # and two from a counsellor's review of the replies (eighteenth session)
    ("催收说再不还就冻结我微信和零钱，真的假的", "zh", "freeze_threat"),
    ("the collector says they will freeze my bank accounts tomorrow", "en", "freeze_threat"),
    ("逾期了会不会被公司知道，我怕丢工作", "zh", "employer"),
    ("will my employer find out if my weilidai loan is overdue", "en", "employer"),
    # threats with one's photos are a matter for the police (a counsellor's review, nineteenth session)
    ("催收说今天不还就把我的照片P成通缉令发到我所有的群里", "zh", "photo_threat"),
    ("a collector said he would share my photos with everyone in my phone, what can I do", "en", "photo_threat"),
    # (twentieth session) which debt first, a mortgage to come, what repaying frees, the family, how long a record stays
    ("花呗欠一万、微粒贷欠两万、信用卡还有三万，这个月工资只够还一家，先还哪家", "zh", "which_first"),
    ("only 3000 left this month: weilidai, jiebei or my card, which should i pay first", "en", "which_first"),
    ("Will a late Weilidai payment last year stop me getting a mortgage?", "en", "mortgage"),
    ("微粒贷逾期过一次，会影响以后办房贷吗", "zh", "mortgage"),
    ("微粒贷借的钱昨天还完了，额度会马上恢复吗", "zh", "repaid_limit"),
    ("我网贷逾期了，会不会影响儿子以后考军校的政审", "zh", "relatives_affected"),
    ("逾期记录要几年才能消除", "zh", "record_years"),
    ("网贷逾期快三个月了，房子会不会被拍卖", "zh", "home_at_risk"),
    ("will the bank take my home if i default on weilidai", "en", "home_at_risk"),
    ("for how many years does a late payment remain on the report", "en", "record_years"),
    # (twenty-first session) a mortgage stopped, a mortgage still paid, which of two loans first
    ("房贷逾期两个月了，银行那边会怎么处理", "zh", "mortgage_stopped"),
    ("lost my job and now i'm behind on my mortgage as well as weilidai", "en", "mortgage_stopped"),
    ("我每个月还着房贷，这次微粒贷逾期了，会连累到房贷吗", "zh", "mortgage_held"),
    ("i have a mortgage and my weilidai went overdue, what happens to the mortgage", "en", "mortgage_held"),
    ("这个月钱不够，先还网贷还是先还信用卡", "zh", "which_first"),
    ("催收说我再拖下去就打电话给我爸妈", "zh", "family_threatened"),
    ("微粒贷给我的额度是按什么定的", "zh", "limit_basis"), ("what determines my limit on weilidai", "en", "limit_basis"),
    ("the collectors keep calling my parents about my loan", "en", "family_threatened"),
    # whether to pay the account a caller gives, before the law on lawsuits (nineteenth session)
    ("催收说这周不处理就上法院，还发了个账户过来，要不要转钱过去", "zh", "pay_the_caller"),
    # repaying by hand, the due date (nineteenth session: the consequences of an overdue, early settlement)
    ("这期扣款没成功，卡里钱不够，我想自己手动还", "zh", "repay_by_hand"),
    ("the weilidai deduction failed, can i repay manually", "en", "repay_by_hand"),
])
def test_other_narrower_questions_get_their_direct_answer_first(advisor, text, lang, lead_id):
    said = _said(advisor, text, lang)
    answer = next(s for s in said if "12356" not in s)  # (after the gentle line, if one came)
    assert answer.startswith(_lead(advisor, lead_id, lang)[:20]), said


def test_a_lawsuit_and_a_visit_threatened_together_hear_the_law_alone(advisor):
    """court `replaces` collector_visit: two leads and a topic make a reply too long to read on a
    phone (a counsellor's review, seventeenth session)."""
    said = _said(advisor, "催收说已经立案了，下周要上门来我家", "zh")
    assert said[0].startswith(_lead(advisor, "court", "zh")[:20])
    assert _lead(advisor, "collector_visit", "zh")[:20] not in said[0]


def test_a_loan_never_taken_hears_whether_it_exists_and_no_jail_talk(advisor):
    """never_borrowed replaces court: "they'll sue me, but I never borrowed" heard jail and travel
    bans first (a counsellor's review, seventeenth session)."""
    said = _said(advisor, "催收打电话说我欠了网贷不还就起诉，可我从来没借过", "zh")
    answer = "\n".join(said)
    assert _lead(advisor, "never_borrowed", "zh")[:20] in answer
    assert _lead(advisor, "court", "zh").split("\n")[0] not in answer
    said = _said(advisor, "欠了网贷三个月没还，会不会被起诉", "zh")  # a debt of one's own: the law's answer, as before
    assert _lead(advisor, "court", "zh").split("\n")[0] in "\n".join(said)


def test_a_lead_graded_differently_from_its_topic_shows_its_own_grade(store, knowledge):
    """Every lead is confirmed today; one graded `reported` must say so before its topic's answer."""
    leads = tuple(dataclasses.replace(lead, confidence="reported") if lead.id == "interest_relief" else lead
                  for lead in knowledge.faq.leads)
    advisor = Advisor(store, dataclasses.replace(knowledge, faq=dataclasses.replace(knowledge.faq, leads=leads)),
                      ZoneInfo("Asia/Shanghai"))
    said = _said(advisor, "钱还不上了，能跟银行申请减免利息吗", "zh")[0]
    topic = advisor.k.topic("cannot_repay")
    reported, confirmed = (advisor.k.ui["conf_" + c].get("zh") for c in ("reported", "confirmed"))
    assert said.index(reported) < said.index(topic.question.get("zh")) < said.index(confirmed)
    plain_said = _said(Advisor(store, knowledge, ZoneInfo("Asia/Shanghai")), "钱还不上了，能跟银行申请减免利息吗", "zh")[0]
    assert reported not in plain_said and plain_said.count(confirmed) == 1


@pytest.mark.parametrize("text, lang", [
    ("我没申请贷款，卡里莫名到账一万，对方说是强制下款要我还两万", "zh"),
    ("5000 yuan showed up in my card, i didn't apply for any loan, now they want me to pay back 8000", "en"),
])
def test_a_forced_loan_is_warned_with_what_to_do_and_no_other_topic_s_answer(advisor, text, lang):
    said = _said(advisor, text, lang)
    assert said[0].startswith("⚠️")
    line = advisor.k.shield.pattern_by_id["forced_loan"].what.get(lang)
    assert line in said[0] and "110" in line
    assert len(said) == 1  # no FAQ answer (card binding, cannot-repay) before or after it


def test_a_retold_police_call_hears_that_the_police_never_move_money(advisor):
    said = _said(advisor, "有个自称公安的男的打来，讲我名下账户涉嫌洗钱，让我把存款挪去他给的安全账户", "zh")
    line = advisor.k.shield.pattern_by_id["police_impostor_told"].what.get("zh")
    assert said[0].startswith("⚠️") and said[0].index(line) < said[0].index("安全账户")


def test_an_advance_fee_asked_about_is_a_scam_not_a_debt_agency_question(advisor):
    said = _said(advisor, "放款前让我先交百分之二十的资金验证，这正常吗", "zh")
    assert said[0].startswith("⚠️")
    assert advisor.k.topic("debt_agents").question.get("zh") not in "".join(said)


@pytest.mark.parametrize("text, lang", [("催收说明天给我寄律师函，这玩意儿是真的吗", "zh"),
                                        ("got a lawyer's letter by text about my overdue weilidai, is it real", "en")])
def test_a_lawyer_s_letter_is_explained_and_not_called_a_scam(advisor, text, lang):
    said = _said(advisor, text, lang)
    assert said[0].startswith(_lead(advisor, "lawyer_letter", lang)[:15]) and "12348" in said[0]
    assert not any("⚠️" in s for s in said)


def test_whether_a_debt_runs_out_is_its_own_answer_and_not_told_to_the_sued(advisor):
    waiting = _said(advisor, "网贷逾期诉讼时效过了还要还吗", "zh")[0]
    assert waiting.startswith(_lead(advisor, "time_limit", "zh")[:15])
    sued = _said(advisor, "借的网贷逾期后被告了，开庭不去会咋样", "zh")[0]
    assert _lead(advisor, "time_limit", "zh")[:15] not in sued and "3年" not in sued.split("\n\n")[0]


def test_two_patterns_that_say_the_same_line_show_it_once(advisor):
    same = [p for p in advisor.k.shield.patterns if p.what.get("zh") == advisor.k.shield.pattern_by_id["police_impostor"].what.get("zh")]
    assert len(same) == 3  # police_impostor, police_impostor_told and laundering_accused
    said = _said(advisor, "我是市公安局民警，您名下账户涉及洗钱要冻结——自称公安的都这么讲吗", "zh")
    assert "".join(said).count(same[0].what.get("zh")) == 1


def test_a_forced_loan_after_only_looking_at_a_limit_is_still_one(advisor):
    said = _said(advisor, "强制下款必须还吗，我就点了一下看额度，钱就打进来了，现在天天打电话催", "zh")
    assert advisor.k.shield.pattern_by_id["forced_loan"].what.get("zh") in said[0]


def test_sleepless_over_a_debt_hears_a_kind_word_and_the_line(advisor):
    said = _said(advisor, "网贷逾期以后天天失眠，该怎么办", "zh")
    assert "12356" in said[0]


def test_should_i_pay_the_caller_hears_not_to_before_the_law(advisor):
    """pay_the_caller replaces court: the answer to "should I transfer?" came 900 characters after
    the law on jail (a counsellor's review, nineteenth session)."""
    said = "\n".join(_said(advisor, "催收说这周不处理就上法院，还发了个账户过来，要不要转钱过去", "zh"))
    assert said.startswith(_lead(advisor, "pay_the_caller", "zh")[:20])
    assert _lead(advisor, "court", "zh").split("\n")[0] not in said


@pytest.mark.parametrize("text, lang", [("家里老人被人冒用身份借了微粒贷怎么办", "zh"),
                                        ("grandad got a weilidai bill but he never applied for any loan", "en")])
def test_a_loan_in_a_relative_s_name_is_a_dispute_when_the_ranking_nearly_says_so(advisor, text, lang):
    """never_borrowed `chooses` credit_dispute (nineteenth session): an old parent's phone used to
    borrow was asked back with "does using WeChat Pay help?" or answered as "can I apply myself?"."""
    said = "\n".join(_said(advisor, text, lang))
    assert heading(advisor.k, "credit_dispute", lang) in said, said
    assert said.startswith(_lead(advisor, "never_borrowed", lang)[:20])


@pytest.mark.parametrize("text, lang", [("逾期了罚息可以不用还吗", "zh"), ("催收说只要今天还一半，剩下的就不用还了，靠谱吗", "zh"),
                                        ("my weilidai is overdue and I'm not using it anymore, will collectors call my family", "en")])
def test_a_debt_not_to_be_paid_is_no_loan_never_taken(advisor, text, lang):
    """never_borrowed's 没借过 read as 不用 (not using: faq.yaml synonyms) and was said to every 不用
    (nineteenth session): "check whether this loan exists at all" to someone asking about penalties."""
    said = "\n".join(_said(advisor, text, lang))
    assert _lead(advisor, "never_borrowed", lang)[:20] not in said, said


def test_photos_in_one_s_own_moments_are_no_threat(advisor):
    """photo_threat is said under the topics of collection and debts, not of WeChat friends: a question
    about posting photos in Moments is no collector's threat (nineteenth session)."""
    said = "\n".join(_said(advisor, "朋友圈里晒些生活照片，额度会因此受影响吗", "zh"))
    assert _lead(advisor, "photo_threat", "zh")[:20] not in said, said


def test_which_debt_first_is_said_once_not_with_the_part_payment_lead(advisor):
    """which_first replaces part_payment: "I can pay only part: which first?" heard both leads and
    the topic's answer, which repeated the lead's sentences (twenty-first session)."""
    said = _said(advisor, "I can only pay part of what I owe this month, which loan do I pay first", "en")
    assert said[0].startswith(_lead(advisor, "which_first", "en")[:20])
    assert _lead(advisor, "part_payment", "en")[:20] not in said[0]


def test_a_stopped_mortgage_is_not_told_no_one_can_take_the_house(advisor):
    """mortgage_stopped replaces home_at_risk: a mortgage is secured on the home, and "no collector
    can take a house" is true of Weilidai, not of it (twenty-first session)."""
    said = _said(advisor, "房贷断供半年了，房子会不会被拍卖", "zh")
    assert said[0].startswith(_lead(advisor, "mortgage_stopped", "zh")[:20])
    assert _lead(advisor, "home_at_risk", "zh")[:20] not in said[0]
