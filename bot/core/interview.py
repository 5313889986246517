"""The interview: questions with buttons (or a typed amount), Back, Skip, "Why do we ask?", a
summary to change any answer, and the result. Which question comes next is `logic.interview`;
every answer is stored the moment it is given."""
from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..kb.schema import UNSURE, Question
from ..logic import interview as order
from ..logic.changes import changes
from ..logic.diagnosis import diagnose as diagnose_answers
from ..store import SUMMARY
from . import reminders, result
from .buttons import Pressed, button
from .events import Button, rows_of
from .states import Stage
from .turn import Turn

LABELS_PER_ROW = 24  # characters of answer labels that fit on one row of buttons


# -- starting --------------------------------------------------------------------------------
def diagnose(turn: Turn) -> None:
    """/diagnose: start, offer to resume or reuse, or show where the user is."""
    if not turn.user:
        turn.say("consent_needed", turn.consent_buttons())
        return
    current = turn.store.open_interview(turn.key)
    if current and turn.store.answers(current["id"]):
        answers = turn.store.answers(current["id"])
        turn.say("resume_offer", [[turn.button("btn_continue", "resume", current["id"])],
                                  [turn.button("btn_restart", "restart", current["id"])]],
                 position=_position_label(turn, current, answers))
        return
    if current:
        show_current(turn, current)
        return
    previous = turn.store.latest_interview(turn.key)
    if previous and previous["status"] == "finished":
        turn.say("reuse_offer", [[turn.button("btn_reuse", "reuse", previous["id"])],
                                 [turn.button("btn_fresh", "fresh", previous["id"])]])
        return
    new_interview(turn)


def reuse(turn: Turn, pressed: Pressed) -> None:
    """"Use my previous answers" (reuse) or "start fresh" (fresh), offered after a finished one."""
    previous = turn.store.latest_interview(turn.key)
    open_ = turn.store.open_interview(turn.key)
    if open_ is not None or previous is None or pressed["interview_id"] != previous["id"]:
        stale(turn, open_)
        return
    if pressed.name == "fresh":
        new_interview(turn)
        return
    iid = turn.store.start_interview(turn.key, SUMMARY, turn.store.answers(previous["id"]))
    turn.say("reuse_intro")
    show_current(turn, turn.store.interview(iid))


def new_interview(turn: Turn) -> None:
    first = turn.k.interview.questions[0]
    iid = turn.store.start_interview(turn.key, first.id)
    turn.say("interview_intro")
    show_question(turn, turn.store.interview(iid), first, {})


def _position_label(turn: Turn, current: dict, answers: dict) -> str:
    if current["current"] == SUMMARY:
        return turn.ui("at_summary")
    position, total = order.progress(turn.k, answers, current["current"])
    return turn.ui("progress").format(n=position, total=total)


# -- showing ---------------------------------------------------------------------------------
def show_current(turn: Turn, row: dict, note: str | None = None) -> None:
    """The open interview where it is: its question, or the summary."""
    answers = turn.store.answers(row["id"])
    if row["current"] == SUMMARY:
        show_summary(turn, row, answers)
        return
    q = turn.k.interview.question_by_id.get(row["current"])
    if q is None or not order.applies(q, answers):
        q = order.first_open(turn.k, answers)
        if q is None:
            turn.store.move_to(row["id"], SUMMARY)
            show_summary(turn, row, answers)
            return
        turn.store.move_to(row["id"], q.id)
    show_question(turn, row, q, answers, note=note)


def show_question(turn: Turn, row: dict, q: Question, answers: dict, note: str | None = None,
                  edit: bool = False) -> None:
    iid = row["id"]
    position, total = order.progress(turn.k, answers, q.id)
    rows: list[list[Button]] = []
    choice_row: list[Button] = []
    for choice in q.choices:
        mark = "✓ " if q.id in answers and answers[q.id] == choice.id else ""
        label = turn.ui("btn_not_sure") if choice.id == UNSURE else choice.text.get(turn.lang)
        choice_row.append(button(mark + label, "answer", iid, q.id, choice.id))
        if len(choice_row) == 2 or sum(len(b.label) for b in choice_row) > LABELS_PER_ROW:
            rows.append(choice_row)
            choice_row = []
    if choice_row:
        rows.append(choice_row)
    if q.quick:  # amounts a tap away; any other is typed
        rows.append([button(("✓ " if answers.get(q.id) == amount else "") + turn.answer_text(q, amount),
                            "amount", iid, q.id, amount) for amount in q.quick])
    nav = []
    if order.previous_before(turn.k, answers, q.id) is not None:
        nav.append(turn.button("btn_back", "back", iid, q.id))
    nav.append(turn.button("btn_why", "why", iid, q.id))
    if q.optional:
        nav.append(turn.button("btn_skip", "skip", iid, q.id))
    rows.append(nav)
    turn.say("question", rows, q=q, position=position, total=total,
             section=turn.k.interview.section_by_id[q.section].title.get(turn.lang),
             previous=turn.answer_text(q, answers[q.id]) if q.id in answers else None,
             note=Markup(note) if note else None, edit=edit)


def show_summary(turn: Turn, row: dict, answers: dict, edit: bool = False) -> None:
    lines = [(turn.k.interview.section_by_id[q.section].title.get(turn.lang), q.label.get(turn.lang),
              turn.answer_text(q, answers[q.id]))
             for q in order.sequence(turn.k, answers) if q.id in answers]
    turn.say("summary", edit=edit, lines=lines, buttons=[
        [turn.button("btn_result", "finish", row["id"])],
        [turn.button("btn_change", "change", row["id"])]])


def stale(turn: Turn, row: dict | None) -> None:
    """A button from an earlier question or interview: say so, apply nothing, show where the
    user really is."""
    if row is None:
        turn.stale_nothing()
        return
    turn.say("stale", toast=turn.ui("stale_button"))
    show_current(turn, row)


def repeated(turn: Turn, pressed: Pressed) -> bool:
    """A press that was already applied, arriving again (a double tap, or a press the bot took
    before a crash and handles again after it): say so truly, and show where the user is, or
    the result again. False when it is not such a press."""
    row = turn.store.interview(pressed["interview_id"]) if "interview_id" in pressed.args else None
    if row is None or row["user_id"] != turn.key:
        return False
    if pressed.name == "finish" and row["status"] == "finished":
        diagnosis = turn.store.latest_diagnosis(turn.key)
        if diagnosis is None or diagnosis["interview_id"] != row["id"]:
            return False
        result.show(turn, diagnosis["id"], diagnosis["result"], turn.store.answers(row["id"]))
        return True
    current = turn.state.interview
    if pressed.name not in ("answer", "amount") or current is None or current["id"] != row["id"]:
        return False  # only a press of the interview the user is in: an older one's is stale
    q = turn.k.interview.question_by_id.get(pressed["question"])
    value = pressed["choice"] if pressed.name == "answer" else pressed["amount"]
    answers = turn.store.answers(row["id"])
    if q is None or q.id not in answers or str(answers[q.id]) != value:
        return False
    turn.say("already_noted", toast=turn.ui("already_noted"), answer=turn.answer_text(q, answers[q.id]))
    show_current(turn, row)
    return True


def reshow(turn: Turn) -> None:
    """Show the open interview's current question again, so nothing is lost."""
    row = turn.store.open_interview(turn.key) if turn.user else None
    if row is not None:
        show_current(turn, row)


# -- answering -------------------------------------------------------------------------------
def after_answer(turn: Turn, row: dict, q: Question, value: Any) -> None:
    """Keep the answer and show what comes next. A pressed button turns its own message into
    the next question (one Bot API call a step), with the answer recapped on top; a typed
    answer gets the next question as a new message."""
    answers = turn.store.answers(row["id"])
    answers[q.id] = value
    if row["editing"]:
        following = order.first_open(turn.k, answers)
    else:
        following = order.next_after(turn.k, answers, q.id) or order.first_open(turn.k, answers)
    target = following.id if following else SUMMARY
    turn.store.save_answer(row["id"], q.id, value, target, editing=bool(row["editing"] and following))
    edit = turn.event.kind == "button"
    row = turn.store.interview(row["id"])
    if following is None:  # the summary lists every answer, this one included
        choice = q.choice(value) if isinstance(value, str) else None
        if choice and choice.note:
            turn.say("note", text=choice.note.get(turn.lang))
        show_summary(turn, row, answers, edit=edit)
    else:
        choice = q.choice(value) if isinstance(value, str) else None
        recap = turn.page("answered", q=q, answer=turn.answer_text(q, value),
                          note=choice.note.get(turn.lang) if choice and choice.note else None)
        show_question(turn, row, following, answers, note=recap, edit=edit)


def answer(turn: Turn, pressed: Pressed) -> None:
    row, q = turn.state.interview, turn.k.question(pressed["question"])
    if q.kind != "choice" or q.choice(pressed["choice"]) is None:
        stale(turn, row)
    else:
        after_answer(turn, row, q, pressed["choice"])


def skip(turn: Turn, pressed: Pressed) -> None:
    row, q = turn.state.interview, turn.k.question(pressed["question"])
    if not q.optional:
        stale(turn, row)
    else:
        after_answer(turn, row, q, None)


def back(turn: Turn, pressed: Pressed) -> None:
    row = turn.state.interview
    answers = turn.store.answers(row["id"])
    previous = order.previous_before(turn.k, answers, pressed["question"])
    if previous is None:
        stale(turn, row)
        return
    turn.store.move_to(row["id"], previous.id)
    show_question(turn, row, previous, answers)


def why(turn: Turn, pressed: Pressed) -> None:
    turn.say("why", q=turn.k.question(pressed["question"]), toast=turn.ui("btn_why"))


def ask_again(turn: Turn, note_page: str) -> None:
    """The current question again, under a note (a typed answer that was not one)."""
    row = turn.state.interview
    q = turn.k.question(row["current"])
    show_question(turn, row, q, turn.store.answers(row["id"]), note=turn.page(note_page, q=q))


# -- the summary -----------------------------------------------------------------------------
def resume(turn: Turn, pressed: Pressed) -> None:
    show_current(turn, turn.state.interview)


def restart(turn: Turn, pressed: Pressed) -> None:
    new_interview(turn)


def summary(turn: Turn, pressed: Pressed) -> None:
    row = turn.state.interview
    show_summary(turn, row, turn.store.answers(row["id"]))


def change(turn: Turn, pressed: Pressed) -> None:
    row = turn.state.interview
    answers = turn.store.answers(row["id"])
    rows = rows_of(button(q.label.get(turn.lang), "edit", row["id"], q.id) for q in order.sequence(turn.k, answers))
    rows.append([turn.button("btn_back_summary", "summary", row["id"])])
    turn.say("change_menu", rows)


def edit(turn: Turn, pressed: Pressed) -> None:
    row = turn.state.interview
    answers = turn.store.answers(row["id"])
    q = turn.k.interview.question_by_id.get(pressed["question"])
    if q is None or not order.applies(q, answers):
        stale(turn, row)
        return
    turn.store.move_to(row["id"], q.id, editing=True)
    show_question(turn, turn.store.interview(row["id"]), q, answers)


def finish(turn: Turn, pressed: Pressed) -> None:
    """"See my result": diagnose, keep the diagnosis and its plan, show it (with what changed
    since the last one), and offer reminders after the first."""
    row = turn.state.interview
    answers = turn.store.answers(row["id"])
    outcome = diagnose_answers(answers, turn.k).to_json()
    previous = turn.store.latest_diagnosis(turn.key)
    diagnosis_id = turn.store.finish_interview(row["id"], outcome)
    result.show(turn, diagnosis_id, outcome, answers, changes(previous["result"] if previous else None, outcome))
    if previous is None:
        reminders.offer(turn)


def in_stage(turn: Turn, *stages: Stage) -> bool:
    return turn.state.stage in stages
