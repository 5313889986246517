"""A rehearsal before serving: one whole conversation in each language the knowledge base
writes (consent, every question, the result, the plan, progress, help, every FAQ answer), on a
database in memory. A page that cannot be shown (a template that fails when it is rendered)
then stops the process at start with one clear line, instead of failing every user while the
process looks healthy."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from ..kb import Knowledge
from ..render.pages import Renderer
from ..store import Store
from .advisor import Advisor
from .events import Event, Reply

# the buttons pressed, first found first: consent, an answer, a quick amount, see the result
PRESS_ORDER = ("ok:", "a:", "amt:", "s:", "fin:")
MAX_STEPS = 80
AFTERWARDS = (("command", "plan"), ("command", "progress"), ("command", "help"), ("command", "reminders"),
              ("command", "mydata"))
# an FAQ answer is shown by its topic's button: typed text would build the FAQ index (some 50 MB)
# at start, which the bot builds on the first typed question


def rehearse(k: Knowledge, tz: ZoneInfo, renderer: Renderer | None = None) -> list[str]:
    """What failed, one line per language (nothing: all well). Derived languages (converted
    from another, zh-hant) are not rehearsed: their pages are their source's."""
    problems = []
    for lang in k.languages:
        if lang.derived_from is not None:
            continue
        store = Store(memory=True)
        try:
            _conversation(Advisor(store, k, tz, renderer=renderer), lang.code)
        except Exception as exc:  # noqa: BLE001 - whatever fails is reported, with where
            problems.append(f"{lang.code}: {type(exc).__name__}: {exc}")
        finally:
            store.close()
    return problems


def _conversation(advisor: Advisor, lang: str) -> None:
    user = f"rehearsal:{lang}"
    replies = advisor.handle(Event(user, "command", "start", lang))
    for _ in range(MAX_STEPS):
        data = _next_press(replies)
        if data is None:
            break
        replies = advisor.handle(Event(user, "button", data, lang))
    else:
        raise RuntimeError(f"the interview did not end within {MAX_STEPS} presses")
    if not any("rs:" in b.data for r in replies for row in r.buttons for b in row if b.data):
        raise RuntimeError("the interview ended without a result")
    for kind, value in AFTERWARDS:
        advisor.handle(Event(user, kind, value, lang))
    for topic in advisor.k.faq.topics:
        advisor.handle(Event(user, "button", f"q:{topic.id}", lang))


def _next_press(replies: list[Reply]) -> str | None:
    shown = [b.data for r in replies for row in r.buttons for b in row if b.data]
    for prefix in PRESS_ORDER:
        found = next((d for d in shown if d.startswith(prefix)), None)
        if found is not None:
            return found
    return None
