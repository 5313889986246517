"""The scam model: the scam shield's second opinion for a message no pattern of safety.yaml
catches (knowledge/scam_model.json, trained by tools/train_scam_model.py)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.text.faq import FaqMatcher
from bot.kb import default
from bot.kb.shield_files import read_examples
from bot.paths import KNOWLEDGE_DIR
from bot.kb import MODEL_KIND
from bot.text.redact import redact
from bot.shield.training import digest, training_set
from tests.helpers import Chat

K = default()
EXAMPLES, _ = read_examples(KNOWLEDGE_DIR)
MATCHER = FaqMatcher(K)
# Scam reports that no pattern of safety.yaml knows: only the model catches them. None of them is
# a training example.
MODEL_ONLY = [
    "同事介绍了个人 说他有路子让微粒贷回来 要我先转五百过去",
    "a guy from my hometown says he can get my weilidai switched back on, i just owe him 600 for his trouble",
]


def test_an_faq_edit_never_forces_a_retrain_the_stale_model_is_a_warning(tmp_path, capsys):
    """A new phrasing changes what the model would learn: `check` says so as a warning and passes,
    and the bot still answers with the model it has."""
    import shutil

    from bot.cli import main
    from bot.kb import read
    from bot.paths import KNOWLEDGE_DIR
    for path in KNOWLEDGE_DIR.iterdir():
        if path.is_file():
            shutil.copy(path, tmp_path)
    phrasings = tmp_path / "faq_phrasings.yaml"
    phrasings.write_text(phrasings.read_text(encoding="utf-8").replace(
        "  why_reduced:\n    en:\n", "  why_reduced:\n    en:\n      - \"my limit shrank overnight, why is that\"\n", 1),
        encoding="utf-8")
    edited = read(tmp_path).knowledge
    assert edited is not None and digest(training_set(edited, EXAMPLES)) != edited.shield.model.trained_on
    assert main(["check", "--knowledge", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "warning: knowledge/scam_model.json" in out and "tools.train_scam_model" in out
    assert FaqMatcher(edited).match("有人说交500保证金就能帮我强开微粒贷").scam


def test_phrasings_for_the_matcher_only_move_neither_the_scam_nor_the_crisis_model(tmp_path, capsys):
    """A phrasings file that says `matcher_only: true` teaches the topic matcher: its phrasing is
    among the topic's examples, yet the scam and crisis models' training sets are the same as
    without the file, so neither goes stale; without the line, both would. A phrasing it repeats
    from faq.yaml is still learnt by all three, and its words are not the speller's (they would
    change how a misspelt word of a training text reads)."""
    import shutil

    from bot.cli import main
    from bot.kb import read
    from bot.text.crisis_training import examples as crisis_rows, training_set as crisis_set
    from bot.text.spelling import speller_for
    for path in KNOWLEDGE_DIR.iterdir():
        if path.is_file():
            shutil.copy(path, tmp_path)
    phrasing = "征信被查了二十多次，银行还肯放房贷吗"
    repeated = K.faq.topic_by_id["credit_report_check"].examples["zh"][0]  # one of faq.yaml's own
    extra = tmp_path / "faq_phrasings_zz_test.yaml"
    english = "an insomniac borrower asks whether inquiries linger"
    body = (f"phrasings:\n  credit_report_check:\n    zh:\n      - \"{phrasing}\"\n      - \"{repeated}\"\n"
            f"    en:\n      - \"{english}\"\n")

    def sets(text: str):
        extra.write_text(text, encoding="utf-8")
        k = read(tmp_path).knowledge
        assert k is not None and phrasing in k.faq.topic_by_id["credit_report_check"].examples["zh"]
        return k, digest(training_set(k, EXAMPLES)), crisis_set(k, crisis_rows(k, tmp_path))

    k, scam_digest, crisis = sets("matcher_only: true\n" + body)
    assert phrasing in k.faq.matcher_only and repeated not in k.faq.matcher_only
    assert "insomniac" not in speller_for(k).vocabulary
    assert scam_digest == k.shield.model.trained_on
    assert main(["check", "--knowledge", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "scam_model.json" not in out and "crisis_model.json" not in out, out
    k2, scam_digest2, crisis2 = sets(body)
    assert "insomniac" in speller_for(k2).vocabulary
    assert phrasing not in k2.faq.matcher_only and scam_digest2 != scam_digest and crisis2 != crisis


# w62 and w63 (2026-12-06) wrote official warnings that retell a scheme ("接到自称公检法的电话，要求
# 转账到安全账户的……"): the patterns read a retold demand as a report, so about a quarter of their
# look-alikes are flagged even after learning. Measured apart, so the bar of the others still holds.
WARNING_WRITERS = {"w62", "w63"}
# w65-w68 (2026-12-06, seventh session) wrote the scammer's own words, mostly under 40 characters
# ("您的借款已审核通过，请添加客服微信办理"), beside genuine notices and replies of the same shape: a
# line and its genuine twin often differ by one demand, so the model learns them less well (89 %
# of their scams, 9 % of their look-alikes flagged on the day). Measured apart too.
VOICE_WRITERS = {"w65", "w66", "w67", "w68"}


def _flagged(texts: list[str]) -> float:
    return sum(MATCHER.match(redact(t).text).scam for t in texts) / len(texts)


def test_the_shield_learned_its_examples():
    """Nearly every labelled scam is flagged, nearly no labelled innocent message is."""
    apart = WARNING_WRITERS | VOICE_WRITERS
    scams = [e.text for e in EXAMPLES if e.scam and e.writer not in VOICE_WRITERS]
    innocent = [e.text for e in EXAMPLES if not e.scam and e.writer not in apart]
    warnings = [e.text for e in EXAMPLES if not e.scam and e.writer in WARNING_WRITERS]
    voice = [e.text for e in EXAMPLES if e.scam and e.writer in VOICE_WRITERS]
    voice_twins = [e.text for e in EXAMPLES if not e.scam and e.writer in VOICE_WRITERS]
    assert len(scams) >= 1000 and len(innocent) >= 800 and len(warnings) >= 250
    assert len(voice) >= 1000 and len(voice_twins) >= 700
    assert _flagged(scams) >= 0.975, _flagged(scams)  # 98.0 % on 2026-12-06 (seventh session)
    assert _flagged(innocent) <= 0.05  # look-alikes the FAQ answers with a scam topic, or the patterns take for reports
    assert _flagged(warnings) <= 0.25  # 19 % on 2026-12-06 (seventh session)
    assert _flagged(voice) >= 0.85 and _flagged(voice_twins) <= 0.12


@pytest.mark.parametrize("text", MODEL_ONLY)
def test_a_scam_no_pattern_knows_is_flagged_by_the_model(text):
    match = MATCHER.match(text)
    assert match.scam and match.scam_kinds == (MODEL_KIND,)
    assert match.id == "scam_forced_open"  # the best-ranked scam topic answers it


def test_the_user_gets_the_warning_for_a_scam_only_the_model_caught(advisor):
    chat = Chat(advisor, user_id=7, lang="zh")
    chat.say(MODEL_ONLY[0])
    assert "小心：这是常见的诈骗手法" in chat.text
    assert K.faq.topic_by_id["scam_forced_open"].answer.get('zh').split("\n")[0][:30] in chat.text  # what the scheme is
    assert "96110" in chat.text and "110" in chat.text


OUT_OF_FIELD = "车载ETC设备认证失效，点开下面的网址重新激活，不然上高速无法通行"  # no loan, limit or credit named


def test_a_scam_outside_the_advisors_field_gets_the_warning_and_no_weilidai_answer(advisor):
    """A fake ETC notice is read by the model (`model.field`: 点击, 网址, 激活) and flagged; no topic
    is near it, so the warning comes alone, not the forced-opening answer of a scheme it is not."""
    match = MATCHER.match(OUT_OF_FIELD)
    assert match.scam and match.scam_kinds == (MODEL_KIND,) and match.id is None
    chat = Chat(advisor, user_id=8, lang="zh")
    chat.say(OUT_OF_FIELD)
    assert "很像常见的诈骗套路" in chat.text and "110" in chat.text and "12368" in chat.text
    assert "ETC" in chat.text and "强开" not in chat.text  # the frauds outside loans, not Weilidai's schemes
    for topic in ("scam_forced_open", "scam_fake_service", "real_name"):
        assert K.faq.topic_by_id[topic].answer.get("zh").split("\n")[0][:20] not in chat.text


def test_faq_json_says_scam_for_a_scam_only_the_model_caught():
    out = subprocess.run([sys.executable, "-m", "bot", "faq", MODEL_ONLY[1], "--json"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["scam"] is True and data["id"] == "scam_forced_open"


@pytest.mark.parametrize("text", [
    "my landlord wants a 3000 deposit before I move in, is that normal",
    "装修公司要先付30%定金 正常吗",
    "微粒贷提前还款要手续费吗",
    "how do I reach the real webank customer service",
])
def test_innocent_messages_with_money_words_are_not_flagged(text):
    assert not MATCHER.match(text).scam


@pytest.mark.parametrize("text", [
    # words of the shield's terms that the FAQ's spelling correction would turn into other words
    "he can forge a bank statement for 800 so weilidai opens",
    "someone selling a way to get off the blacklist, 999 yuan",
])
def test_spelling_correction_keeps_the_shield_s_own_words(text):
    assert MATCHER.match(text).scam


def test_probability_is_the_logistic_of_bias_plus_weights():
    import dataclasses
    import math
    model = dataclasses.replace(K.shield.model, bias=-1.0, weights={"w:fee": 3.0, "b:强开": 0.5})
    assert model.probability({"w:fee", "b:强开", "w:unknown"}) == pytest.approx(1 / (1 + math.exp(-2.5)))
    assert model.probability(set()) == pytest.approx(1 / (1 + math.exp(1.0)))


def test_the_bot_s_packed_weights_give_every_text_the_probability_the_model_file_gives():
    """The bot holds each model's weights packed (feature digests and weights in two arrays, not a
    dict of the features' texts: about 10 MB less): every probability is the file's own."""
    import dataclasses
    from bot.kb.linear_model import PackedWeights
    from bot.shield.pipeline import prepare
    from bot.shield.scam import scam_features
    from bot.text.crisis import features, prepare as crisis_prepare
    for model, path in ((K.shield.model, "scam_model.json"), (K.crisis.model, "crisis_model.json")):
        saved = json.loads((KNOWLEDGE_DIR / path).read_text(encoding="utf-8"))
        plain = dataclasses.replace(model, weights=saved["weights"])
        assert isinstance(model.weights, PackedWeights) and len(model.weights) == len(saved["weights"])
        for e in EXAMPLES[::40]:
            found = (scam_features(prepare(e.text, K).asked, K) if path == "scam_model.json"
                     else features(crisis_prepare(e.text, K.crisis)))
            assert model.probability(found) == plain.probability(found), e.text
    assert K.shield.model.weights.weights_of(["w:no such feature", "b:无此"]) == []
    assert PackedWeights({}).weights_of(["w:fee"]) == [] and PackedWeights({"w:fee": 2.0}).weights_of([]) == []


def _check_with_safety_edited(tmp_path, old: str, new: str) -> int:
    """`quota-doctor check` on a copy of the knowledge base with one edit of safety.yaml."""
    import shutil

    from bot.cli import main
    from bot.paths import KNOWLEDGE_DIR
    for path in KNOWLEDGE_DIR.iterdir():
        if path.is_file():
            shutil.copy(path, tmp_path)
    safety = tmp_path / "safety.yaml"
    text = safety.read_text(encoding="utf-8")
    assert old in text
    safety.write_text(text.replace(old, new, 1), encoding="utf-8")
    return main(["check", "--knowledge", str(tmp_path)])


def test_check_reports_a_term_that_can_never_match(tmp_path, capsys):
    # an amount followed by years is never read as an amount of money: this term cannot match
    assert _check_with_safety_edited(tmp_path, "  - 收钱码", "  - 收钱码\n  - \"交#年\"") == 1
    assert "innocent: the term '交#年' can never match" in capsys.readouterr().out


def test_check_reports_a_group_read_wholly_as_other_words(tmp_path, capsys):
    """清零 is read as 关闭, a synonym: a group of nothing but such words names closing, and a
    question about closing 花呗 through customer service was flagged (twenty-first session)."""
    assert _check_with_safety_edited(tmp_path, "      - [关闭, 清零, clear to zero, cleared to zero]",
                                     "      - [清零, clear to zero, cleared to zero]") == 1
    assert "scam_patterns[clear_credit].all_of[0]: every term is read as another word ('关闭'" in capsys.readouterr().out


@pytest.mark.parametrize("text", [
    "我被骗了500，骗子不见了",                        # 骗子 is read as 诈骗, 不见了 as 关闭: the terms are too
    "someone said they can wipe my overdue record for 800 yuan",  # wipe → delete
])
def test_terms_written_as_users_write_match_as_texts_are_read(text):
    assert MATCHER.match(text).scam
