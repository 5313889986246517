"""The topic model the FAQ's ranking is blended with (knowledge/topic_model.json, trained by
tools/train_topic_model.py): kept up to date, never a reason for the bot to stop, and what it
adds measured (tests/text/test_real_text.py holds the figures on real questions)."""
from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

from bot.cli import main
from bot.kb import default, read, validate
from bot.paths import KNOWLEDGE_DIR
from bot.text.evaluation import evaluate, load_cases
from bot.text.faq import FaqMatcher
from bot.text.topic_training import digest, topic_model_warnings, training_set

K = default()
TUNE = load_cases(Path(__file__).resolve().parents[1] / "data" / "faq_eval_tune.yaml")


def copy_of_knowledge(tmp_path):
    for path in KNOWLEDGE_DIR.iterdir():
        if path.is_file():
            shutil.copy(path, tmp_path)
    return tmp_path


def test_the_shipped_model_was_trained_on_the_phrasings_as_they_are():
    assert K.faq.model is not None and K.faq.model_weight > 0
    assert topic_model_warnings(K) == [], "run python -m tools.train_topic_model"
    assert set(K.faq.model.classes) == {t.id for t in K.faq.topics} | {"__out_of_scope__"}


def test_an_faq_edit_makes_the_model_stale_a_warning_and_the_new_phrasing_counts_at_once(tmp_path, capsys):
    directory = copy_of_knowledge(tmp_path)
    phrasings = directory / "faq_phrasings.yaml"
    new = "my kitty of borrowed cash got trimmed overnight"
    phrasings.write_text(phrasings.read_text(encoding="utf-8").replace(
        "  why_reduced:\n    en:\n", f"  why_reduced:\n    en:\n      - \"{new}\"\n", 1), encoding="utf-8")
    edited = read(directory).knowledge
    assert edited is not None and digest(training_set(edited)) != edited.faq.model.trained_on
    assert main(["check", "--knowledge", str(directory)]) == 0
    out = capsys.readouterr().out
    assert "warning: knowledge/topic_model.json" in out and "tools.train_topic_model" in out
    assert FaqMatcher(edited).match(new).id == "why_reduced"  # its examples rank it, without a retrain


def test_a_topic_the_model_never_learnt_is_ranked_by_its_examples_alone():
    """A model trained before a topic existed (here: one that forgot `privacy`) leaves it to its
    examples: the topic is still answered, not pushed down by the model's silence."""
    model = K.faq.model
    i = model.classes.index("privacy")
    forgot = dataclasses.replace(model, classes=model.classes[:i] + ("retired_topic",) + model.classes[i + 1:])
    k = dataclasses.replace(K, faq=dataclasses.replace(K.faq, model=forgot))
    for question in ("你们会保存我的聊天记录吗", "who can see my data"):
        assert FaqMatcher(K).match(question).id == "privacy"
        assert FaqMatcher(k).match(question).id == "privacy"


def test_a_missing_or_broken_model_is_a_problem_named_with_its_tool(tmp_path):
    directory = copy_of_knowledge(tmp_path)
    model = directory / "topic_model.json"
    model.unlink()
    knowledge, problems = validate(directory)
    assert knowledge is None and any("topic_model.json" in p and "tools.train_topic_model" in p for p in problems)
    model.write_text(json.dumps({"trained_on": "x", "classes": ["a"], "bias": [0.0],
                                 "weights": {"w:x": [[3, 1.0]]}}), encoding="utf-8")  # class 3 of 1
    knowledge, problems = validate(directory)
    assert knowledge is None and any("topic_model.json" in p and "class index" in p for p in problems)


def test_the_blend_answers_more_written_questions_than_the_nearest_example_alone():
    """On the tune set (written questions, studied), the model's share gets more questions the
    right topic than the examples alone, and refuses as many out-of-scope ones. (The figures for
    every share, and on real questions: python -m bench.topics.)"""
    alone = evaluate(FaqMatcher(dataclasses.replace(K, faq=dataclasses.replace(K.faq, model_weight=0.0))), TUNE)
    blended = evaluate(FaqMatcher(K), TUNE)
    right = {name: sum(r["by_topic"][t][0] for t in r["by_topic"]) for name, r in (("alone", alone), ("blended", blended))}
    assert right["blended"] >= right["alone"] + 5, right
    assert blended["refused"] >= alone["refused"], (blended["refused"], alone["refused"])


def test_a_model_file_broken_after_the_check_leaves_the_examples_to_answer(tmp_path):
    """The weights are read when the FAQ index is built: if the file was damaged since the
    knowledge was checked, questions are still answered, by the examples alone."""
    directory = copy_of_knowledge(tmp_path)
    knowledge = read(directory).knowledge
    (directory / "topic_model.json").write_text("{not json", encoding="utf-8")
    matcher = FaqMatcher(knowledge)
    assert matcher.ranker.model_weight == 0.0
    assert matcher.match("微粒贷额度为什么突然降了").id == "why_reduced"
