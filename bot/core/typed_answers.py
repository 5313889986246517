"""Answers not given by pressing a choice: an amount typed ("5千", "大概两万", "记不清了" skips)
or tapped from the amounts a question offers, and a choice typed as its text."""
from __future__ import annotations

import unicodedata

from ..logic import interview as order
from ..logic.amounts import BadAmount, parse_amount
from .buttons import Pressed
from .interview import after_answer, show_current, stale
from .turn import Turn


def quick_amount(turn: Turn, pressed: Pressed) -> None:
    """One of the amounts an amount question offers as a button."""
    row, q = turn.state.interview, turn.k.question(pressed["question"])
    amount = pressed["amount"]
    if q.kind != "amount" or not amount.isdecimal() or int(amount) not in q.quick:
        stale(turn, row)
    else:
        after_answer(turn, row, q, int(amount))


def typed_answer(turn: Turn, text: str, redacted_kinds: tuple[str, ...]) -> bool:
    """Typed text at a question: an amount, or the text of a choice. False when it is neither."""
    row = turn.state.interview
    q = turn.k.interview.question_by_id.get(row["current"])
    answers = turn.store.answers(row["id"])
    if q is None or not order.applies(q, answers):
        show_current(turn, row)
        return True
    if q.kind == "amount" and q.optional and _unknown(turn, text):
        after_answer(turn, row, q, None)  # "记不清了": skipped, as with the Skip button
        return True
    if q.kind == "amount" and not redacted_kinds:
        try:
            after_answer(turn, row, q, parse_amount(text))
            return True
        except BadAmount:
            return False
    if q.kind == "choice":
        typed = text.casefold()
        choice = next((c for c in q.choices
                       if typed == c.id or typed in {t.casefold() for t in c.text.values.values()}), None)
        if choice is not None:
            after_answer(turn, row, q, choice.id)
            return True
    return False


def _unknown(turn: Turn, text: str) -> bool:
    typed = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    return any(word.casefold() in typed for word in turn.k.interview.amount_unknown)
