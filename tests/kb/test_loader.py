"""Knowledge validation: every defect is reported with its file and its key.

`bot.knowledge.validate(directory)` returns (knowledge or None, problems), each problem a string
"knowledge/<file>: <key>: <what>"; `quota-doctor check` prints them and exits 1.
Each test breaks a copy of knowledge/ in tmp_path, never the real files.
"""
from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot import kb as K
from bot.kb import contract
from bot.kb.shield_files import read_examples
from bot.render.pages import check_templates

REPO = Path(__file__).resolve().parents[2]
KNOWLEDGE = REPO / "knowledge"
TEMPLATES = REPO / "templates"
PROBLEM = re.compile(r"^knowledge/[a-z_]+\.(?:yaml|json): \S.*: \S.*$")


class KnowledgeCopy:
    """A copy of knowledge/ that a test may break."""

    def __init__(self, directory: Path):
        self.dir = directory

    def path(self, name: str) -> Path:
        return self.dir / name

    def load(self, name: str):
        return yaml.safe_load(self.path(name).read_text(encoding="utf-8"))

    def dump(self, name: str, data) -> None:
        self.path(name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                   encoding="utf-8")

    def edit(self, name: str, change) -> None:
        """Load a file, let `change(data)` modify it in place, write it back."""
        data = self.load(name)
        change(data)
        self.dump(name, data)

    def validate(self):
        return K.validate(self.dir)


@pytest.fixture
def kb(tmp_path) -> KnowledgeCopy:
    directory = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, directory)
    return KnowledgeCopy(directory)


def entry(items: list, ident: str) -> dict:
    found = [x for x in items if x.get("id") == ident]
    assert len(found) == 1, ident
    return found[0]


def problems_of(kb: KnowledgeCopy) -> list[str]:
    knowledge, problems = kb.validate()
    assert knowledge is None, "a broken knowledge base must not load"
    assert problems, "a broken knowledge base must report problems"
    for p in problems:
        assert PROBLEM.match(p), f"not 'knowledge/<file>: <key>: <what>': {p!r}"
    return problems


def find(problems: list[str], file: str, key: str, *words: str) -> str:
    """The problem about this file and key (with these words in its description)."""
    prefix = f"knowledge/{file}: {key}: "
    matching = [p for p in problems if p.startswith(prefix)
                and all(w.lower() in p[len(prefix):].lower() for w in words)]
    assert matching, f"no problem {prefix!r} mentioning {words} among:\n" + "\n".join(problems)
    return matching[0]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=REPO,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


# --------------------------------------------------------------------------- the real base

def test_real_knowledge_base_has_no_problems():
    knowledge, problems = K.validate(KNOWLEDGE)
    assert problems == []
    assert knowledge is not None
    assert {q.id for q in knowledge.interview.questions} >= set(contract.CONTRACT_QUESTIONS)
    assert {r.id for r in knowledge.diagnosis.reasons} >= set(contract.CONTRACT_REASONS)
    assert {s.id for s in knowledge.diagnosis.steps} >= set(contract.CONTRACT_STEPS)
    assert {t.id for t in knowledge.faq.topics} >= set(contract.CONTRACT_FAQ)


def test_real_templates_have_no_problems():
    assert check_templates(K.default(), TEMPLATES) == ([], [])


def test_every_question_has_english_and_chinese_text():
    for q in K.default().interview.questions:
        for text in (q.text, q.label, q.why):
            assert text.get('en').strip() and text.get('zh').strip(), q.id
        for c in q.choices:
            assert c.text.get("en").strip() and c.text.get("zh").strip(), (q.id, c.id)


def test_unsure_is_last_on_every_choice_question():
    choice_questions = [q for q in K.default().interview.questions if q.kind == "choice"]
    assert choice_questions
    for q in choice_questions:
        assert q.values[-1] == K.UNSURE, q.id
        assert q.values.count(K.UNSURE) == 1, q.id


def test_contract_values_are_offered():
    k = K.default()
    for qid, values in contract.CONTRACT_QUESTIONS.items():
        q = k.interview.question_by_id[qid]
        if values is None:
            assert q.kind == "amount", qid
        else:
            assert set(values) <= set(q.values), qid


def test_an_untouched_copy_validates(kb):
    """The fixture's round trip through yaml.safe_dump loses nothing the validator needs."""
    for name in ("questions.yaml", "reasons.yaml", "steps.yaml", "faq.yaml", "ui.yaml"):
        kb.edit(name, lambda data: None)
    knowledge, problems = kb.validate()
    assert problems == []
    assert knowledge is not None


# --------------------------------------------------------------------------- whole files

def test_malformed_yaml_names_file_and_line(kb):
    path = kb.path("reasons.yaml")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("level_cap:"))
    lines[index] = "level_cap: {folk: medium}: oops\n"
    path.write_text("".join(lines), encoding="utf-8")
    problem = find(problems_of(kb), "reasons.yaml", "(file)", "not valid YAML")
    assert f"line {index + 1}" in problem


def test_file_that_is_not_a_mapping(kb):
    kb.path("steps.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    find(problems_of(kb), "steps.yaml", "(file)", "mapping")


def test_missing_file(kb):
    kb.path("faq.yaml").unlink()
    problems = problems_of(kb)
    find(problems, "faq.yaml", "(file)", "missing file")


# --------------------------------------------------------------------------- questions.yaml

def test_missing_translation(kb):
    kb.edit("questions.yaml", lambda d: entry(d["questions"], "quota_status")["text"].pop("zh"))
    problems = problems_of(kb)
    find(problems, "questions.yaml", "questions[quota_status].text.zh", "missing translation")
    assert not any("questions[quota_status].text.en" in p for p in problems)


def test_empty_translation(kb):
    def change(d):
        entry(entry(d["questions"], "employment")["choices"], "stable")["text"]["en"] = "  "
    kb.edit("questions.yaml", change)
    find(problems_of(kb), "questions.yaml", "questions[employment].choices[stable].text.en",
         "missing translation")


def test_ask_when_referring_to_a_later_question(kb):
    kb.edit("questions.yaml", lambda d: entry(d["questions"], "quota_status").__setitem__(
        "ask_when", {"overdue_microloan": ["past"]}))
    find(problems_of(kb), "questions.yaml", "questions[quota_status].ask_when.overdue_microloan")


def test_ask_when_referring_to_a_later_question_says_so(kb):
    kb.edit("questions.yaml", lambda d: entry(d["questions"], "quota_status").__setitem__(
        "ask_when", {"overdue_microloan": ["past"]}))
    find(problems_of(kb), "questions.yaml", "questions[quota_status].ask_when.overdue_microloan",
         "earlier question")


def test_ask_when_with_an_unknown_value(kb):
    kb.edit("questions.yaml", lambda d: entry(d["questions"], "limit_now").__setitem__(
        "ask_when", {"quota_status": ["lowered"]}))
    problem = find(problems_of(kb), "questions.yaml", "questions[limit_now].ask_when.quota_status",
                   "lowered")
    assert "reduced" in problem


@pytest.mark.parametrize("where", ["first", "missing"])
def test_choice_question_without_unsure_last(kb, where):
    def change(d):
        q = entry(d["questions"], "employment")
        unsure = entry(q["choices"], "unsure")
        q["choices"].remove(unsure)
        if where == "first":
            q["choices"].insert(0, unsure)
    kb.edit("questions.yaml", change)
    find(problems_of(kb), "questions.yaml", "questions[employment].choices", "unsure")


def test_missing_contract_question(kb):
    kb.edit("questions.yaml", lambda d: d["questions"].remove(entry(d["questions"], "binding_changes")))
    find(problems_of(kb), "questions.yaml", "questions[binding_changes]", "contract")


def test_missing_contract_value(kb):
    def change(d):
        q = entry(d["questions"], "debt_ratio")
        q["choices"].remove(entry(q["choices"], "gt_70"))
    kb.edit("questions.yaml", change)
    find(problems_of(kb), "questions.yaml", "questions[debt_ratio].choices[gt_70]", "contract")


def test_duplicate_question_id(kb):
    def change(d):
        q = entry(d["questions"], "real_name")
        d["questions"].append(copy.deepcopy(q))
    kb.edit("questions.yaml", change)
    find(problems_of(kb), "questions.yaml", "questions[real_name]", "duplicate")


def test_invalid_kind(kb):
    kb.edit("questions.yaml", lambda d: entry(d["questions"], "real_name").__setitem__("kind", "yesno"))
    find(problems_of(kb), "questions.yaml", "questions[real_name].kind", "yesno")


def test_unknown_section(kb):
    kb.edit("questions.yaml", lambda d: entry(d["questions"], "real_name").__setitem__("section", "nowhere"))
    find(problems_of(kb), "questions.yaml", "questions[real_name].section", "nowhere")


# --------------------------------------------------------------------------- reasons.yaml

def test_weight_on_unknown_question(kb):
    kb.edit("reasons.yaml", lambda d: entry(d["reasons"], "overdue")["weights"].__setitem__(
        "no_such_question", {"yes": 0.5}))
    find(problems_of(kb), "reasons.yaml", "reasons[overdue].weights.no_such_question",
         "unknown question")


def test_weight_on_unknown_value(kb):
    kb.edit("reasons.yaml", lambda d: entry(d["reasons"], "overdue")["weights"]["overdue_microloan"].__setitem__(
        "sometimes", 0.5))
    problem = find(problems_of(kb), "reasons.yaml", "reasons[overdue].weights.overdue_microloan.sometimes",
                   "unknown value")
    assert "never, past, current" in problem


def test_weight_for_unsure(kb):
    kb.edit("reasons.yaml", lambda d: entry(d["reasons"], "overdue")["weights"]["overdue_microloan"].__setitem__(
        "unsure", 0.2))
    find(problems_of(kb), "reasons.yaml", "reasons[overdue].weights.overdue_microloan.unsure", "unsure")


@pytest.mark.parametrize("weight", [0, 1.5, -0.2, "high", None, True])
def test_weight_out_of_range(kb, weight):
    kb.edit("reasons.yaml", lambda d: entry(d["reasons"], "overdue")["weights"]["overdue_microloan"].__setitem__(
        "current", weight))
    problem = find(problems_of(kb), "reasons.yaml", "reasons[overdue].weights.overdue_microloan.current",
                   "invalid number")
    assert repr(weight) in problem


def test_weight_of_exactly_one_is_allowed(kb):
    kb.edit("reasons.yaml", lambda d: entry(d["reasons"], "overdue")["weights"]["overdue_microloan"].__setitem__(
        "current", 1))
    knowledge, problems = kb.validate()
    assert problems == []
    assert knowledge.diagnosis.reason_by_id["overdue"].weights["overdue_microloan"]["current"] == 1.0


def test_invalid_reason_confidence(kb):
    kb.edit("reasons.yaml", lambda d: entry(d["reasons"], "low_activity").__setitem__("confidence", "certain"))
    problem = find(problems_of(kb), "reasons.yaml", "reasons[low_activity].confidence", "certain")
    assert "confirmed, reported, folk" in problem


def test_missing_contract_reason(kb):
    kb.edit("reasons.yaml", lambda d: d["reasons"].remove(entry(d["reasons"], "low_activity")))
    problems = problems_of(kb)
    find(problems, "reasons.yaml", "reasons[low_activity]", "contract")


def test_duplicate_reason_id(kb):
    kb.edit("reasons.yaml", lambda d: d["reasons"].append(copy.deepcopy(entry(d["reasons"], "overdue"))))
    find(problems_of(kb), "reasons.yaml", "reasons[overdue]", "duplicate")


def test_two_residual_reasons(kb):
    kb.edit("reasons.yaml", lambda d: entry(d["reasons"], "low_activity").__setitem__("residual", True))
    find(problems_of(kb), "reasons.yaml", "reasons", "residual")


def test_no_residual_reason(kb):
    kb.edit("reasons.yaml", lambda d: entry(d["reasons"], "risk_policy").pop("residual"))
    find(problems_of(kb), "reasons.yaml", "reasons", "residual")


@pytest.mark.parametrize("medium, high", [(0.6, 0.6), (0.7, 0.6)])
def test_levels_medium_not_below_high(kb, medium, high):
    kb.edit("reasons.yaml", lambda d: d.__setitem__("levels", {"high": high, "medium": medium}))
    find(problems_of(kb), "reasons.yaml", "levels", "medium")


def test_level_out_of_range(kb):
    kb.edit("reasons.yaml", lambda d: d.__setitem__("levels", {"high": 1.2, "medium": 0.3}))
    find(problems_of(kb), "reasons.yaml", "levels.high", "invalid number")


def test_invalid_level_cap(kb):
    kb.edit("reasons.yaml", lambda d: d.__setitem__("level_cap", {"folk": "huge"}))
    find(problems_of(kb), "reasons.yaml", "level_cap.folk", "huge")


# --------------------------------------------------------------------------- steps.yaml

def test_unknown_reason_in_step(kb):
    kb.edit("steps.yaml", lambda d: entry(d["steps"], "clean_contacts")["reasons"].append("bad_luck"))
    find(problems_of(kb), "steps.yaml", "steps[clean_contacts].reasons", "bad_luck")


def test_step_without_reasons(kb):
    kb.edit("steps.yaml", lambda d: entry(d["steps"], "clean_contacts").__setitem__("reasons", []))
    find(problems_of(kb), "steps.yaml", "steps[clean_contacts].reasons", "at least one")


def test_unknown_question_in_when_answers(kb):
    kb.edit("steps.yaml", lambda d: entry(d["steps"], "repay_overdue")["when_answers"].__setitem__(
        "overdue_forever", ["current"]))
    find(problems_of(kb), "steps.yaml", "steps[repay_overdue].when_answers.overdue_forever",
         "unknown question")


def test_unknown_value_in_when_answers(kb):
    kb.edit("steps.yaml", lambda d: entry(d["steps"], "repay_overdue")["when_answers"].__setitem__(
        "overdue_microloan", ["current", "maybe"]))
    find(problems_of(kb), "steps.yaml", "steps[repay_overdue].when_answers.overdue_microloan", "maybe")


@pytest.mark.parametrize("name", ["tier", "when_answer", "urgent"])
def test_a_key_the_schema_does_not_have_is_reported(kb, name):
    kb.edit("steps.yaml", lambda d: entry(d["steps"], "avoid_scams").__setitem__(name, 1))
    find(problems_of(kb), "steps.yaml", f"steps[avoid_scams].{name}", "unknown key")


def test_an_urgent_step_needs_its_place_in_the_box(kb):
    kb.edit("steps.yaml", lambda d: d["urgent"].remove("collection_rights"))
    find(problems_of(kb), "steps.yaml", "steps[collection_rights].urgent_when", "urgent")
    kb.edit("steps.yaml", lambda d: d["urgent"].append("call_a_friend"))
    find(problems_of(kb), "steps.yaml", "urgent", "call_a_friend")


def test_invalid_step_confidence(kb):
    kb.edit("steps.yaml", lambda d: entry(d["steps"], "avoid_scams").__setitem__("confidence", "likely"))
    find(problems_of(kb), "steps.yaml", "steps[avoid_scams].confidence", "likely")


def test_missing_contract_step(kb):
    kb.edit("steps.yaml", lambda d: d["steps"].remove(entry(d["steps"], "wait_for_review")))
    find(problems_of(kb), "steps.yaml", "steps[wait_for_review]", "contract")


def test_duplicate_step_id(kb):
    kb.edit("steps.yaml", lambda d: d["steps"].append(copy.deepcopy(entry(d["steps"], "keep_on_time"))))
    find(problems_of(kb), "steps.yaml", "steps[keep_on_time]", "duplicate")


def test_invalid_confidence_factor(kb):
    kb.edit("steps.yaml", lambda d: d["confidence_factor"].__setitem__("folk", 2))
    find(problems_of(kb), "steps.yaml", "confidence_factor.folk", "invalid number")


# --------------------------------------------------------------------------- faq.yaml, ui.yaml

def test_missing_contract_faq_topic(kb):
    kb.edit("faq.yaml", lambda d: d["topics"].remove(entry(d["topics"], "privacy")))
    find(problems_of(kb), "faq.yaml", "topics[privacy]", "contract")


def test_duplicate_faq_topic(kb):
    kb.edit("faq.yaml", lambda d: d["topics"].append(copy.deepcopy(entry(d["topics"], "about_bot"))))
    find(problems_of(kb), "faq.yaml", "topics[about_bot]", "duplicate")


def test_invalid_faq_confidence(kb):
    kb.edit("faq.yaml", lambda d: entry(d["topics"], "why_reduced").__setitem__("confidence", "sure"))
    find(problems_of(kb), "faq.yaml", "topics[why_reduced].confidence", "sure")


def test_faq_examples_missing_a_language(kb):
    kb.edit("faq.yaml", lambda d: entry(d["topics"], "why_closed")["examples"].__setitem__("zh", []))
    find(problems_of(kb), "faq.yaml", "topics[why_closed].examples.zh", "missing translation")


def test_ui_word_missing_a_translation(kb):
    kb.edit("ui.yaml", lambda d: d["btn_help"].pop("en"))
    find(problems_of(kb), "ui.yaml", "btn_help.en", "missing translation")


def test_unknown_language(kb):
    kb.edit("ui.yaml", lambda d: d["btn_help"].__setitem__("fr", "Aide"))
    find(problems_of(kb), "ui.yaml", "btn_help.fr", "unknown language")


# --------------------------------------------------------------------------- all at once

def break_several(kb: KnowledgeCopy) -> list[tuple[str, str, str]]:
    """Break every file in a different way; return the (file, key, word) each problem must show."""
    kb.edit("questions.yaml", lambda d: entry(d["questions"], "overdue_microloan")["text"].pop("zh"))
    kb.edit("reasons.yaml", lambda d: entry(d["reasons"], "overdue")["weights"]["overdue_microloan"].__setitem__(
        "current", 1.5))
    kb.edit("reasons.yaml", lambda d: entry(d["reasons"], "multi_borrowing").__setitem__("confidence", "maybe"))
    kb.edit("steps.yaml", lambda d: entry(d["steps"], "avoid_scams").__setitem__("tier", 0))  # no longer a key
    kb.edit("steps.yaml", lambda d: entry(d["steps"], "clean_contacts")["reasons"].append("bad_luck"))
    kb.edit("faq.yaml", lambda d: d["topics"].remove(entry(d["topics"], "privacy")))
    kb.edit("ui.yaml", lambda d: d["btn_help"].pop("en"))
    return [
        ("questions.yaml", "questions[overdue_microloan].text.zh", "missing translation"),
        ("reasons.yaml", "reasons[overdue].weights.overdue_microloan.current", "1.5"),
        ("reasons.yaml", "reasons[multi_borrowing].confidence", "maybe"),
        ("steps.yaml", "steps[avoid_scams].tier", "unknown key"),
        ("steps.yaml", "steps[clean_contacts].reasons", "bad_luck"),
        ("faq.yaml", "topics[privacy]", "contract"),
        ("ui.yaml", "btn_help.en", "missing translation"),
    ]


def test_several_defects_are_all_reported(kb):
    expected = break_several(kb)
    problems = problems_of(kb)
    for file, key, word in expected:
        find(problems, file, key, word)
    assert len(problems) == len(expected), "\n".join(problems)


# --------------------------------------------------------------------------- command line

def test_check_on_the_real_tree_exits_0():
    result = run_cli("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok")
    k = K.default()
    assert f"{len(k.interview.questions)} questions" in result.stdout


def test_check_on_a_broken_copy_lists_every_problem(kb):
    expected = break_several(kb)
    _, problems = kb.validate()
    result = run_cli("check", "--knowledge", str(kb.dir))
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines == problems
    for file, key, word in expected:
        find(lines, file, key, word)
    assert f"{len(problems)} problem" in result.stderr


def test_check_on_a_copy_with_bad_yaml_exits_1(kb):
    kb.path("ui.yaml").write_text("btn_help: {en: 'Help', zh: '帮助'}: oops\n", encoding="utf-8")
    result = run_cli("check", "--knowledge", str(kb.dir))
    assert result.returncode == 1
    find(result.stdout.splitlines(), "ui.yaml", "(file)", "line 1")


# --------------------------------------------------------------------------- templates

def test_check_templates_reports_missing_and_broken(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "zh" / "help.html").unlink()
    broken = templates / "en" / "welcome.html"
    broken.write_text("Hello\n{% if %}\n", encoding="utf-8")
    glued = templates / "zh" / "stale.html"
    glued.write_text("{% if x %}注意{% endif %}\n下一行\n", encoding="utf-8")
    problems, _ = check_templates(K.default(), templates)
    lost = [p for p in problems if p.startswith("templates/zh/stale.html: ")]
    assert lost and "line 1" in lost[0] and "+%}" in lost[0], problems
    missing = [p for p in problems if p.startswith("templates/zh/help.html: ")]
    assert missing and "templates/en/help.html" in missing[0], problems
    syntax = [p for p in problems if p.startswith("templates/en/welcome.html: ")]
    assert syntax and "line 2" in syntax[0], problems
    assert len(problems) == 3, problems


# --------------------------------------------------------------------------- faq_phrasings.yaml

def test_phrasings_for_an_unknown_topic_or_language(kb):
    def damage(d):
        d["phrasings"]["why_reduced_typo"] = {"en": ["why so low"]}
        d["phrasings"]["why_reduced"]["fr"] = ["pourquoi"]
        d["phrasings"]["why_closed"]["en"].append("")
    kb.edit("faq_phrasings.yaml", damage)
    problems = problems_of(kb)
    find(problems, "faq_phrasings.yaml", "phrasings.why_reduced_typo", "unknown FAQ topic")
    find(problems, "faq_phrasings.yaml", "phrasings.why_reduced.fr", "unknown language")
    assert any(p.startswith("knowledge/faq_phrasings.yaml: phrasings.why_closed.en[") and "non-empty" in p
               for p in problems), problems


def test_phrasings_reach_the_matcher():
    """A phrasing that only faq_phrasings.yaml has is among its topic's examples."""
    import yaml
    from bot.text.faq import FaqMatcher
    data = yaml.safe_load((KNOWLEDGE / "faq_phrasings.yaml").read_text(encoding="utf-8"))
    k = K.default()
    phrasing = data["phrasings"]["review_timing"]["en"][0]
    assert phrasing in k.faq.topic_by_id["review_timing"].examples["en"]
    assert FaqMatcher(k).match(phrasing).id == "review_timing"
    assert data["phrasings"]["out_of_scope"]["zh"][0] in k.faq.out_of_scope


def test_matcher_only_must_be_true_or_false(kb):
    kb.edit("faq_phrasings.yaml", lambda d: d.__setitem__("matcher_only", "yes"))
    find(problems_of(kb), "faq_phrasings.yaml", "matcher_only", "true or false")


def test_a_misspelt_key_of_a_phrasings_file_is_reported(kb):
    """`matcher-only: true` would otherwise be ignored, and the models would go stale unexplained."""
    kb.edit("faq_phrasings.yaml", lambda d: d.__setitem__("matcher-only", True))
    find(problems_of(kb), "faq_phrasings.yaml", "matcher-only", "unknown key")


@pytest.mark.parametrize("setting", ["unsaid", "context"])
@pytest.mark.parametrize("value, lang, words", [
    ({"fr": 0.8}, "fr", ("unknown language",)),
    ({"zh": 0}, "zh", ("invalid number",)),
    ({"zh": "high"}, "zh", ("invalid number",)),
])
def test_the_crisis_model_s_per_language_thresholds_are_checked(kb, setting, value, lang, words):
    kb.edit("crisis.yaml", lambda d: d["model"].__setitem__(setting, value))
    find(problems_of(kb), "crisis.yaml", f"model.{setting}.{lang}", *words)


def test_the_crisis_model_s_context_may_be_one_probability_for_every_language(kb):
    kb.edit("crisis.yaml", lambda d: d["model"].__setitem__("context", 0.9))
    knowledge, problems = K.validate(kb.dir)
    assert problems == [] and dict(knowledge.crisis.context_threshold) == {"en": 0.9, "zh": 0.9, "zh-hant": 0.9}


def test_a_broken_regular_expression_in_safety(kb):
    def damage(d):
        d["price_questions"].append("(?:要不要")
        d["lookalikes"].append({"pattern": "[微薇", "word": "微粒贷"})
    kb.edit("safety.yaml", damage)
    problems = problems_of(kb)
    find(problems, "safety.yaml", f"price_questions[{len(K.default().shield.price_questions)}]", "regular expression")
    find(problems, "safety.yaml", f"lookalikes[{len(K.default().shield.lookalikes)}].pattern", "regular expression")


def test_the_warning_voice_and_the_other_products_rule_are_checked(kb):
    kb.edit("safety.yaml", lambda d: d["warnings"]["stories"].append("[王李"))
    kb.edit("faq.yaml", lambda d: (d["other_products_first"]["own_topics"].append("no_such_topic"),
                                   d["other_products_first"].__setitem__("opening", "four")))
    problems = problems_of(kb)
    find(problems, "safety.yaml", f"warnings.stories[{len(K.default().shield.warning_stories)}]", "regular expression")
    find(problems, "faq.yaml", "other_products_first", "no_such_topic")
    find(problems, "faq.yaml", "other_products_first.opening", "whole number")


def test_the_statement_rule_is_checked(kb):
    kb.edit("faq.yaml", lambda d: (d["statements"].__setitem__("longer_than", "long"),
                                   d["statements"].__setitem__("asks", ["如何", ""]),
                                   d["statements"].__setitem__("languages", ["zh", "fr"])))
    problems = problems_of(kb)
    find(problems, "faq.yaml", "statements.longer_than", "whole number")
    find(problems, "faq.yaml", "statements.asks[1]", "non-empty")
    find(problems, "faq.yaml", "statements.languages.fr", "unknown language")


def test_scam_examples_are_checked(kb):
    def damage(d):
        d["examples"].append({"text": "有人说交钱能强开", "scam": "yes", "family": "forced_open"})
        d["examples"].append({"text": "微粒贷能强开吗", "scam": False, "family": "forced_open"})
        d["examples"].append({"text": "  ", "scam": True, "family": "other"})
    n = len(read_examples(kb.dir)[0])
    kb.edit("scam_examples.yaml", damage)
    examples, problems = read_examples(kb.dir)
    assert len(examples) == n  # none of the three is learned from
    find(problems, "scam_examples.yaml", f"examples[{n}].scam", "true or false")
    find(problems, "scam_examples.yaml", f"examples[{n + 1}].family", "innocent")
    find(problems, "scam_examples.yaml", f"examples[{n + 2}].text", "non-empty")
    result = run_cli("check", "--knowledge", str(kb.dir))
    assert result.returncode == 1
    assert result.stdout.splitlines() == problems


def test_the_scam_model_threshold_is_checked(kb):
    kb.edit("safety.yaml", lambda d: d["model"].__setitem__("threshold", 1.5))
    find(problems_of(kb), "safety.yaml", "model.threshold", "between 0 and 1")


def test_no_scam_pattern_may_take_the_model_s_kind(kb):
    kb.edit("safety.yaml", lambda d: d["scam_patterns"][0].__setitem__("id", K.MODEL_KIND))
    find(problems_of(kb), "safety.yaml", f"scam_patterns[{K.MODEL_KIND}]", "kept")


def test_no_scam_pattern_may_take_the_question_kind(kb):
    kb.edit("safety.yaml", lambda d: d["scam_patterns"][0].__setitem__("id", K.QUESTION_KIND))
    find(problems_of(kb), "safety.yaml", f"scam_patterns[{K.QUESTION_KIND}]", "kept")


def test_scam_question_topics_must_be_faq_topics(kb):
    kb.edit("safety.yaml", lambda d: d["scam_questions"]["topics"].append("no_such_topic"))
    find(problems_of(kb), "safety.yaml", "scam_questions.topics", "no_such_topic")


def test_scam_questions_section_is_required(kb):
    kb.edit("safety.yaml", lambda d: d.pop("scam_questions"))
    find(problems_of(kb), "safety.yaml", "scam_questions", "mapping")


def test_a_missing_examples_file_is_one_problem(kb):
    kb.path("scam_examples.yaml").unlink()
    assert read_examples(kb.dir)[1] == ["knowledge/scam_examples.yaml: (file): missing file"]


@pytest.mark.parametrize("content, words", [
    (None, "missing file"),
    ("{\"bias\": 0, ", "not valid JSON"),
    ("null", "expected trained_on"),
    ("{\"trained_on\": \"x\", \"bias\": 0, \"weights\": [1, 2]}", "expected trained_on"),
    ("{\"trained_on\": \"x\", \"bias\": 0, \"weights\": {}}", "at least one"),
    ("{\"trained_on\": \"x\", \"bias\": \"high\", \"weights\": {\"w:fee\": 1}}", "expected trained_on"),
    ("{\"trained_on\": \"x\", \"bias\": 0, \"weights\": {\"w:fee\": NaN}}", "finite"),
    ("{\"trained_on\": \"x\", \"bias\": true, \"weights\": {\"w:fee\": 1}}", "expected trained_on"),
    ("{\"bias\": 0, \"weights\": {\"w:fee\": 1}}", "expected trained_on"),
])
def test_a_missing_or_broken_scam_model(kb, content, words):
    path = kb.path("scam_model.json")
    if content is None:
        path.unlink()
    else:
        path.write_text(content, encoding="utf-8")
    find(problems_of(kb), "scam_model.json", "(file)", words)


def test_check_says_when_the_scam_model_must_be_retrained(kb):
    kb.edit("scam_examples.yaml", lambda d: d["examples"].append(
        {"text": "他说交两百块红包就能把我的微粒贷弄回来", "scam": True, "family": "forced_open"}))
    result = run_cli("check", "--knowledge", str(kb.dir))
    assert result.returncode == 0, result.stdout + result.stderr  # a stale model is a warning: the bot still works
    line = find([w.removeprefix("warning: ") for w in result.stdout.splitlines()], "scam_model.json", "(file)",
                "tools.train_scam_model")
    assert "pip install -e" in line


def test_a_lead_must_name_known_topics_a_grade_and_both_languages(kb):
    def change(d):
        lead = entry(d["leads"], "court")
        lead["topics"] = ["debt_collection", "no_such_topic"]
        lead["confidence"] = "likely"
        del lead["text"]["zh"]
        lead["whenever"] = ["坐牢"]
    kb.edit("faq_leads.yaml", change)
    problems = problems_of(kb)
    find(problems, "faq_leads.yaml", "leads[court].topics", "no_such_topic")
    find(problems, "faq_leads.yaml", "leads[court].confidence", "invalid confidence")
    find(problems, "faq_leads.yaml", "leads[court].text.zh", "missing")
    find(problems, "faq_leads.yaml", "leads[court].whenever", "unknown key")


def test_a_lead_that_replaces_an_unknown_lead_is_reported(kb):
    kb.edit("faq_leads.yaml", lambda d: entry(d["leads"], "never_borrowed").__setitem__("replaces", ["no_such_lead"]))
    find(problems_of(kb), "faq_leads.yaml", "leads[never_borrowed].replaces", "no_such_lead")


def test_a_lead_that_chooses_a_topic_outside_its_own_is_reported(kb):
    kb.edit("faq_leads.yaml", lambda d: entry(d["leads"], "never_borrowed").__setitem__("chooses", "raise_limit"))
    find(problems_of(kb), "faq_leads.yaml", "leads[never_borrowed].chooses", "raise_limit")


def test_a_lead_without_words_or_a_missing_leads_file_is_reported(kb):
    kb.edit("faq_leads.yaml", lambda d: entry(d["leads"], "court").__setitem__("when", []))
    find(problems_of(kb), "faq_leads.yaml", "leads[court]", "when")
    kb.path("faq_leads.yaml").unlink()
    find(problems_of(kb), "faq_leads.yaml", "(file)", "missing file")


def test_check_reports_a_lead_word_that_can_never_match(kb, capsys):
    """An amount ("#", as in safety.yaml) followed by years is never read as an amount."""
    from bot.cli import main
    kb.edit("faq_leads.yaml", lambda d: entry(d["leads"], "court")["when"].append("欠#年"))
    assert main(["check", "--knowledge", str(kb.dir)]) == 1
    assert "faq_leads.yaml: leads[court].when: the word '欠#年' can never match" in capsys.readouterr().out


def test_check_reports_a_comment_that_swallowed_a_list_s_words(kb, capsys):
    """A comment put in the middle of a flow list's line hides the words after it, silently
    (twentieth session: six of a lead's words, two scam-pattern lines and a trouble list)."""
    from bot.cli import main
    path = kb.path("faq_leads.yaml")
    text = path.read_text(encoding="utf-8")
    assert "宽限期, 推迟还款," in text
    path.write_text(text.replace("宽限期, 推迟还款,", "宽限期,   # (a note) 推迟还款,"), encoding="utf-8")
    assert main(["check", "--knowledge", str(kb.dir)]) == 1
    out = capsys.readouterr().out
    assert "knowledge/faq_leads.yaml: line" in out and "the words after '#' are not read" in out


def test_check_reports_a_lead_word_read_as_a_broader_synonym(kb, capsys):
    """丢了工作 reads as 失业 (faq.yaml synonyms): as a lead's word it named everyone out of work
    (twentieth session: the employer lead was said to a user who had lost their job)."""
    from bot.cli import main
    kb.edit("faq_leads.yaml", lambda d: entry(d["leads"], "employer")["when"].append("丢了工作"))
    assert main(["check", "--knowledge", str(kb.dir)]) == 1
    assert "leads[employer].when: the word '丢了工作' is read as '失业'" in capsys.readouterr().out


def test_trouble_names_known_topics_and_check_reports_a_word_that_can_never_match(kb, capsys):
    from bot.cli import main
    kb.edit("faq.yaml", lambda d: d["trouble"].__setitem__("keep", ["debt_collection", "no_such_topic"]))
    find(problems_of(kb), "faq.yaml", "trouble", "no_such_topic")
    kb.edit("faq.yaml", lambda d: d["trouble"].update(keep=["debt_collection"], owing=d["trouble"]["owing"] + ["欠#年"]))
    assert main(["check", "--knowledge", str(kb.dir)]) == 1
    assert "faq.yaml: trouble.owing: the word '欠#年' can never match" in capsys.readouterr().out


def test_a_scam_pattern_may_have_no_topic_and_then_no_answer_but_the_warning(kb):
    """forced_loan has none: the warning and its line are the answer. The scam model still learns
    the out-of-scope phrasings as innocent (a pattern's missing topic is no topic of theirs)."""
    from bot.kb.shield_files import read_examples
    from bot.shield.training import training_set
    from bot.text.faq import FaqMatcher
    k = K.default()
    assert k.shield.pattern_by_id["forced_loan"].topic is None
    match = FaqMatcher(k).match("我没申请贷款，卡里突然到账八千，现在天天有人要我还一万二")
    assert match.scam and match.scam_kinds[0] == "forced_loan" and match.id is None
    examples, _ = read_examples(KNOWLEDGE)
    out_of_scope = [text for topic, text in k.faq.learnt() if topic is None]
    learnt_innocent = len(training_set(k, examples)) - len(examples)
    assert out_of_scope and learnt_innocent > len(out_of_scope)
    assert learnt_innocent == sum(1 for topic, _ in k.faq.learnt() if topic is None or (
        topic not in {p.topic for p in k.shield.patterns} and topic not in k.shield.not_innocent))
