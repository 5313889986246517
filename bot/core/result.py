"""The result of a diagnosis as the user reads it: the likely reasons with the user's own answers
as evidence, and the ordered plan."""
from __future__ import annotations

from typing import Any

from ..kb.schema import Knowledge
from ..render.pages import Renderer
from .turn import Turn, answer_text

TOP_REASONS = 4  # as credit explanations do: at most four reasons


def context(k: Knowledge, lang: str, outcome: dict, answers: dict) -> dict[str, Any]:
    """What templates/<lang>/result.html shows for a diagnosis (`outcome` in its JSON form)."""
    reasons = []
    for r in outcome["reasons"][:TOP_REASONS]:
        evidence = [(k.question(q).label.get(lang), answer_text(k, lang, k.question(q), answers.get(q)))
                    for q in r["evidence"]]
        reasons.append({"reason": k.reason(r["id"]), "level": r["level"], "evidence": evidence})
    return {"reasons": reasons, "steps": [k.step(s["id"]) for s in outcome["plan"]],
            "limit_before": answers.get("limit_before"), "limit_now": answers.get("limit_now")}


def show(turn: Turn, outcome: dict, answers: dict, changes: dict | None = None) -> None:
    turn.say("result", [[turn.button("btn_plan", "menu", "plan")]], changes=changes,
             **context(turn.k, turn.lang, outcome, answers))


def report(renderer: Renderer, outcome: dict, answers: dict, lang: str) -> str:
    """The result page for a diagnosis, as HTML (`quota-doctor diagnose` prints it)."""
    return renderer.page(lang, "result", changes=None, **context(renderer.knowledge, lang, outcome, answers))
