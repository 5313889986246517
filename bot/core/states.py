"""Where a user is in the conversation, read from the store in one place.

Three stored values make the state: whether the user agreed (a `users` row), their open
interview (`interviews.current`: a question id, or the summary once all are answered;
`interviews.editing` while one answer is being changed), and what their next typed text answers
(`users.awaiting`). The states, and what a user in each can do:

| state              | stored as                              | typed text is                      | buttons that apply (advisor.py ROUTES)  |
|--------------------|----------------------------------------|------------------------------------|------------------------------------------|
| stranger           | no users row                           | a question (nothing is stored)     | consent, language, FAQ "did you mean"   |
| idle               | users row, no open interview           | a question                         | + plan, progress, reminders, reuse      |
| at a question      | interviews.current = question id       | the answer (amount or choice text), | + answer, skip, back, why, resume,      |
|                    |                                        | else a question, then the question | restart (carrying that interview's id)  |
| editing an answer  | ... and interviews.editing = 1         | as at a question                   | + edit                                  |
| at the summary     | interviews.current = SUMMARY           | a question                         | + finish, change, edit, summary         |
| paused             | users.awaiting = "paused" (/cancel)    | a question                         | an interview button resumes             |
| waiting for limit  | users.awaiting = "limit" (/progress)   | a number is the current limit;     | the limit buttons                       |
|                    |                                        | anything else as in the state below|                                          |

Every command applies in every state; any command but /progress ends "paused" and "waiting for
limit". A button that does not apply (an old message, a forgery) is answered as out of date and
applies nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..store import SUMMARY, Store

PAUSED = "paused"   # users.awaiting after /cancel: the interview waits, typed text is a question
LIMIT = "limit"     # users.awaiting after /progress: the next typed number is the current limit


class Stage(Enum):
    """Where the open interview is."""
    NONE = "none"            # no interview open
    QUESTION = "question"    # waiting for the answer to `current`
    EDITING = "editing"      # changing one answer from the summary
    SUMMARY = "summary"      # every question answered


@dataclass(frozen=True)
class State:
    consented: bool
    interview: dict | None   # the open interview's row
    awaiting: str | None     # PAUSED, LIMIT or None

    @property
    def stage(self) -> Stage:
        if self.interview is None:
            return Stage.NONE
        if self.interview["current"] == SUMMARY:
            return Stage.SUMMARY
        return Stage.EDITING if self.interview["editing"] else Stage.QUESTION

    @property
    def question(self) -> str | None:
        """The question the open interview waits for (None at the summary or with none open)."""
        return self.interview["current"] if self.stage in (Stage.QUESTION, Stage.EDITING) else None

    @property
    def paused(self) -> bool:
        return self.awaiting == PAUSED

    @property
    def waiting_for_limit(self) -> bool:
        return self.awaiting == LIMIT


def read(store: Store, user: dict | None) -> State:
    """The state of a user (the `users` row, or None before consent)."""
    if user is None:
        return State(False, None, None)
    return State(True, store.open_interview(user["id"]), user.get("awaiting"))
