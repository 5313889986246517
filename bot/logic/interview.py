"""Which question comes next: the interview's order, follow-ups, Back, and progress (pure).

`answers` maps question id to the given value; a skipped question maps to None (answered, no
value). A follow-up applies only while its `ask_when` condition holds for the current answers.
"""
from __future__ import annotations

from typing import Mapping

from ..kb.schema import Knowledge, Question

Answers = Mapping[str, object]


def holds_any(conditions, answers: Answers) -> bool:
    """Whether one of these {question: values} conditions holds for the answers."""
    return any(answers.get(qid) in values for qid, values in conditions)


def applies(question: Question, answers: Answers) -> bool:
    """True when the question is asked for these answers: every `ask_when` condition holds, and
    one of `ask_when_any` when it has any."""
    return (all(answers.get(qid) in values for qid, values in question.ask_when)
            and (not question.ask_when_any or holds_any(question.ask_when_any, answers)))


def sequence(knowledge: Knowledge, answers: Answers) -> list[Question]:
    """The questions asked for these answers, in interview order."""
    return [q for q in knowledge.interview.questions if applies(q, answers)]


def relevant(knowledge: Knowledge, answers: Answers) -> dict[str, object]:
    """The answers to questions that still apply, skipped ones left out."""
    return {q.id: answers[q.id] for q in sequence(knowledge, answers)
            if answers.get(q.id) is not None}


def first_open(knowledge: Knowledge, answers: Answers) -> Question | None:
    """The first question that applies and has no answer yet, or None when all are answered."""
    return next((q for q in sequence(knowledge, answers) if q.id not in answers), None)


def next_after(knowledge: Knowledge, answers: Answers, question_id: str) -> Question | None:
    """The question that follows `question_id` for these answers (None after the last)."""
    seq = sequence(knowledge, answers)
    ids = [q.id for q in seq]
    if question_id not in ids:
        return first_open(knowledge, answers)
    i = ids.index(question_id)
    return seq[i + 1] if i + 1 < len(seq) else None


def previous_before(knowledge: Knowledge, answers: Answers, question_id: str) -> Question | None:
    """The question shown before `question_id` (None at the first)."""
    seq = sequence(knowledge, answers)
    ids = [q.id for q in seq]
    if question_id not in ids:
        return None
    i = ids.index(question_id)
    return seq[i - 1] if i > 0 else None


def progress(knowledge: Knowledge, answers: Answers, question_id: str) -> tuple[int, int]:
    """(position, total) of a question, counting the follow-ups that apply right now."""
    ids = [q.id for q in sequence(knowledge, answers)]
    position = ids.index(question_id) + 1 if question_id in ids else len(ids)
    return position, len(ids)
