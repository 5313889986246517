"""The result of a diagnosis as the user reads it. The first message fits one phone message: the
urgent box (if any), at most three reasons with the user's own answers as evidence, and at most
three steps to do first. The reasons explained and the whole plan are one tap away."""
from __future__ import annotations

from typing import Any

from ..kb.schema import Knowledge
from ..logic.diagnosis import fades_holding
from ..logic.interview import holds_any
from ..render.pages import Renderer
from .buttons import button
from .turn import Turn, answer_text

SHOWN_REASONS = 3  # reasons in the first message
SHOWN_STEPS = 3    # steps to do first in the first message


def _listed(k: Knowledge, outcome: dict) -> list[dict]:
    """The reasons a result lists: a check-up leaves out the bank-side reason."""
    return [r for r in outcome["reasons"] if outcome.get("mode") != "checkup" or not k.reason(r["id"]).residual]


def _reason_items(k: Knowledge, lang: str, reasons: list[dict], answers: dict) -> list[dict[str, Any]]:
    items = []
    for r in reasons:
        reason = k.reason(r["id"])
        evidence = []
        for q in r["evidence"]:  # an answer's own grade is shown when it differs from the reason's
            grade = reason.grades.get(q, reason.confidence)
            evidence.append((k.question(q).label.get(lang), answer_text(k, lang, k.question(q), answers.get(q)),
                             grade if grade != r["confidence"] else None))
        items.append({"reason": reason, "level": r["level"], "grade": r["confidence"], "evidence": evidence,
                      "residual": reason.residual})
    return items


def _fade_notes(k: Knowledge, answers: dict) -> list[str]:
    """What a faded reason tells the user about their own case (an old overdue past its 5 years)."""
    return [fade.note for reason in k.diagnosis.reasons for fade in fades_holding(reason, answers) if fade.note]


def context(k: Knowledge, lang: str, outcome: dict, answers: dict) -> dict[str, Any]:
    """What templates/<lang>/result.html shows for a diagnosis (`outcome` in its JSON form)."""
    plan = [k.step(s["id"]) for s in outcome["plan"]]
    urgent = [k.step(s) for s in outcome.get("urgent", [])]
    rest = [s for s in plan if s not in urgent]
    first = urgent[:SHOWN_STEPS]
    next_steps = rest[:max(0, SHOWN_STEPS - len(first))]
    reasons = _listed(k, outcome)
    return {
        "mode": outcome.get("mode", "diagnosis"),
        "urgent": first, "urgent_more": max(0, len(urgent) - len(first)), "next_steps": next_steps,
        "reasons": _reason_items(k, lang, reasons[:SHOWN_REASONS], answers),
        "more_reasons": max(0, len(reasons) - SHOWN_REASONS),
        "plan_size": len(plan), "folk_size": sum(1 for s in plan if s.confidence == "folk"),
        "distress": holds_any(k.diagnosis.distress_when, answers),
        "notes": [note.get(lang) for note in _fade_notes(k, answers)],
        "limit_before": answers.get("limit_before"), "limit_now": answers.get("limit_now"),
    }


def reasons_context(k: Knowledge, lang: str, outcome: dict, answers: dict) -> dict[str, Any]:
    """Every reason with its explanation (templates/<lang>/result_reasons.html)."""
    reasons = _listed(k, outcome)
    return {"mode": outcome.get("mode", "diagnosis"), "reasons": _reason_items(k, lang, reasons, answers),
            "closed": answers.get("quota_status") == "closed"}


def show(turn: Turn, diagnosis_id: int, outcome: dict, answers: dict, changes: dict | None = None) -> None:
    """The first message of a result, with a button for each step it shows, the whole plan and the reasons."""
    ctx = context(turn.k, turn.lang, outcome, answers)
    plan_ids = [s["id"] for s in outcome["plan"]]
    step_buttons = [[button(f"{plan_ids.index(step.id) + 1}. {step.title.get(turn.lang)}", "step", diagnosis_id,
                            plan_ids.index(step.id))] for step in (*ctx["urgent"], *ctx["next_steps"])]
    turn.say("result", [*step_buttons, [turn.button("btn_whole_plan", "menu", "plan"),
                                        turn.button("btn_reasons", "reasons", diagnosis_id)]],
             changes=changes, **ctx)


def show_reasons(turn: Turn, diagnosis: dict, answers: dict) -> None:
    turn.say("result_reasons", [[turn.button("btn_whole_plan", "menu", "plan")]],
             **reasons_context(turn.k, turn.lang, diagnosis["result"], answers))


def report(renderer: Renderer, outcome: dict, answers: dict, lang: str) -> str:
    """The result for a diagnosis, as HTML: its first message, then the reasons explained and the
    whole plan (`quota-doctor diagnose` prints it)."""
    k = renderer.knowledge
    first = renderer.page(lang, "result", changes=None, **context(k, lang, outcome, answers))
    reasons = renderer.page(lang, "result_reasons", **reasons_context(k, lang, outcome, answers))
    steps = [k.step(s["id"]) for s in outcome["plan"]]
    plan = renderer.page(lang, "plan_full", steps=steps)
    return "\n\n".join((first, reasons, plan))
