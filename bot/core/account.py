"""The user's account: welcome and consent, language, help, pausing, and their data (/mydata
exports it, /forget deletes it). Nothing is stored before the user agrees."""
from __future__ import annotations

import json

from . import interview
from .buttons import Pressed, button
from .commands import COMMANDS
from .states import PAUSED
from .turn import Turn


DEEP_LINK_SCAM_CHECK = "scamcheck"  # t.me/<bot>?start=scamcheck: "paste the message you received"


def start(turn: Turn, payload: str = "") -> None:
    """/start, and its deep links: `?start=zh` (or any language code) opens in that language,
    `?start=scamcheck` asks for the message to check (no consent needed: nothing is kept)."""
    payload = payload.strip().lower()
    if payload in turn.k.languages:
        turn.lang = payload
        if turn.user:
            turn.store.set_language(turn.key, payload)
    if payload == DEEP_LINK_SCAM_CHECK:
        turn.say("scamcheck_prompt")
        return
    if turn.user:
        turn.say("welcome_back", turn.main_menu())
    else:
        turn.say("welcome", turn.consent_buttons())


def help(turn: Turn) -> None:  # noqa: A001 - the /help command
    turn.say("help", turn.main_menu(), commands=COMMANDS)


def language(turn: Turn) -> None:
    turn.say("language", [[button(lang.name, "set_language", lang.code) for lang in turn.k.languages]])


def agree(turn: Turn, pressed: Pressed) -> None:
    """"I agree": the user is kept from now on, and the interview starts."""
    lang = pressed["lang"]
    if lang not in turn.k.languages:
        turn.stale_nothing()
        return
    turn.lang = lang
    if not turn.user:
        turn.user = turn.store.add_user(turn.key, lang)
    interview.diagnose(turn)


def just_ask(turn: Turn, pressed: Pressed) -> None:
    lang = pressed["lang"]
    if lang not in turn.k.languages:
        turn.stale_nothing()
        return
    turn.lang = turn.user["language"] if turn.user else lang
    turn.say("just_ask")


def set_language(turn: Turn, pressed: Pressed) -> None:
    lang = pressed["lang"]
    if lang not in turn.k.languages:
        turn.stale_nothing()
        return
    turn.lang = lang
    name = turn.k.languages.get(lang).name
    if turn.user:
        turn.store.set_language(turn.key, lang)
        turn.say("language_set", turn.main_menu(), toast=name)
    else:
        turn.say("welcome", turn.consent_buttons(), toast=name)


def cancel(turn: Turn) -> None:
    open_ = turn.store.open_interview(turn.key) if turn.user else None
    if open_:
        turn.store.set_awaiting(turn.key, PAUSED)  # typed text is a question now
    turn.say("cancelled", turn.main_menu(), had_interview=bool(open_))


def forget(turn: Turn) -> None:
    if not turn.user:
        turn.say("forget_nothing")
        return
    turn.say("forget_confirm", [[turn.button("btn_forget_yes", "forget", "yes"),
                                 turn.button("btn_forget_no", "forget", "no")]])


def forget_answer(turn: Turn, pressed: Pressed) -> None:
    if pressed["confirmed"] != "yes":
        turn.say("forget_kept", edit=True)
    elif not turn.user:
        turn.say("forget_nothing", edit=True)
    else:
        turn.store.forget(turn.key)
        turn.say("forget_done", edit=True)


def mydata(turn: Turn) -> None:
    if not turn.user:
        turn.say("forget_nothing")
        return
    export: dict[str, list] = {}
    for table, row in turn.store.rows_about(turn.key):
        export.setdefault(table, []).append(row)
    content = json.dumps(export, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    turn.document(content, f"quota-doctor-{turn.key.replace(':', '-')}.json", turn.page("mydata"))
