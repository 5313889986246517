"""The validator's other direction: what is defined but never used or never reachable is a
warning (`quota-doctor check` lists it and passes)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.kb import read, review

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def kb(tmp_path):
    directory = tmp_path / "knowledge"
    shutil.copytree(REPO / "knowledge", directory)

    class Copy:
        def edit(self, name, change):
            data = yaml.safe_load((directory / name).read_text(encoding="utf-8"))
            change(data)
            (directory / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

        def warnings(self):
            report = read(directory)
            assert report.problems == [], report.problems
            return review(report.knowledge, report.missing)
    return Copy()


def entry(items, ident):
    return next(x for x in items if x["id"] == ident)


def test_the_shipped_knowledge_base_has_nothing_unused():
    report = read()
    assert review(report.knowledge, report.missing) == []


def test_a_question_no_reason_weighs_is_reported(kb):
    def add(d):
        q = dict(entry(d["questions"], "real_name"), id="favourite_colour")
        d["questions"].append(q)
    kb.edit("questions.yaml", add)
    assert any("questions[favourite_colour]" in w and "no reason weighs it" in w for w in kb.warnings())


def test_a_tracked_question_needs_no_reason(kb):
    kb.edit("questions.yaml", lambda d: entry(d["questions"], "limit_now").pop("tracked"))
    assert [w for w in kb.warnings() if "limit_now" in w]
    kb.edit("questions.yaml", lambda d: entry(d["questions"], "limit_now").__setitem__("tracked", True))
    assert not [w for w in kb.warnings() if "limit_now" in w]


def test_a_reason_no_step_answers_is_reported(kb):
    def unlink(d):
        for step in d["steps"]:
            step["reasons"] = [r for r in step["reasons"] if r != "unstable_profile"] or ["risk_policy"]
    kb.edit("steps.yaml", unlink)
    assert "knowledge/reasons.yaml: reasons[unstable_profile]: no plan step answers it (steps.yaml `reasons`)" \
        in kb.warnings()


def test_a_step_that_can_never_be_in_a_plan_is_reported(kb):
    kb.edit("reasons.yaml", lambda d: entry(d["reasons"], "risky_contacts").__setitem__("weights", {}))
    warnings = kb.warnings()
    assert any("reasons[risky_contacts].weights" in w and "never be found" in w for w in warnings)
    assert any(w.startswith("knowledge/steps.yaml: steps[clean_contacts]: can never be in a plan")
               for w in warnings)


def test_the_same_phrasing_under_two_topics_is_reported(kb):
    def twice(d):
        d["phrasings"]["review_timing"]["en"].append("Why was my limit cut?")
        d["phrasings"]["why_reduced"]["en"].append("why was my limit cut")
    kb.edit("faq_phrasings.yaml", twice)
    assert any("review_timing and why_reduced" in w and "the same phrasing under 2 topics" in w
               for w in kb.warnings())


def test_a_synonym_variant_of_two_words_is_reported(kb):
    def twice(d):
        d["synonyms"][1]["variants"].append(d["synonyms"][0]["variants"][0])
    kb.edit("faq.yaml", twice)
    assert any("synonyms:" in w and "is a variant of 2 words" in w for w in kb.warnings())
