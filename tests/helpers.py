"""What the tests share: a `Chat` that plays one user against the core and checks every reply
against Telegram's rules, and the answers of a clean profile."""
from __future__ import annotations

import html
import re

from bot.channels.telegram.limits import MAX_CALLBACK, MAX_TEXT, split_message
from bot.core import Advisor, Event, Reply
from tests.fake_bot_api import check_html

CLEAN = {
    "quota_status": "reduced", "overdue_microloan": "never", "overdue_other": "none",
    "credit_card_overdue": "none", "credit_card_cuts": "none", "credit_card_linked": "yes",
    "risky_friends": "none", "illegal_groups": "no", "account_violations": "no",
    "employment": "stable", "provident_fund": "paying", "other_loans": "none",
    "debt_ratio": "lt_30", "loan_usage": "regularly", "wechat_pay_use": "daily",
    "life_services": "yes", "wealth_products": "yes", "real_name": "yes", "binding_changes": "none",
    "scam_contact": "no", "deposit_free_overdue": "none",
}


def telegram_html_problems(text: str) -> list[str]:
    """What Telegram would refuse in a message sent with HTML parse mode."""
    shown, problems = check_html(text)
    if len(text) > MAX_TEXT:
        problems.append(f"{len(text)} characters (over {MAX_TEXT})")
    if not shown.strip():
        problems.append("empty message")
    return problems


def plain(text: str) -> str:
    """What the user reads: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


class Chat:
    """One user talking to the advisor; every reply is checked as the Telegram channel would
    send it (split at 4096 characters, 64-byte button data)."""

    def __init__(self, advisor: Advisor, user_id: int = 42, lang: str = "en"):
        self.advisor = advisor
        self.user = f"test:{user_id}"
        self.lang = lang
        self.last: list[Reply] = []
        self.history: list[Reply] = []

    def _send(self, kind: str, value: str) -> list[Reply]:
        self.last = self.advisor.handle(Event(self.user, kind, value, self.lang))
        for reply in self.last:
            for part in split_message(reply.text):
                assert telegram_html_problems(part) == [], (part, telegram_html_problems(part))
            for row in reply.buttons:
                for button in row:
                    assert len(button.data.encode()) <= MAX_CALLBACK, button.data
                    assert button.label.strip()
        self.history.extend(self.last)
        return self.last

    def command(self, name: str) -> list[Reply]:
        return self._send("command", name)

    def say(self, text: str) -> list[Reply]:
        return self._send("text", text)

    def other(self) -> list[Reply]:
        return self._send("other", "sticker")

    def forward(self, text: str) -> list[Reply]:
        """A message someone else sent: forwarded, or the caption of a photo."""
        return self._send("forwarded", text)

    def press_data(self, data: str) -> list[Reply]:
        return self._send("button", data)

    def buttons(self) -> list:
        return [b for r in self.last for row in r.buttons for b in row]

    def button(self, label: str):
        found = [b for b in self.buttons() if label.casefold() in plain(b.label).casefold()]
        assert found, f"no button {label!r} among {[b.label for b in self.buttons()]}"
        return found[0]

    def press(self, label: str) -> list[Reply]:
        return self.press_data(self.button(label).data)

    @property
    def text(self) -> str:
        """Everything the last event's replies said, as the user reads it."""
        return "\n".join(plain(r.text) for r in self.last)


def open_question(chat: Chat) -> str | None:
    """The id of the question the last replies ask, from its 'Why do we ask?' button."""
    for b in chat.buttons():
        if b.data.startswith("why:"):
            return b.data.split(":")[2]
    return None


def answer_all(chat: Chat, profile: dict, typed: dict | None = None) -> list[str]:
    """Answer every question asked, by pressing the buttons shown (typing amounts);
    a question missing from the profile is answered 'Not sure' or skipped. Returns the
    question ids in the order they were asked."""
    asked = []
    while (qid := open_question(chat)) is not None:
        assert qid not in asked, f"{qid} asked twice"
        asked.append(qid)
        q = chat.advisor.k.question(qid)
        if q.kind == "amount":
            value = (typed or {}).get(qid, profile.get(qid))
            if value is None:
                chat.press("Skip" if chat.lang == "en" else "跳过")
            else:
                chat.say(str(value))
        else:
            value = profile.get(qid, "unsure")
            match = [b for b in chat.buttons() if b.data.startswith("a:") and b.data.split(":")[2:] == [qid, value]]
            assert match, (qid, value, [b.data for b in chat.buttons()])
            chat.press_data(match[0].data)
    return asked


def start(chat: Chat) -> None:
    chat.command("start")
    chat.press("I agree" if chat.lang == "en" else "同意")


def questions_asked(k, answers: dict) -> int:
    """How many questions the interview asks for these answers (from the knowledge base)."""
    from bot.logic.interview import sequence
    return len(sequence(k, answers))


def heading(k, topic_id: str, lang: str) -> str:
    """What heads the answer to typed text: the topic's question, named as the related one."""
    return k.ui["faq_related"].get(lang) + k.topic(topic_id).question.get(lang)
