"""questions.yaml, reasons.yaml and steps.yaml: the interview and the diagnosis rules."""
from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from .contract import CONTRACT_QUESTIONS, CONTRACT_REASONS, CONTRACT_STEPS
from .reader import Checker
from .schema import (CONFIDENCE_LEVELS, LEVELS, UNSURE, Choice, DiagnosisRules, Fade, Interview, Question, Reason,
                     Section, Step)


def read_interview(data: dict, c: Checker) -> Interview:
    sections = []
    for i, raw in enumerate(c.items(data.get("sections"), "sections")):
        raw = c.mapping(raw, f"sections[{i}]")
        sid = c.ident(raw, f"sections[{i}]")
        sections.append(Section(sid, c.text(raw.get("title"), f"sections[{sid}].title")))
    section_ids = {s.id for s in sections}
    c.unique([s.id for s in sections], "sections")
    questions: dict[str, Question] = {}
    raw_questions = c.items(data.get("questions"), "questions")
    all_ids = {raw.get("id") for raw in raw_questions if isinstance(raw, dict)}
    for i, raw in enumerate(raw_questions):
        raw = c.mapping(raw, f"questions[{i}]")
        qid = c.ident(raw, f"questions[{i}]")
        q = _question(raw, qid, section_ids, questions, all_ids, c)
        if qid in questions:
            c.problem(f"questions[{qid}]", "duplicate id")
        questions[qid] = q
    c.required_ids(set(questions), CONTRACT_QUESTIONS, "questions")
    return Interview(tuple(sections), tuple(questions.values()),
                     question_by_id=MappingProxyType(dict(questions)),
                     section_by_id=MappingProxyType({s.id: s for s in sections}),
                     amount_unknown=c.terms(data.get("amount_unknown", []), "amount_unknown"))


QUESTION_KEYS = ("id", "section", "kind", "optional", "tracked", "ask_when", "ask_when_any", "label", "text", "why",
                 "choices", "example", "quick")
REASON_KEYS = ("id", "confidence", "residual", "title", "explanation", "weights", "grades", "fades")
STEP_KEYS = ("id", "confidence", "reasons", "when_answers", "unless_answers", "urgent_when", "urgent_unless",
             "lead_when", "always", "context", "title", "summary", "detail")


def _question(raw: dict, qid: str, section_ids: set[str], earlier: Mapping[str, Question],
              all_ids: set, c: Checker) -> Question:
    key = f"questions[{qid}]"
    c.known_keys(raw, QUESTION_KEYS, key)
    kind = raw.get("kind")
    if kind not in ("choice", "amount"):
        c.problem(f"{key}.kind", f"invalid kind {kind!r} (allowed: choice, amount)")
    if raw.get("section") not in section_ids:
        c.problem(f"{key}.section", f"unknown section {raw.get('section')!r}")
    choices = []
    for j, ch in enumerate(c.items(raw.get("choices", []), f"{key}.choices")):
        ch = c.mapping(ch, f"{key}.choices[{j}]")
        cid = c.ident(ch, f"{key}.choices[{j}]")
        note = c.text(ch["note"], f"{key}.choices[{cid}].note") if "note" in ch else None
        choices.append(Choice(cid, c.text(ch.get("text"), f"{key}.choices[{cid}].text"), note))
    c.unique([ch.id for ch in choices], f"{key}.choices")
    if kind == "choice":
        if not choices or choices[-1].id != UNSURE:
            c.problem(f"{key}.choices", "a choice question must end with the choice 'unsure'")
    elif choices:
        c.problem(f"{key}.choices", "an amount question has no choices")
    for flag in ("optional", "tracked"):
        if not isinstance(raw.get(flag, False), bool):
            c.problem(f"{key}.{flag}", "must be true or false")
    contract_values = CONTRACT_QUESTIONS.get(qid)
    if contract_values is not None:
        for v in contract_values:
            if v not in {ch.id for ch in choices}:
                c.problem(f"{key}.choices[{v}]", "missing (the contract requires this value)")
    elif qid in CONTRACT_QUESTIONS and kind != "amount":
        c.problem(f"{key}.kind", "the contract makes this an amount question")
    return Question(
        id=qid, section=str(raw.get("section")), kind=str(kind),
        optional=bool(raw.get("optional", False)),
        ask_when=c.conditions(raw.get("ask_when"), f"{key}.ask_when", earlier, all_ids),
        label=c.text(raw.get("label"), f"{key}.label"),
        text=c.text(raw.get("text"), f"{key}.text"),
        why=c.text(raw.get("why"), f"{key}.why"),
        choices=tuple(choices),
        example=c.text(raw.get("example"), f"{key}.example") if kind == "amount" else None,
        tracked=bool(raw.get("tracked", False)),
        ask_when_any=c.conditions(raw.get("ask_when_any"), f"{key}.ask_when_any", earlier, all_ids),
        quick=_quick(raw.get("quick", []), f"{key}.quick", kind, c),
    )


def _quick(value, key: str, kind, c: Checker) -> tuple[int, ...]:
    """Amounts offered as buttons at an amount question: whole numbers of yuan."""
    amounts = c.items(value, key)
    if amounts and kind != "amount":
        c.problem(key, "only an amount question offers amounts")
    for a in amounts:
        if not isinstance(a, int) or isinstance(a, bool) or a < 0:
            c.problem(key, f"invalid amount {a!r} (whole yuan, 0 or more)")
    return tuple(a for a in amounts if isinstance(a, int) and not isinstance(a, bool))


def read_reasons(data: dict, questions: Mapping[str, Question], c: Checker):
    """The reasons, the score thresholds of the levels, and the level cap of each evidence grade."""
    levels = c.mapping(data.get("levels"), "levels")
    high = c.number(levels.get("high"), "levels.high", 0, 1, low_open=True)
    medium = c.number(levels.get("medium"), "levels.medium", 0, 1, low_open=True)
    if medium >= high and high:
        c.problem("levels", "medium must be below high")
    cap = {}
    for conf, level in c.mapping(data.get("level_cap", {}), "level_cap").items():
        c.confidence(conf, f"level_cap.{conf}")
        if level not in LEVELS:
            c.problem(f"level_cap.{conf}", f"invalid level {level!r} (allowed: {', '.join(LEVELS)})")
        cap[conf] = level
    reasons = []
    for i, raw in enumerate(c.items(data.get("reasons"), "reasons")):
        raw = c.mapping(raw, f"reasons[{i}]")
        rid = c.ident(raw, f"reasons[{i}]")
        key = f"reasons[{rid}]"
        c.known_keys(raw, REASON_KEYS, key)
        weights = _weights(raw.get("weights"), key, questions, c)
        grades = {}
        for qid, grade in c.mapping(raw.get("grades", {}), f"{key}.grades").items():
            if qid not in weights:
                c.problem(f"{key}.grades.{qid}", "grades an answer this reason does not weigh")
            grades[qid] = c.confidence(grade, f"{key}.grades.{qid}")
        fades = []
        for j, fade in enumerate(c.items(raw.get("fades", []), f"{key}.fades")):
            fade = c.mapping(fade, f"{key}.fades[{j}]")
            c.known_keys(fade, ("when", "unless", "factor", "note"), f"{key}.fades[{j}]")
            fades.append(Fade(when=c.conditions(fade.get("when"), f"{key}.fades[{j}].when", questions),
                              unless=c.conditions(fade.get("unless"), f"{key}.fades[{j}].unless", questions),
                              factor=c.number(fade.get("factor"), f"{key}.fades[{j}].factor", 0, 1),
                              note=c.text(fade["note"], f"{key}.fades[{j}].note") if "note" in fade else None))
        reasons.append(Reason(
            id=rid, confidence=c.confidence(raw.get("confidence"), f"{key}.confidence"),
            title=c.text(raw.get("title"), f"{key}.title"),
            explanation=c.text(raw.get("explanation"), f"{key}.explanation"),
            weights=weights, residual=bool(raw.get("residual", False)), grades=MappingProxyType(grades),
            fades=tuple(fades),
        ))
    c.unique([r.id for r in reasons], "reasons")
    c.required_ids({r.id for r in reasons}, CONTRACT_REASONS, "reasons")
    if sum(r.residual for r in reasons) != 1:
        c.problem("reasons", "exactly one reason must be marked residual: true (the bank-side reason)")
    return tuple(reasons), {"high": high, "medium": medium}, cap


def _weights(value, key: str, questions: Mapping[str, Question], c: Checker):
    weights = {}
    for qid, by_value in c.mapping(value, f"{key}.weights").items():
        q = questions.get(qid)
        if q is None:
            c.problem(f"{key}.weights.{qid}", "unknown question id")
            continue
        clean = {}
        for v, w in c.mapping(by_value, f"{key}.weights.{qid}").items():
            v = str(v)
            if v == UNSURE:
                c.problem(f"{key}.weights.{qid}.{v}", "'unsure' is missing evidence and carries no weight")
            elif v not in q.values:
                c.problem(f"{key}.weights.{qid}.{v}", f"unknown value (allowed: {', '.join(x for x in q.values if x != UNSURE)})")
            clean[v] = c.number(w, f"{key}.weights.{qid}.{v}", 0, 1, low_open=True)
        weights[qid] = MappingProxyType(clean)
    return MappingProxyType(weights)


def read_rules(steps_data: dict, reasons_data: dict, interview: Interview,
               c_steps: Checker, c_reasons: Checker) -> DiagnosisRules:
    reasons, thresholds, cap = read_reasons(reasons_data, interview.question_by_id, c_reasons)
    reason_ids = {r.id for r in reasons}
    c = c_steps
    min_score = c.number(steps_data.get("min_reason_score"), "min_reason_score", 0, 1)
    raw_factors = c.mapping(steps_data.get("confidence_factor"), "confidence_factor")
    factors = {conf: c.number(raw_factors.get(conf), f"confidence_factor.{conf}", 0, 1, low_open=True)
               for conf in CONFIDENCE_LEVELS}
    secondary = c.number(steps_data.get("secondary_reason_factor"), "secondary_reason_factor", 0, 1)
    questions = interview.question_by_id
    steps = []
    for i, raw in enumerate(c.items(steps_data.get("steps"), "steps")):
        raw = c.mapping(raw, f"steps[{i}]")
        sid = c.ident(raw, f"steps[{i}]")
        key = f"steps[{sid}]"
        c.known_keys(raw, STEP_KEYS, key)
        step_reasons = tuple(str(r) for r in c.items(raw.get("reasons"), f"{key}.reasons"))
        for r in step_reasons:
            if r not in reason_ids:
                c.problem(f"{key}.reasons", f"unknown reason id {r!r}")
        if not step_reasons:
            c.problem(f"{key}.reasons", "a step must answer at least one reason")
        steps.append(Step(
            id=sid, confidence=c.confidence(raw.get("confidence"), f"{key}.confidence"),
            reasons=step_reasons, title=c.text(raw.get("title"), f"{key}.title"),
            summary=c.text(raw.get("summary"), f"{key}.summary"),
            detail=c.text(raw.get("detail"), f"{key}.detail"),
            when_answers=c.conditions(raw.get("when_answers"), f"{key}.when_answers", questions),
            unless_answers=c.conditions(raw.get("unless_answers"), f"{key}.unless_answers", questions),
            urgent_when=c.conditions(raw.get("urgent_when"), f"{key}.urgent_when", questions),
            urgent_unless=c.conditions(raw.get("urgent_unless"), f"{key}.urgent_unless", questions),
            lead_when=c.conditions(raw.get("lead_when"), f"{key}.lead_when", questions),
            always=bool(raw.get("always", False)), context=bool(raw.get("context", False)),
        ))
    c.unique([s.id for s in steps], "steps")
    c.required_ids({s.id for s in steps}, CONTRACT_STEPS, "steps")
    step_ids = {s.id for s in steps}
    urgent = tuple(c.texts(steps_data.get("urgent", []), "urgent"))
    for sid in urgent:
        if sid not in step_ids:
            c.problem("urgent", f"unknown step id {sid!r}")
    for step in steps:
        if step.urgent_when and step.id not in urgent:
            c.problem(f"steps[{step.id}].urgent_when", "an urgent step must be listed in `urgent` (its place in the box)")
    return DiagnosisRules(
        reasons=reasons, steps=tuple(steps), urgent_order=urgent,
        checkup_when=c.conditions(steps_data.get("checkup_when"), "checkup_when", questions),
        distress_when=c.conditions(steps_data.get("distress_when"), "distress_when", questions),
        level_thresholds=MappingProxyType(thresholds),
        level_cap=MappingProxyType(cap), min_reason_score=min_score,
        confidence_factor=MappingProxyType(factors), secondary_reason_factor=secondary,
        reason_by_id=MappingProxyType({r.id: r for r in reasons}),
        step_by_id=MappingProxyType({s.id: s for s in steps}),
    )
