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
    ("客服说这个会员如果不在今天之内关闭，就会每月扣费", "cancel_or_charged"),  # a deadline: 不在…内关闭
    # the loan "paid out" to a wrong account number, before any fee is named
    ("那个借款平台说我的收款账号填写错误，钱提不出来，让我联系在线客服", "wrong_card_withdrawal"),
    ("the lending app says my account number is incorrect so i cannot withdraw the loan", "wrong_card_withdrawal"),
    # another 95 number given as WeBank's line
    ("搜到的微众银行客服热线是95377，打过去要我先验证身份", "wrong_95_line"),
    # a notice retelling the caller's lie
    ("骗子谎称紧急联系人要承担连带责任，逼家属转账", "fake_service"),
    # police impostors
    ("对方自称公安局的，说我涉嫌洗钱，要把钱汇款到指定账户配合调查", "safe_account"),
    # the lure itself, in the sender's voice
    ("恭喜！您的备用额度已到账，点击链接即可领取", "link_lure"),
    ("Your loan limit has been raised. Click the link to activate it today.", "link_lure"),
    ("您的借款已审核通过，请添加客服微信办理放款手续", "loan_contact"),
    ("开通VIP会员，享优先放款，通过率翻倍", "paid_membership_loan"),
    # a caller in the police's voice: a freeze, a suspicion, an investigation
    ("喂，我这边是市公安局刑警队的，你名下一张银行卡涉嫌洗钱，需要配合调查", "police_impostor"),
    ("This is officer Wang, your bank card is suspected of money laundering and will be frozen", "police_impostor"),
    # a top-up demanded before a limit or a payout
    ("您的信用分不足，需充值激活额度后方可借款", "top_up_to_unlock"),
    # the offer to lower a rate, before any demand
    ("检测到您的借款年化偏高，我行可为您申请降低利率", "rate_cut_offer"),
    ("we can lower your interest rate on the loan today, just reply YES", "rate_cut_offer"),
    # the threat alone, in the message's own voice: cancel it or answer for it in law (2026-12-07)
    ("您的网贷账户不注销将影响个人征信，并需承担法律责任", "cancel_or_credit"),
    # an overdue "passed to the police": a debt is a civil matter (2026-12-07)
    ("【某金融】您的借款已严重逾期，我司已将案件移交公安机关，即将对您追究刑事责任", "police_for_debt"),
    ("Your loan is overdue and has been passed to the police; you will face criminal charges unless you pay today",
     "police_for_debt"),
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
    "加微信好友多了会提额吗",
    "开通QQ会员能提额吗",
    "微粒贷的额度在哪里看，要点什么链接吗",
    "微粒贷利息太高了，能帮忙降息吗",          # the user's own ask is no offer
    "我是派出所民警，你刚接到的是诈骗电话，千万不要转账",  # the police calling to stop a scam
    "公交卡余额不足需充值，额度怎么查",        # a top-up that unlocks nothing
    "您的话费余额不足10元，请及时充值，充值即时到账",  # a carrier's notice
    "派出所说我是涉案账户，银行卡被冻结了，怎么解冻",  # the user's own case, no caller's voice
    "销户之前要先还清欠款，否则会影响您的征信",  # a bank's advice on closing, no threat of law
    # deposits outside lending, asked about (2026-12-07)
    "租车还车以后，车辆押金多久解冻退回",
    "卡长期没用变成不动户了，去网点激活要交钱吗",
    "淘宝店铺怎么解冻保证金",
    # a loan the user does not recognise is a dispute, not a buyer of repair: 认识 is an agent's
    # acquaintance ("我认识人能删") only as a person (2026-12-07)
    "征信报告里有一笔我不认识的贷款，要怎么处理",
    # a borrower's own fear of the police over a debt, asked (2026-12-07)
    "网贷逾期会承担刑事责任吗",
    "Can I face criminal charges if my loan is overdue?",
    # an authority's warning that names the scheme to refuse it (a scam told beside it, in a
    # sentence of its own, is still a scam: below)
    "贷款前要你交保证金的一定是假的",
    "官方客服不会通过添加好友的方式联系你",
    "凡是自称客服让你下载会议软件的都是骗局",
    "微粒贷没有独立的app，网上那些都是假冒的，不要下载",
    "人民银行提醒，信用修复无需找中介，任何声称花钱就能删除逾期记录的机构都不可信。",  # 不可信 asks nothing
    "我们提醒您，凡是要求转账到安全账户的都是诈骗",  # "we" warning, not selling
    "我们的客服不会索要验证码，请勿泄露",
    "我们在此提醒，凡是声称内部渠道强开的都是骗子",
])
def test_the_same_words_in_a_question_or_a_warning_are_not_flagged(text):
    assert not MATCHER.match(text).scam


@pytest.mark.parametrize("text", [
    # a police or bank warning: its whole sentence names the scheme to refuse it, even a term that
    # is a scam by itself (内部渠道, 安全账户)
    "反诈中心提醒：凡是声称有内部渠道、能帮你强开微粒贷的，都是诈骗！",
    "本行不会以任何理由要求客户把钱转到所谓的安全账户，请提高警惕。",
    "如果有人自称客服打电话让你注销贷款账户、清空额度，不要轻信，更不要转账。",
    "不法分子常以提高贷款额度、修复征信为诱饵，诱骗消费者转账。",
    "这些都是常见的诈骗手段，大家不要轻易透露验证码，也不要给陌生人转账。",
    "微粒贷官方客服电话是95384，凡是用其他号码自称微粒贷客服的都是诈骗，请直接挂断。",
    # a date, a case number or a landline in a warning is no number to call for a lure
    "凡是自称客服要求转账的都是诈骗，截至20241206已有多起。",
    "凡是自称客服要求转账的都是诈骗，请拨打010-12345678咨询。",
    # refusing an offer is no offer
    "银行工作人员不会为您办理所谓的内部提额，凡是声称可以的都是骗子",
    "公检法机关绝不会要求你把钱转入安全账户",
    # a scheme's own words never name it, and a lender never asks a fee before the loan
    "正规贷款机构在放款之前不会向客户收取一分钱。",
    "骗子会用伪基站发假的提额短信，链接点开是钓鱼网站，和真的银行页面很像。",
    "第一次转了钱以后，往往还会遇到二次诈骗，对方换个理由继续要钱。",
    "凡是说只需交钱就能提额的都是骗子",          # "只需交" inside the refusal of it
    # a verdict on every such case, advice against other channels, a rule (2026-12-07)
    "要是有人打电话说能帮你提高额度，还要先交服务费，那就是诈骗",
    "额度暂时没有的话，别去找非官方渠道开通，按时还款慢慢养信用就好",
    "任何公司和个人都无权删除征信上真实的逾期记录",
    # a refusal by telephone (2026-12-07, fourteenth session)
    "不管是哪个部门的工作人员，都不会打电话来让您直接转账汇款！",
    "不论哪家机构的员工，也不会主动打电话让您给对方汇款！",
    # a rule as a formula, advice to refuse, a scheme defined (eighteenth session; written for this test)
    "陌生来电自称贷款客服+让你转账到指定账户=诈骗",
    "放款前遇到要交保证金、手续费的，果断拒绝。",
    "An advance-fee loan scam is when someone asks for an upfront fee to release a loan to you.",
    # an official's verdict, a condition that advises, police advice in English (nineteenth session;
    # written for this test)
    "任何要你注销学生账户再转钱的做法，均系诈骗。",
    "陌生电话不要随便接，凡是对方提到注销学生账户、校园贷的，一定是诈骗，有疑问可以打110咨询，一旦被骗要马上报警。",
    "If you are asked to pay a fee before you get the loan, that is an advance fee scam.",
])
def test_an_authority_s_warning_is_not_flagged(text):
    m = MATCHER.match(text)
    assert not m.scam, m.scam_kinds


@pytest.mark.parametrize("text", [
    # the same words in a question about the scheme, in the writer's own story, in one case retold
    "网上说能内部渠道强开微粒贷的是不是都是骗子",
    "那个人说有内部渠道能强开微粒贷，让我先交2000，我觉得都是骗局",
    "警方提醒：市民张某接到自称客服的电话，对方称其学生账户未注销会影响征信，要求转账到安全账户。",
    # a warning beside a scam is still read: the scam's sentence is its own
    "【微粒贷】您已获得内部渠道提额资格，回复1办理。谨防诈骗，请勿泄露验证码。",
    "特别提醒：您的微粒贷额度即将失效，请点击链接领取",
    # a caller's threat is no risk the writer warns of
    "客服说我的学生账户不注销很可能会影响征信",
    # a lure dressed as a notice: a number to call is no official line's, never a warning
    "【微众银行】提醒您：您的账户存在风险，请勿相信他人，立即拨打4008888888联系专属客服处理，不会收取任何费用",
    "温馨提示：请勿相信他人，您的微粒贷额度异常，添加客服13912345678处理，不会收取任何费用",
    # ...or an offer to act for the reader, or to move their money, among warning words
    "不要相信其他人，本专员可通过内部渠道帮您提额",
    "您的账户存在风险，请提高警惕，立即将资金转入安全账户",
    "本行不会要求您提供验证码，请把验证码告诉专员完成提额",
    "本平台不会向您收取任何费用，只需先缴纳保证金即可放款",  # a fee demanded beside the promise of none
    # a platform's notice words are no warning ("提醒用户", "欺诈风险" were tried as such and removed)
    "平台提醒用户：您的微粒贷额度已提升至50000元，点击 t.cn/abc123 立即领取",
    "您的账户存在欺诈风险，需缴纳解冻费后方可放款",
    "您好，我们是某宝客服，您的店铺保证金需要补缴，请按提示转账",  # a shop's deposit demanded by a "customer service"
    "本次办理不收取费用，只需先缴纳5000元保证金即可放款",
    # a demand in one clause beside words of an innocent context (租车, 不动户, 不收取 were tried as
    # innocent phrases on 2026-12-07 and removed: they spared these)
    "不动户激活需先转500元激活费到指定账户",
    "全程不收取手续费只需先交3000保证金就能下款",
    "租车押金要解冻需先交800元解冻费到客服个人账户",
    # warning words a scheme can also use (立即报警, 不会在放款前, 非官方渠道, 都无权 were tried as an
    # authority's voice on 2026-12-07 and removed: they set these whole sentences aside)
    "【公安】您的银行卡涉嫌洗钱，如有疑问请立即报警核实，并将资金转入安全账户配合调查",
    "我们不会在放款前收取任何费用，但需要先缴纳5000元保证金验证还款能力",
    "我们是非官方渠道，但可以帮你强开微粒贷，收费3000",
    "银行都无权冻结你的钱，只有我们能帮你解冻，先交解冻费2000",
    # a demand made of the reader in the imperative, behind an authority's words (2026-12-07)
    "不要轻信他人，请将资金转入安全账户",
    "不要轻信他人，并将资金转入安全账户接受核查",
    "本行不会要求转账，请您先缴纳保证金2000元",
    "都是诈骗，加客服微信办理提额",
    # a claim refuted by a seller who offers the real thing (没有这回事 is an authority's voice)
    "网上说强开要先交钱，其实并没有这回事，找我们直接开",
    "别人说的内部渠道根本没有这回事，我们有真的内部渠道",
    # a seller who calls the others scammers and speaks as "we" (these were set aside as warnings
    # before 2026-12-07)
    "别的中介都是骗子，我们内部删除逾期，一条300",
    "外面那些都是骗局，我们是正规渠道，包下款",
    "别信那些，都是假的，我们这边能办强开，3000一个",
    "别的中介都不可信，我们内部删除逾期，一条300",
])
def test_a_question_a_story_or_a_scam_beside_a_warning_is_still_flagged(text):
    assert MATCHER.match(text).scam


@pytest.mark.parametrize("text", [
    # a scheme that borrows a warning's words puts its demand after them, in the same sentence
    # (a red-team writer's 40 such messages were all set aside as warnings before 2026-12-07)
    "网上那些说征信可以花钱修复的都是骗子，本公司为微众银行合作机构，你的账户因流水不足被冻结，须在今日18点前缴纳解冻保证金3000元至指定账户",
    "请警惕冒充客服的来电，本平台是微粒贷授权的唯一线上代理，额度审批已通过，支付199元征信查询费后30分钟内放款。",
    "Legit lenders will never ask for a fee, but your loan is frozen, pay the 500 unfreeze fee today to release it",
])
def test_a_demand_after_a_warning_s_words_is_read(text):
    m = MATCHER.match(text)
    assert m.scam and not m.warning


@pytest.mark.parametrize("text", [
    # ...but a warning goes on through its own list and through clauses that still refuse
    "本行郑重提醒：放款前不会收取任何费用，也不存在解冻金、保证金这类名目，请勿向个人账户转账。",
    "正规机构不会要求提前支付保证金、手续费、服务费等费用。",
    # advice to whoever already paid, the official line, an offer to check: still the warning
    "微众银行不会收取任何前期费用，如已向陌生账户转账或泄露验证码，请尽快联系客服95384冻结账户。",
    "凡是声称内部渠道强开的都是骗子，如有疑问我们可以为您核实",
])
def test_a_warning_s_list_and_its_further_refusals_are_still_the_warning(text):
    assert not MATCHER.match(text).scam


@pytest.mark.parametrize("text", [
    "一次性信用修复是自动的，不需要申请，也不收费",
    "按人民银行的安排，够条件的逾期记录由征信系统自动处理，不收任何费用，也不用本人申请。",
])
def test_the_free_route_described_is_no_fee_asked(text):
    assert not MATCHER.match(text).scam


@pytest.mark.parametrize("text", [
    "逾期记录可以删除，不成功不收费",  # a fee on a condition: the sellers' promise
    "专业处理逾期记录，全程不收任何费用，办成后再付尾款",
    "不交钱就不能放款",  # a threat
])
def test_a_fee_on_a_condition_or_a_threat_is_still_a_scam(text):
    assert MATCHER.match(text).scam


@pytest.mark.parametrize("text", ["我认识人能把逾期删掉，一条收800", "他说认识征信中心的，能把逾期记录删了，要交2000"])
def test_an_acquaintance_who_can_erase_a_record_is_still_paid_repair(text):
    m = MATCHER.match(text)
    assert m.scam and m.id == "credit_repair"


@pytest.mark.parametrize("text, topic", [
    ("被假客服骗了能追回吗", "scam_victim"),
    ("被中介骗了三千块，还能要回来吗", "scam_victim"),
    ("被网上贷款骗了，怎么办啊", "scam_victim"),  # the loan's name between 被 and 骗了
])
def test_someone_already_cheated_hears_what_to_do_now(text, topic):
    m = MATCHER.match(text)
    assert m.scam and m.id == topic


@pytest.mark.parametrize("text", ["微信备用金的额度怎么提高", "微信备用金逾期了怎么办"])
def test_wechat_s_other_loans_are_other_products(text):
    assert MATCHER.match(text).id == "other_products"


def test_a_question_about_wechat_s_other_loan_and_weilidai_is_about_weilidai():
    assert MATCHER.match("微信备用金逾期会影响微粒贷额度吗").id != "other_products"


@pytest.mark.parametrize("text", [
    "房贷逾期一个月严重吗",
    "建设银行的分期怎么提前还款",
    "信用卡还款日过了几天算逾期",
    "惠民贷提前结清有违约金吗",
    "固定额度调整审核一般要多久",  # a credit card's own words, whatever it names
])
def test_a_question_opening_with_another_product_about_its_own_rules_is_another_product_s(text):
    assert MATCHER.match(text).id == "other_products"


@pytest.mark.parametrize("text, topic", [
    # the card or the bank as a factor in the Weilidai limit, or a question any loan shares
    ("信用卡太多会影响额度吗", "multiple_cards"),
    ("我的信用卡逾期了会影响微粒贷吗", None),
    ("工商银行APP能查征信吗", "get_credit_report"),
    ("逾期会影响以后办房贷吗", "overdue_effect"),
])
def test_a_card_or_a_bank_as_a_factor_is_still_a_weilidai_question(text, topic):
    m = MATCHER.match(text)
    assert m.id != "other_products" and (topic is None or m.id == topic), m.id


@pytest.mark.parametrize("text", [
    # a guide's or a bank's statement about a scheme asks nothing: not "a question about a scheme"
    # (2026-12-07; such statements were a quarter of a fresh writer's flagged look-alikes)
    "网上说的强开微粒贷，其实并没有这回事，额度只看系统评估。",
    "所谓征信修复，就是把逾期记录删掉，这在制度上做不到。",
])
def test_a_statement_about_a_scheme_is_no_question_about_it(text):
    m = MATCHER.match(text)
    offered = {m.id} | {t for t, _ in m.alternatives}  # as the answer, or (a claim refuted, read as a
    # warning someone pasted) as a button
    assert not m.scam and offered & {"scam_forced_open", "credit_repair"}


@pytest.mark.parametrize("text", ["微粒贷强开", "微粒贷能强开吗", "朋友推荐了个强开微粒贷的人，说先交押金"])
def test_a_question_a_search_or_a_story_about_a_scheme_still_gets_the_warning(text):
    assert MATCHER.match(text).scam


@pytest.mark.parametrize("text", [
    # a warning's words and the demand in one clause, run together with no mark between them
    "那些让你转账的电话纯属骗局为了资金安全请把钱转到我们提供的监管账户里",
    "正规机构不会让你先交钱但我们这边可以先帮你开通微粒贷只收888元服务费",
    # ...or a price named after them (safety.yaml `warnings.demands`)
    "放心我们不会让你交冤枉钱只要先转1500押金后天就放款",
    "别家都是骗局我们放款以后才收8%的手续费",
])
def test_a_warning_s_words_in_the_clause_of_a_demand_are_borrowed(text):
    m = MATCHER.match(text)
    assert m.scam and not m.warning


@pytest.mark.parametrize("text", [
    "本行提醒：办理贷款不收取任何形式的费用，凡是以放款为由要求先交钱的都是骗局。",
    "依照《征信业管理条例》不良信息到了保存期限就由征信机构删除。",  # (in a clause of its own: see README)
    "逾期属于民事纠纷，银行可以起诉，但不会因此把你抓起来。",
    "酒店押金预授权一般在退房后几天内撤销解冻。",
    "凡是放款前让你交1800块押金的一律是骗局",  # the price refused, named before the verdict
    # (nineteenth session) advice to negotiate (没有偿还能力: no 有偿 in it), a dispute with the bureau
    "确实没有偿还能力的，可以和放贷机构协商延期或分期。",
    "当事人可以向征信机构申诉，核实错了的不良记录会被更正消除。",
    # a borrower who owes, asking for a payment plan (not "a payment" asked for, nor a limit raised)
    "The landlord raised my rent and I fell behind. Who do I talk to about a payment plan for my loan?",
    "can i negotiate to pay weilidai only the principal",
])
def test_a_bank_s_statement_a_law_or_a_card_pre_authorisation_is_not_a_scam(text):
    assert not MATCHER.match(text).scam


@pytest.mark.parametrize("text, kind", [
    ("你涉嫌一起洗钱案件，明天上午不到庭将被依法拘留", "accused_by_message"),
    ("平台客服说我的提款账号填写有误，所以这笔贷款申请失败，要我重新验证", "wrong_card_withdrawal"),
    ("凭身份证秒批五万，不看征信当天到账", "forced_open"),
    # (nineteenth session; written for this test) a laundering charge with no title claimed, a repair
    # offer with "erase", an expired student verification with a threat to one's credit
    ("他说有人用我的名义洗黑钱，要我配合说清楚所有信息", "laundering_accused"),
    ("Our team will erase your bad credit history within 30 days, money back guaranteed.", "credit_repair_offer"),
    ("对方说我上学时开的白条认证已经过期了，不处理的话否则会影响征信", "cancel_or_credit"),
])
def test_an_accusation_a_wrong_account_or_an_id_only_loan_ad_is_flagged(text, kind):
    m = MATCHER.match(text)
    assert m.scam and kind in m.scam_kinds


@pytest.mark.parametrize("text", ["征信上的逾期记录多少年才会消失", "for how many years is an overdue kept on the credit report"])
def test_how_long_a_bad_record_stays_is_answered_not_flagged(text):
    m = MATCHER.match(text)  # both answers give the 5 years after settlement, and the 2025 exception
    assert not m.scam and m.id in ("overdue_recovery", "overdue_effect")


def test_a_text_the_model_flags_may_be_answered_by_a_topic_of_model_answers():
    """safety.yaml `model.answers`: a borrower asking whether a lawyer's letter is real reads what
    collectors may and may not do, then the warning, never a forced-opening answer. (A model that
    flags every text in the field stands in for the trained one, whose flags move with retraining.)"""
    import dataclasses
    k = default()
    flags_all = dataclasses.replace(k.shield.model, threshold=0.0)
    text = "欠款逾期，律师函短信真的假的"
    with_answers = FaqMatcher(dataclasses.replace(k, shield=dataclasses.replace(k.shield, model=flags_all)))
    without = FaqMatcher(dataclasses.replace(k, shield=dataclasses.replace(k.shield, model=flags_all, model_answers=())))
    m = with_answers.match(text)
    assert m.scam and m.scam_kinds == ("model",) and m.id == "debt_collection"
    other = without.match(text)
    assert other.scam and other.id != "debt_collection"


@pytest.mark.parametrize("text, kind", [
    ("我们这边做大数据下架，三个工作日后你的逾期就查不到了", "paid_credit_repair"),
    ("委托我们处理后可停止一切催收，还能跟银行谈60期", "debt_agents"),
])
def test_the_jargon_of_repair_and_debt_agents_is_flagged(text, kind):
    m = MATCHER.match(text)
    assert m.scam and kind in m.scam_kinds


@pytest.mark.parametrize("text", [
    # a demand before the verdict, in a clause that names no category (red-team round 2: 28 of 40
    # such messages passed as reminders before these rules)
    "你的借款已冻结 今天下午前存入解冻金四千二 系统自动恢复 网上其他客服都是骗子",
    "额度可直接开到十万，首付押金六百，当天到账，凡是要你交大额费用的都是骗子",
    # a demand after a refusal, or as a list item after it
    "凡是私下加你微信的都是骗子，无需跑网点，把两千五存入认证账户即可解冻",
    "其他渠道纯属骗局，不用担心、先转九百八手续费、款项马上到",
    # a refusal turned round: 但需 / 不过需要
    "本平台从不收取任何形式的费用，不过需要验资，把三万存进自己卡里截图发给专员",
])
def test_a_demand_anywhere_in_a_warning_s_sentence_borrows_it(text):
    m = MATCHER.match(text)
    assert m.scam and not m.warning


@pytest.mark.parametrize("text", [
    "凡是以解冻为由要你先交3000元的，都是诈骗，请立即挂断。",
    "骗子常以“贷款冻结需交解冻金2000元”为由行骗，不要相信。",
    "本行不会以任何理由要求您将资金转入所谓安全账户，请勿转账。",
])
def test_a_warning_that_names_the_price_or_the_account_it_refuses_is_still_a_warning(text):
    assert not MATCHER.match(text).scam


@pytest.mark.parametrize("text", [
    # a scheme's own jargon before a verdict put last, in a clause that names no category
    "内部名额今天还剩三个，逾期记录一次清干净，这种说法纯属骗局请勿相信",
    # a casual price, a download asked for, money moved to an account, a limit borrowed out
    "预审已通过，按流程扫码交个押金激活额度，到账后原路退回，不收取任何形式的中介费",
    "会员今晚自动扣费，取消请下载会议软件开启屏幕共享，不会让你先转账",
    "和解需将欠款一半先行存至法院监管账户，是民事纠纷不必惊慌",
])
def test_jargon_or_a_demand_before_a_borrowed_verdict_is_read(text):
    m = MATCHER.match(text)
    assert m.scam and not m.warning


def test_a_quoted_list_of_a_scheme_s_words_is_the_warning_s():
    """、 joins the items of the list a warning refuses: its jargon names the scheme."""
    assert not MATCHER.match("监管部门提醒：中介宣称“包装流水、内部渠道、强开额度”的，一律是骗局，请认准持牌机构。").scam


@pytest.mark.parametrize("text", [
    # (twenty-first session) a claim dismissed, advice to beware, what no lender does before paying
    # out, a notice's headline; a pretext's clause going on into the demand it refuses
    "所谓“内部提额”的说法纯属无稽之谈，真正的银行员工不会以系统升级为由，要求客户往指定账户打钱。",
    "陌生号码打来说能帮你提额，还提到开视频会议，你就要当心了。",
    "记住：正规网贷平台都不会主动让借款人在下款前转一分钱。",
    "个人征信根本不存在花钱洗白这回事，报告上的信息都是金融机构如实报送的。",
    "警惕冒充微粒贷客服的注销诈骗",
    "官方只会在App里提示认证，不会发送带链接的短信让你去认证账户。",
    "正规银行不会用私人账号联系客户，接到推销电话，请立即拨打官方热线核实，切勿回拨来电号码。",
])
def test_more_of_an_authority_s_ways_of_warning_are_not_flagged(text):
    m = MATCHER.match(text)
    assert not m.scam, m.scam_kinds


@pytest.mark.parametrize("text", [
    "房东不肯退押金的话，先协商，协商不了可以拿着押金条去法院起诉",
    "网上被骗的钱还能要回来吗",
])
def test_a_rent_deposit_or_a_victim_s_question_is_answered_without_a_warning(text):
    assert not MATCHER.match(text).scam


@pytest.mark.parametrize("text", [
    # a report's "told him/her" (其), the student account "upgraded" to an adult one, a mass message's demand
    "骗子冒充网店客服，以退款名义联系赵某，告知其买的鞋子有质量问题，需按客服指引操作。",
    "你的学生账户信息过期了，需要更新信息转为成人账户",
    "所有用户都必须注销京东金条，到期会影响个人征信！",
])
def test_a_reported_call_or_a_mass_message_to_cancel_is_flagged(text):
    m = MATCHER.match(text)
    assert m.scam and not m.warning


def test_customer_service_in_one_sentence_and_a_cancelled_card_in_another_is_no_impostor():
    """A combination's terms meet in one sentence (verdict._in_one_sentence, twenty-first
    session): the bank's reminder call and a card cancelled later are two things told."""
    m = MATCHER.match("昨天接到银行客服的电话，是提醒我信用卡快到期了。新卡寄到以后我自己在App里激活，顺便把旧卡注销了。")
    assert not m.scam, m.scam_kinds


@pytest.mark.parametrize("text", [
    "提现失败！！！请联系客服处理，否则账户将永久冻结！",   # exclamation marks end no sentence for it
    "对方说他是京东金融的客服，我的白条没注销，不注销就影响征信，让我开屏幕共享。",
])
def test_an_impostor_s_demand_in_one_breath_is_still_flagged(text):
    m = MATCHER.match(text)
    assert m.scam and m.id == "scam_fake_service", (m.scam_kinds, m.id)


@pytest.mark.parametrize("text", [
    # quoted speech ends no sentence for a combination: the story goes on after the closing quote
    "“我要关闭服务，该怎么做？”赵先生半信半疑，但“客服”让其打开购物App，指导其查看“我的订单”。",
    "“这个服务怎么关闭？”小陈刚问完，“客服”就让其打开购物App查看页面。",
])
def test_a_fake_service_call_told_around_quoted_speech_is_flagged(text):
    m = MATCHER.match(text)
    assert m.scam and m.id == "scam_fake_service", (m.scam_kinds, m.id)


@pytest.mark.parametrize("text", [
    "我也是被骗过的，后来找了个人，钱都追回来了，可以推荐给你",
    "有人说能帮我追回被骗的钱，要我先付三千块，这人可信吗",
])
def test_the_second_scam_s_offer_to_get_money_back_is_named(text):
    """recovery_offer (twenty-first session, after real text): a "fellow victim" who got it back,
    or an offer to recover a loss, is the second scam (it was flagged as credit repair or a
    forced opening, or not at all)."""
    m = MATCHER.match(text)
    assert m.scam and m.scam_kinds[0] == "recovery_offer", m.scam_kinds


@pytest.mark.parametrize("text", [
    # (twenty-first session) 清零 is read as 关闭, a synonym: clear_credit took every question about
    # closing another product through its customer service for the "clear it to zero" caller
    "花呗关闭要联系客服吗，还是自己在设置里关",
])
def test_closing_another_product_through_its_service_is_no_clear_to_zero_call(text):
    assert not MATCHER.match(text).scam


def test_a_caller_who_wants_credit_cleared_to_zero_is_still_flagged():
    m = MATCHER.match("客服让我先把花呗额度清零，才能给我放款")
    assert m.scam and m.id == "scam_fake_service"


@pytest.mark.parametrize("text, kind", [
    # (twenty-first session, after real text) a "card centre" caller who will raise the limit; a
    # "blacklist" threatened in a collection message (no bank keeps one)
    ("对方自称银行信用卡中心的客服，说我用卡记录良好，今天就能为您提升额度到五万", "forced_open_offer"),
    ("尊敬的客户，您的网贷已严重逾期，我司即刻对您上报黑名单，请速回电处理", "police_for_debt"),
])
def test_a_limit_raise_offered_or_a_blacklist_threatened_is_named(text, kind):
    assert kind in MATCHER.match(text).scam_kinds


def test_a_user_who_asks_about_a_blacklist_is_no_threat():
    assert not MATCHER.match("网贷逾期会被列入黑名单吗").scam


def test_a_number_impersonated_is_no_top_up_demanded():
    """冒充95566 is impersonation, not 充 (top up) and an amount: a bank's statement on a fake SMS
    was read as a scheme's demand (twenty-first session, after real text)."""
    assert not MATCHER.match("张先生收到的那条95566短信并不是我行发的，应该是骗子用伪基站冒充95566群发的。").scam
