"""Interview answers → ranked reasons → ordered recovery plan (pure).

The weights, thresholds and plan rules are data in knowledge/reasons.yaml and steps.yaml;
this module only combines them. See knowledge/README.md for the method.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

from . import interview
from .amounts import BadAmount, parse_amount
from ..kb.schema import LEVELS, UNSURE, DiagnosisRules, Knowledge


class BadAnswer(ValueError):
    """An answer names an unknown question or a value the question does not allow."""

    def __init__(self, question: str, allowed: str, given: object = None):
        self.question, self.allowed, self.given = question, allowed, given
        super().__init__(f"{question}: {given!r} is not allowed (allowed: {allowed})")


@dataclass(frozen=True)
class ReasonResult:
    id: str
    level: str
    score: float
    evidence: tuple[str, ...]
    confidence: str


@dataclass(frozen=True)
class PlanItem:
    id: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Diagnosis:
    reasons: tuple[ReasonResult, ...]
    plan: tuple[PlanItem, ...]

    def to_json(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "reasons": [
                {"id": r.id, "level": r.level, "score": r.score, "evidence": list(r.evidence),
                 "confidence": r.confidence}
                for r in self.reasons
            ],
            "plan": [{"id": p.id, "reasons": list(p.reasons)} for p in self.plan],
        }


def check_answers(raw: object, k: Knowledge) -> dict[str, object]:
    """Validate a mapping of question id → answer; return it cleaned (amounts as whole yuan).

    Raise BadAnswer naming the question and the allowed values. A null answer means skipped.
    """
    if not isinstance(raw, Mapping):
        raise BadAnswer("(input)", "a JSON object of question id to answer", type(raw).__name__)
    clean: dict[str, object] = {}
    for qid, value in raw.items():
        q = k.interview.question_by_id.get(qid) if isinstance(qid, str) else None
        if q is None:
            raise BadAnswer(str(qid), "question ids: " + ", ".join(x.id for x in k.interview.questions), "unknown question")
        if value is None:
            clean[qid] = None
        elif q.kind == "amount":
            clean[qid] = _amount(qid, value)
        elif isinstance(value, str) and value in q.values:
            clean[qid] = value
        else:
            raise BadAnswer(qid, ", ".join(q.values), value)
    return clean


def _amount(qid: str, value: object) -> int:
    allowed = "a number of yuan, 0 or more"
    if isinstance(value, bool):
        raise BadAnswer(qid, allowed, value)
    if isinstance(value, (int, float)):
        if not math.isfinite(value) or value < 0:
            raise BadAnswer(qid, allowed, value)
        return int(round(value))
    if isinstance(value, str):
        try:
            return parse_amount(value)
        except BadAmount:
            raise BadAnswer(qid, allowed, value) from None
    raise BadAnswer(qid, allowed, value)


def _level(score: float, confidence: str, rules: DiagnosisRules) -> str:
    if score >= rules.level_thresholds["high"]:
        level = "high"
    elif score >= rules.level_thresholds["medium"]:
        level = "medium"
    else:
        level = "low"
    cap = rules.level_cap.get(confidence)
    if cap and LEVELS.index(level) < LEVELS.index(cap):
        level = cap
    return level


def _support(weights: Mapping[str, Mapping[str, float]], answers: Mapping[str, object]) -> tuple[float, tuple[str, ...]]:
    """Noisy-OR of the weights of the given answers, and the questions that contributed."""
    remaining = 1.0
    evidence = []
    for qid, by_value in weights.items():
        value = answers.get(qid)
        if value is None or value == UNSURE:
            continue
        w = by_value.get(value) if isinstance(value, str) else None
        if w:
            remaining *= 1.0 - w
            evidence.append(qid)
    return 1.0 - remaining, tuple(evidence)


def diagnose(answers: Mapping[str, object], k: Knowledge) -> Diagnosis:
    """Rank the likely reasons for these answers and build the ordered plan."""
    answers = interview.relevant(k, answers)
    rules = k.diagnosis
    scored = []  # (reason, score, evidence, order)
    strongest = 0.0
    for order, reason in enumerate(rules.reasons):
        if reason.residual:
            continue
        score, evidence = _support(reason.weights, answers)
        if evidence:
            scored.append((reason, score, evidence, order))
            strongest = max(strongest, score)
    for order, reason in enumerate(rules.reasons):
        if reason.residual:
            clean, evidence = _support(reason.weights, answers)
            scored.append((reason, clean * (1.0 - strongest), evidence, order))
    scored.sort(key=lambda item: (-round(item[1], 4), item[3]))
    reasons = tuple(
        ReasonResult(r.id, _level(score, r.confidence, rules), round(score, 4), evidence, r.confidence)
        for r, score, evidence, _ in scored
    )
    return Diagnosis(reasons, _plan(rules, answers, {r.id: r.score for r in reasons}))


def _plan(rules: DiagnosisRules, answers: Mapping[str, object], scores: Mapping[str, float]) -> tuple[PlanItem, ...]:
    chosen = []
    for order, step in enumerate(rules.steps):
        if step.when_answers:
            include = any(answers.get(qid) in values for qid, values in step.when_answers)
        elif step.always:
            include = True
        else:
            include = any(scores.get(r, 0.0) >= rules.min_reason_score for r in step.reasons)
        if not include:
            continue
        relevance = max((scores.get(r, 0.0) * rules.secondary_reason_factor ** i
                         for i, r in enumerate(step.reasons)), default=0.0)
        relevance *= rules.confidence_factor[step.confidence]
        answered = tuple(r for r in step.reasons if r in scores)
        chosen.append((step.tier, -relevance, order, PlanItem(step.id, answered)))
    chosen.sort(key=lambda item: item[:3])
    return tuple(item[3] for item in chosen)
