"""Free text in the conversation: FAQ answers, 'did you mean', scams, and personal numbers."""
from __future__ import annotations

import pytest

from tests.helpers import Chat
from tests.helpers import open_question, start


def test_a_question_before_consent_is_answered_and_nothing_about_the_user_is_kept(chat, store):
    chat.say("Can customer service raise my limit by hand?")
    topic = chat.advisor.k.faq.topic_by_id["manual_increase"]
    assert "Related question: " + topic.question.get("en") in chat.text  # asked in the user's own words
    assert store.db["users"].count == 0
    rows = list(store.db.query("select text, topic from faq_log"))
    assert rows == [{"text": None, "topic": "manual_increase"}]


def test_a_chinese_question_with_traditional_characters(advisor):
    chat = Chat(advisor, user_id=9, lang="zh")
    chat.say("微粒貸額度為什麼被降了")
    assert advisor.k.faq.topic_by_id["why_reduced"].question.get("zh") in chat.text
    assert "开始诊断" in " ".join(b.label for b in chat.buttons())  # a diagnosis would help


def test_out_of_scope_is_not_guessed(chat):
    chat.say("what's the weather in Shanghai tomorrow")
    assert "I can only help with the WeChat micro-loan" in chat.text
    assert any("Start diagnosis" in b.label for b in chat.buttons())


def test_a_vague_question_gets_did_you_mean_buttons(chat, knowledge):
    chat.say("limit")
    assert "Did you mean" in chat.text
    buttons = chat.buttons()
    assert 1 <= len(buttons) <= 3 and all(b.data.startswith("q:") for b in buttons)
    chat.press_data(buttons[0].data)
    topic = knowledge.faq.topic_by_id[buttons[0].data[2:]]
    assert topic.answer.get("en").split("\n")[0][:40] in chat.text
    # the user chose the question: it heads the answer as theirs, not as the related one
    assert chat.text.startswith(topic.question.get("en")) and knowledge.ui["faq_related"].get("en") not in chat.text


def test_a_pasted_report_that_asks_nothing_is_said_to_be_one_and_gets_topics_not_an_answer(advisor, knowledge):
    """A news report or a rule someone pasted states and asks nothing (faq.yaml `statements`): the
    user hears that it reads as one, with the topics it touches; it is never answered as if asked.
    The same words asked, or told as the user's own case, get the answer."""
    chat = Chat(advisor, user_id=31, lang="zh")
    chat.command("start")
    chat.command("cancel")
    collection = knowledge.faq.topic_by_id["debt_collection"]
    chat.say("据报道，新出台的行业规定要求催收机构每天打给同一号码不超过六次，晚上十点以后不得催收")
    assert "像是转来的新闻" in chat.text and collection.answer.get("zh")[:30] not in chat.text
    assert "debt_collection" in {b.data[2:] for b in chat.buttons()}
    for asked in ("催收机构每天打给同一号码不超过六次吗，晚上十点以后还能催收吗",
                  "我逾期了，催收每天打给同一号码十几次，晚上十点以后还在打",
                  # a user's own case with no 我, in words a report uses too (个人, 借款人)
                  "个人征信有一笔网贷逾期，催收天天打同一个号码，晚上十点以后还在打",
                  "借款人逾期了，催收天天打同一个号码，晚上十点以后还在打"):
        chat.say(asked)
        assert collection.answer.get("zh")[:30] in chat.text, asked


def test_half_an_emoji_in_a_question_is_dropped_and_the_question_answered(advisor, store):
    """A lone surrogate (half an emoji, which Telegram's JSON can carry) can be neither encoded nor
    stored: it is replaced, and the question is answered and logged as usual."""
    chat = Chat(advisor, user_id=32, lang="zh")
    chat.command("start")
    chat.command("cancel")
    chat.say("微粒贷额度\ud83d为什么被关闭了")
    assert advisor.k.topic("why_closed").question.get("zh") in chat.text
    assert [r["topic"] for r in store.db.query("select topic from faq_log")][-1] == "why_closed"


def test_a_scam_offer_gets_a_warning_with_what_to_do(chat, store):
    start(chat)
    chat.say("有人说交500元保证金就能帮我强开微粒贷")
    assert "This looks like a scam" in chat.text
    assert "110" in chat.text and "96110" in chat.text
    assert open_question(chat) == "quota_status"  # the interview question comes back
    assert store.answers(store.open_interview("test:42")["id"]) == {}
    logged = list(store.db.query("select text, topic from faq_log"))
    assert logged[-1]["topic"] == "scam_forced_open"


def test_a_question_about_a_scheme_gets_its_answer_and_the_warning(chat, knowledge):
    chat.say("do debt negotiation agencies really stop the interest on my weilidai, or is it a scam?")
    answer = knowledge.faq.topic_by_id["debt_agents"].answer.get("en")
    assert answer.split("\n")[0][:40] in chat.text  # what the topic says about the scheme
    assert "Careful: this is a known scam" in chat.text  # no pattern named it: the general warning
    assert "96110" in chat.text


def test_a_question_during_the_interview_is_answered_then_the_question_repeated(chat):
    start(chat)
    chat.press("It was cut")
    chat.say("does checking my limit show on my credit report?")
    assert chat.advisor.k.faq.topic_by_id["credit_report_check"].question.get("en") in chat.text
    assert "Back to where we were" in chat.text
    assert open_question(chat) == "limit_before"


def test_personal_numbers_are_not_kept_and_the_user_is_told(chat, store):
    start(chat)
    answer = chat.say("my phone is 13812345678 and card 4111 1111 1111 1111, why was my limit cut")
    del answer
    assert "did not keep it" in chat.text and "a phone number" in chat.text and "a bank card number" in chat.text
    texts = [r["text"] for r in store.db.query("select text from faq_log")]
    assert texts and all("13812345678" not in (t or "") and "4111" not in (t or "") for t in texts)
    chat.press("It was cut")
    chat.say("13812345678")  # a phone number typed as an amount is not taken as one
    assert "did not keep it" in chat.text
    assert "limit_before" not in store.answers(store.open_interview("test:42")["id"])


@pytest.mark.parametrize("typed, kind, secret", [
    ("客服让我加微信号：wxid_k8s7d6 办理，是真的吗", "微信号", "wxid_k8s7d6"),
    ("他说QQ 38291745 联系他解冻", "QQ号", "38291745"),
    ("收到验证码 482913 要告诉客服吗", "验证码", "482913"),
])
def test_wechat_ids_qq_numbers_and_codes_are_not_kept_either(advisor, store, typed, kind, secret):
    from tests.helpers import Chat
    zh = Chat(advisor, user_id=44, lang="zh")
    zh.say(typed)
    assert kind in zh.text and secret not in zh.text
    texts = [r["text"] or "" for r in store.db.query("select text from faq_log")]
    assert all(secret not in t for t in texts)


def test_faq_review_lists_unanswered_questions(chat, store):
    start(chat)
    chat.command("cancel")
    for _ in range(2):
        chat.say("how do I cook noodles")
    chat.say("tell me about stocks")
    rows = store.unmatched_questions()
    assert rows[0]["text"] == "how do I cook noodles" and rows[0]["times"] == 2


@pytest.mark.parametrize("text", ["what's the weather in Shanghai tomorrow", "how do i cook rice",
                                  "tell me a joke about cats"])
def test_out_of_scope_gets_no_guessed_topics(knowledge, text):
    from bot.text.faq import FaqMatcher
    match = FaqMatcher(knowledge).match(text)
    assert match.id is None and match.alternatives == () and not match.scam


@pytest.mark.parametrize("text, lang", [("我的花呗额度怎么提升", "zh"), ("my Huabei was closed, what can I do", "en")])
def test_another_lenders_product_is_declined_without_guessing_its_rules(advisor, text, lang):
    chat = Chat(advisor, lang=lang)
    chat.command("start")
    chat.command("cancel")
    chat.say(text)
    assert ("只讲微粒贷" if lang == "zh" else "covers Weilidai only") in chat.text
    assert ("收钱说能帮你提额" if lang == "zh" else "charges to raise a limit") in chat.text


def test_a_forwarded_message_is_judged_as_someone_else_s_never_answered_as_a_question(chat):
    chat.command("start")
    chat.command("cancel")
    warned = chat.forward("【微粒贷】您的额度已冻结，请缴纳解冻费800元至以下账户，逾期将影响征信")
    assert "The message you received looks like a scam" in warned[0].text
    checked = chat.forward("How do I repay my Weilidai early?")  # someone else's words, not a question to answer
    assert len(checked) == 1 and "I read the message you forwarded" in checked[0].text
    crisis = chat.forward("I want to end my life, the debt is too much")
    assert "12356" in crisis[0].text


@pytest.mark.parametrize("lang, text, said", [
    ("zh", "反诈中心提醒：凡是自称客服来电，要求注销贷款账户、清空额度的，都是诈骗！", "读起来像一则防骗提醒"),
    ("en", "Police reminder: a real bank will never ask you to pay an unfreezing fee before a loan is paid "
           "out, and customer service will never ask you to share your screen.", "reads like an anti-fraud warning"),
    # the apostrophe as phones type it (’) reads as the plain one (2026-12-07)
    ("en", "Bank reminder: WeBank won’t ask for your verification code. Hang up on anyone who does.",
     "reads like an anti-fraud warning"),
])
def test_a_pasted_police_warning_is_read_as_one_not_answered_as_the_user_s_question(advisor, lang, text, said):
    """An authority's warning, pasted or forwarded, asks nothing: the user hears the rules that
    hold whoever sent it (never that the text itself is right: a scammer can write in that voice)
    and how to get their own message checked, with buttons for the topics it touches; not a scam
    warning, a refusal or an FAQ answer as if they had asked. Inside the interview the question
    waits."""
    chat = Chat(advisor, user_id=77, lang=lang)
    chat.command("start")
    chat.command("cancel")
    replies = chat.say(text)
    assert len(replies) == 1 and said in replies[0].text
    assert not any(w in replies[0].text for w in ("looks like a scam", "known scam", "很可能是诈骗", "常见的诈骗手法"))
    buttons = chat.buttons()
    assert buttons and all(b.data.startswith("q:") for b in buttons)
    assert "scam_fake_service" in {b.data[2:] for b in buttons}
    assert not any(w in replies[0].text for w in ("pictures", "图片"))
    forwarded = chat.forward(text)  # (a forward may be a photo's caption: what was read is said)
    assert len(forwarded) == 1 and said in forwarded[0].text
    assert any(w in forwarded[0].text for w in ("can't read pictures", "图片我看不了"))
    start(chat)
    chat.say(text)
    assert said not in chat.text and open_question(chat) == "quota_status"
    assert advisor.store.unmatched_questions() == []  # a notice is no unanswered question to review


def test_an_edited_message_is_ignored_unless_it_speaks_of_a_crisis(chat):
    chat.command("start")
    chat.command("cancel")
    assert chat._send("edited", "how do I repay early?") == []  # old words: left alone
    crisis = chat._send("edited", "I don't want to live anymore")
    assert crisis and "12356" in crisis[0].text


def test_a_user_whose_client_says_english_and_who_types_chinese_is_answered_in_chinese_buttons_too(advisor, knowledge):
    """Telegram has no Simplified Chinese of its own: a Chinese user's client often says English.
    Before a language is stored, typed Chinese is answered in Chinese, and the buttons of that
    answer keep it (a crisis line too)."""
    chat = Chat(advisor, user_id=71, lang="en")
    chat.say("额度")
    assert "你是想问" in chat.text and "Did you mean" not in chat.text
    pressed = chat.buttons()[0]
    chat.press_data(pressed.data)
    topic = knowledge.faq.topic_by_id[pressed.data.split(":")[1].split("@")[0]]
    assert chat.text.startswith(topic.question.get("zh"))
    chat.say("不想活了，欠的钱还不上")
    assert "12356" in chat.text and "热线" in chat.text
    chat.say("what is the official weilidai phone number")  # English typed: English
    assert "95384" in chat.text and chat.text.startswith("Related question: How do I reach")


def test_a_stored_language_is_kept_whatever_the_user_types(advisor):
    chat = Chat(advisor, user_id=72, lang="en")
    start(chat)  # consent stores the language
    chat.say("微粒贷真正的客服电话是哪个号码")
    assert "95384" in chat.text and "Related question: How do I reach" in chat.text


def test_traditional_chinese_users_stay_in_traditional_chinese_when_they_type_chinese(advisor):
    chat = Chat(advisor, user_id=73, lang="zh-hant")
    chat.say("微粒贷真正的客服电话是哪个号码")
    assert "95384" in chat.text and "電話" in chat.text


def test_consent_from_a_chinese_answer_stores_chinese_and_the_interview_s_buttons_carry_no_tag(advisor, store):
    chat = Chat(advisor, user_id=74, lang="en")
    chat.say("我的微粒贷额度为啥突然降了")
    chat.press("开始诊断")
    chat.press("同意")
    assert store.user("test:74")["language"] == "zh"
    assert open_question(chat) is not None and "@" not in "".join(b.data for b in chat.buttons())
    assert "为什么问这个" in chat.text or any("为什么" in b.label for b in chat.buttons())
