"""Personas written by a helper playing a consumer-credit counsellor who has not seen the code
(tests/data/personas.yaml): for each, the answers the person would give and what a plan a
counsellor would sign must look like: the mode, the urgent box, the first step, the steps that
must and must not be in it, their order, and the reasons that must be (or not be) shown. Where the
advisor's rule differs from the counsellor's first judgement, the persona says so in `revised`."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.kb import default
from bot.logic.diagnosis import check_answers, diagnose

PERSONAS = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "personas.yaml").read_text(encoding="utf-8"))
K = default()


@pytest.fixture(scope="module")
def knowledge():
    return K


@pytest.mark.parametrize("persona", PERSONAS, ids=[p["id"] for p in PERSONAS])
def test_the_plan_is_one_a_counsellor_would_sign(persona):
    answers = check_answers(persona["answers"], K)
    d = diagnose(answers, K).to_json()
    expect = persona["expect"]
    plan = [s["id"] for s in d["plan"]]
    assert d["mode"] == expect["mode"], (persona["id"], d["mode"])
    assert d["urgent"] == expect["urgent"], (persona["id"], d["urgent"], plan)
    assert plan[0] in [expect["first_step"], *expect.get("first_step_also", [])], (persona["id"], plan)
    assert set(expect["plan_must_include"]) <= set(plan), (persona["id"], set(expect["plan_must_include"]) - set(plan))
    assert not set(expect["plan_must_not_include"]) & set(plan), (persona["id"], set(expect["plan_must_not_include"]) & set(plan))
    for first, later in expect.get("before_step") or []:
        assert plan.index(first) < plan.index(later), (persona["id"], first, later, plan)
    shown = [r["id"] for r in d["reasons"]][:3]
    assert set(expect.get("top_reasons_include") or []) <= set(shown), (persona["id"], shown)
    listed = {r["id"] for r in d["reasons"]}
    assert not set(expect.get("reasons_must_not_include") or []) & listed, (persona["id"], listed)


@pytest.mark.parametrize("persona", PERSONAS, ids=[p["id"] for p in PERSONAS])
def test_folk_steps_are_never_first_and_come_after_every_supported_step(persona):
    d = diagnose(check_answers(persona["answers"], K), K).to_json()
    grades = [s["confidence"] for s in d["plan"]]
    assert grades[0] != "folk"
    if "folk" in grades:
        assert all(g == "folk" for g in grades[grades.index("folk"):]), grades
