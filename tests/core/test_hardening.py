"""Property-based hardening of the conversation core: random sequences of commands, valid,
stale and forged button presses, random text in both scripts, and restarts over the same
database. Invariants: no exception escapes, every reply is valid Telegram HTML under 4096
characters with button data under 64 bytes (checked by `Chat`), the stored interview is at the
question the user was last shown, and no answer is lost."""
from __future__ import annotations

from zoneinfo import ZoneInfo

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from bot.core import COMMANDS, Advisor
from bot.kb import default
from bot.store import Store
from tests.helpers import Chat

K = default()
TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="微粒贷额度被降了怎么办逾期征信客服强开保证金五千两万一二三", max_size=30),
    st.sampled_from(["5000", "5千", "1.2万", "-3", "<b>x</b>", "&amp;", "13812345678", "为什么降额",
                     "someone wants a fee to open my weilidai", "a" * 3000, "🙂", "",
                     "额度\ud83d被降了", "\udc80"]),  # half an emoji (a lone surrogate), as JSON can carry
)


class Conversation(RuleBasedStateMachine):
    @initialize()
    def open(self):
        self.dir = Path(tempfile.mkdtemp())
        self.store = Store(self.dir / "qd.db")
        self.chat = Chat(Advisor(self.store, K, ZoneInfo("Asia/Shanghai")))
        self.seen: list[str] = []             # every button's data the user was ever shown
        self.given: dict[tuple[int, str], object] = {}  # (interview, question) → answer applied

    def teardown(self):
        self.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _after(self):
        self.seen.extend(b.data for b in self.chat.buttons() if b.data)
        if self.store.user("test:42") is None:  # /forget: everything kept is gone, by design
            self.given.clear()

    def _shown_question(self):
        """(interview id, question id) of the question in the last replies, if any."""
        for b in self.chat.buttons():
            if b.data.startswith("why:"):
                _, iid, qid = b.data.split(":")
                return int(iid), qid
        return None

    @rule(name=st.sampled_from(COMMANDS + ("nonsense", "START", "diagnose@QuotaDoctorBot")))
    def command(self, name):
        self.chat.command(name)
        self._after()

    @rule(text=TEXT)
    def text(self, text):
        row = self.store.open_interview("test:42") if self.store.user("test:42") else None
        before = self.store.answers(row["id"]) if row else None
        self.chat.say(text)
        if row:
            after = self.store.answers(row["id"])
            changed = {q for q in set(before) | set(after) if before.get(q, ...) != after.get(q, ...)}
            assert changed <= {row["current"]}, changed  # typed text can only answer the open question
            if changed:
                self.given[(row["id"], row["current"])] = after[row["current"]]
        self._after()

    def _press(self, data: str) -> None:
        """Press. An answer or Skip for the question the open interview is at is applied, even
        from an older message that asked the same question (after Back); any other press leaves
        every stored answer as it was."""
        row = self.store.open_interview("test:42") if self.store.user("test:42") else None
        before = self.store.answers(row["id"]) if row else None
        self.chat.press_data(data)
        parts = data.split(":")
        current = K.interview.question_by_id.get(row["current"]) if row else None
        value = parts[3] if len(parts) > 3 else ""
        if row and parts[0] in ("a", "s", "amt") and len(parts) >= 3 and parts[1:3] == [str(row["id"]), row["current"]] \
                and (parts[0] == "s" or (parts[0] == "a" and current.choice(value))
                     or (parts[0] == "amt" and value.isdecimal() and int(value) in current.quick)):
            self.given[(row["id"], row["current"])] = (value if parts[0] == "a" else None if parts[0] == "s"
                                                    else int(value))
            assert self.store.answers(row["id"])[row["current"]] == self.given[(row["id"], row["current"])]
        elif row and parts[0] not in ("new", "fg", "reuse", "fresh", "ok"):
            assert self.store.answers(row["id"]) == before, data
        self._after()

    @precondition(lambda self: bool(self.chat.buttons()))
    @rule(data=st.data())
    def press_visible(self, data):
        self._press(data.draw(st.sampled_from(self.chat.buttons())).data)

    @precondition(lambda self: bool(self.seen))
    @rule(data=st.data())
    def press_old(self, data):
        self._press(data.draw(st.sampled_from(self.seen)))

    @rule(data=st.text(max_size=64).filter(lambda s: len(s.encode()) <= 64))
    def press_forged(self, data):
        self.chat.press_data(data)
        self._after()

    @rule()
    def restart(self):
        last = self.chat.last
        self.store.close()
        self.store = Store(self.dir / "qd.db")
        self.chat = Chat(Advisor(self.store, K, ZoneInfo("Asia/Shanghai")))
        self.chat.last = last  # the user still sees the same messages

    @invariant()
    def stored_interview_is_where_the_user_is(self):
        if not hasattr(self, "chat"):
            return
        shown = self._shown_question()
        if shown is not None:
            row = self.store.open_interview("test:42")
            assert row is not None and row["id"] == shown[0] and row["current"] == shown[1]

    @invariant()
    def no_answer_is_lost(self):
        if not hasattr(self, "chat") or self.store.user("test:42") is None:
            return
        for (iid, qid), value in self.given.items():
            assert self.store.answers(iid).get(qid) == value, (iid, qid)


Conversation.TestCase.settings = settings(max_examples=100, stateful_step_count=40, deadline=None,
                                          suppress_health_check=[HealthCheck.too_slow])
test_random_conversations_keep_their_invariants = Conversation.TestCase
