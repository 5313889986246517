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
from ..kb.schema import LEVELS, UNSURE, DiagnosisRules, Fade, Knowledge, Reason


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
    confidence: str        # the best grade of the answers behind it (see `grades` in reasons.yaml)


@dataclass(frozen=True)
class PlanItem:
    id: str
    reasons: tuple[str, ...]
    confidence: str
    urgent: bool = False   # in the urgent box, shown before any reason


@dataclass(frozen=True)
class Diagnosis:
    mode: str              # "diagnosis", or "checkup" when nothing was cut
    reasons: tuple[ReasonResult, ...]
    plan: tuple[PlanItem, ...]

    @property
    def urgent(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.plan if p.urgent)

    def to_json(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "urgent": list(self.urgent),
            "reasons": [
                {"id": r.id, "level": r.level, "score": r.score, "evidence": list(r.evidence),
                 "confidence": r.confidence}
                for r in self.reasons
            ],
            "plan": [{"id": p.id, "reasons": list(p.reasons), "confidence": p.confidence} for p in self.plan],
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


GRADE_RANK = {"confirmed": 0, "reported": 1, "folk": 2}


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


def _grade(reason: Reason, evidence: tuple[str, ...]) -> str:
    """A reason is as well supported as its best evidence: a cause found only through a folk
    answer (a late 免押 payment) is folk, whatever the reason's own grade."""
    grades = [reason.grades.get(q, reason.confidence) for q in evidence] or [reason.confidence]
    return min(grades, key=GRADE_RANK.__getitem__)


def diagnose(answers: Mapping[str, object], k: Knowledge) -> Diagnosis:
    """Rank the likely reasons for these answers and build the ordered plan.

    The user-side reasons score as the noisy-OR of their answers' weights. The bank-side reason
    (`residual`) scores from the answers that show a clean record, times what the supported (not
    folk) user-side reasons together leave unexplained: the product of (1 - their scores). A folk reason never ranks above a
    supported one: its score is held just below the lowest supported score listed. In a check-up
    (nothing was cut) the bank-side reason is not listed."""
    answers = interview.relevant(k, answers)
    rules = k.diagnosis
    checkup = interview.holds_any(rules.checkup_when, answers)
    found = []  # (reason, raw score, evidence, grade, order)
    for order, reason in enumerate(rules.reasons):
        if not reason.residual:
            score, evidence = _support(reason.weights, answers)
            for fade in fades_holding(reason, answers) if evidence else ():
                score *= fade.factor
                evidence += tuple(q for q, values in fade.when if answers.get(q) in values and q not in evidence)
            if evidence and score >= rules.min_reason_score:  # too little support to name it
                found.append((reason, score, evidence, _grade(reason, evidence), order))
    unexplained = math.prod(1.0 - score for _, score, _, grade, _ in found if grade != "folk")
    if not checkup:
        for order, reason in enumerate(rules.reasons):
            if reason.residual:
                clean, evidence = _support(reason.weights, answers)
                found.append((reason, clean * unexplained, evidence, reason.confidence, order))
    supported = sorted((f for f in found if f[3] != "folk"), key=lambda f: (-round(f[1], 4), f[4]))
    folk = sorted((f for f in found if f[3] == "folk"), key=lambda f: (-round(f[1], 4), f[4]))
    floor = round(supported[-1][1], 4) if supported else None
    ranked = [(r, round(score, 4), evidence, grade) for r, score, evidence, grade, _ in supported]
    for r, score, evidence, grade, _ in folk:
        held = round(score, 4) if floor is None else max(0.0, min(round(score, 4), round(floor - 0.0001, 4)))
        ranked.append((r, held, evidence, grade))
    reasons = tuple(ReasonResult(r.id, _level(score, grade, rules), score, evidence, grade)
                    for r, score, evidence, grade in ranked)
    # the plan weighs each reason by its own support (a folk reason held below the supported ones
    # in the list still brings its steps, in the folk block)
    raw = {r.id: round(score, 4) for r, score, _, _, _ in found}
    return Diagnosis("checkup" if checkup else "diagnosis", reasons, _plan(rules, answers, raw))


def fades_holding(reason: Reason, answers: Mapping[str, object]) -> tuple[Fade, ...]:
    """The reason's fades that these answers make hold (one of `when`, none of `unless`)."""
    return tuple(fade for fade in reason.fades
                 if interview.holds_any(fade.when, answers) and not interview.holds_any(fade.unless, answers))


def _plan(rules: DiagnosisRules, answers: Mapping[str, object], scores: Mapping[str, float]) -> tuple[PlanItem, ...]:
    """The steps for these answers, in the order to do them: the urgent box (in `urgent` order),
    the steps that lead (in the order of steps.yaml), the supported steps by how much their reasons matter here, the steps
    that are context (wait for the review), and last the folk steps."""
    chosen = []
    for order, step in enumerate(rules.steps):
        if interview.holds_any(step.unless_answers, answers):
            continue
        if step.when_answers:
            include = interview.holds_any(step.when_answers, answers)
        elif step.always:
            include = True
        else:
            include = any(scores.get(r, 0.0) >= rules.min_reason_score for r in step.reasons)
        if not include:
            continue
        urgent = (interview.holds_any(step.urgent_when, answers)
                  and not interview.holds_any(step.urgent_unless, answers))
        relevance = max((scores.get(r, 0.0) * rules.secondary_reason_factor ** i
                         for i, r in enumerate(step.reasons)), default=0.0)
        relevance *= rules.confidence_factor[step.confidence]
        if urgent:
            key = (0, rules.urgent_order.index(step.id), 0.0, order)
        elif interview.holds_any(step.lead_when, answers):
            key = (1, 0, 0.0, order)  # the leads in the order of steps.yaml
        else:
            group = 4 if step.confidence == "folk" else 3 if step.context else 2
            key = (group, 0, -round(relevance, 6), order)
        answered = tuple(r for r in step.reasons if r in scores)
        chosen.append((key, PlanItem(step.id, answered, step.confidence, urgent)))
    chosen.sort(key=lambda item: item[0])
    return tuple(item for _, item in chosen)
