"""The conversation's states are read from the store in one place (core/states.py)."""
from __future__ import annotations

from bot.core.states import LIMIT, PAUSED, Stage, read
from bot.store import SUMMARY
from tests.helpers import open_question, start


def state(store, chat):
    return read(store, store.user(chat.user))


def test_each_state_as_the_user_moves_through_the_conversation(chat, store):
    assert state(store, chat).consented is False and state(store, chat).stage is Stage.NONE
    start(chat)
    s = state(store, chat)
    assert s.consented and s.stage is Stage.QUESTION and s.question == "quota_status"
    closed = chat.button("Closed or gone")
    chat.command("cancel")
    assert state(store, chat).paused and state(store, chat).awaiting == PAUSED
    chat.press_data(closed.data)  # an interview button resumes
    s = state(store, chat)
    assert not s.paused and s.question == open_question(chat) == "limit_before"
    chat.command("progress")
    assert state(store, chat).waiting_for_limit and state(store, chat).awaiting == LIMIT
    chat.command("help")  # any other command ends the wait
    assert state(store, chat).awaiting is None


def test_summary_and_editing(chat, store):
    start(chat)
    iid = store.open_interview(chat.user)["id"]
    store.move_to(iid, SUMMARY)
    assert state(store, chat).stage is Stage.SUMMARY and state(store, chat).question is None
    chat.command("diagnose")  # shows where the interview is: the summary
    chat.press("Change an answer")
    chat.press("Limit status")
    s = state(store, chat)
    assert s.stage is Stage.EDITING and s.question == "quota_status"
