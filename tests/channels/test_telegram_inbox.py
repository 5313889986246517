"""The replies kept with their update in the inbox (bot/channels/telegram/inbox.py): what a
replay after a crash sends is what the first handling produced, and an update already handled
is not handled again."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.channels.telegram import inbox
from bot.core import Advisor, Button, Document, Event, Reply
from bot.kb import default
from bot.store import Store


def test_replies_kept_in_the_inbox_come_back_whole():
    replies = [Reply("<b>Chart</b> 你的额度", photo=Document("limits.png", b"\x89PNG\x00\xff" * 10)),
               Reply("Pick one", ((Button("Yes", "a:1:x:yes"), Button("Site", url="https://example.org")),),
                     edit=True, toast="Noted"),
               Reply("Your data", document=Document("mydata.json", b'{"a": 1}'))]
    assert inbox.decode(inbox.encode(replies)) == replies


def test_an_update_handled_before_a_crash_gets_its_kept_replies_not_a_second_handling(tmp_path):
    store = Store(tmp_path / "qd.db")
    advisor = Advisor(store, default(), ZoneInfo("Asia/Shanghai"))
    event = Event("telegram:7", "text", "I want to kill myself, I can't repay my loans", "en")
    assert store.keep_updates([(11, "telegram:7", "{}")]) == {11}
    first = inbox.answer_once(advisor, 11, event)
    assert first.kept and first.sent == 0 and len(first.replies) == 2 and "12356" in first.replies[0].text
    store.reply_sent(11, 1)  # the first reached Telegram, then the process died
    logged = store.db["faq_log"].count
    assert logged == 1  # the question was logged once, by the first handling
    again = inbox.answer_once(advisor, 11, event)
    assert again == inbox.Answer(first.replies, 1, True)
    assert store.db["faq_log"].count == logged  # not asked again
    store.update_handled(11)
    row = store.db["inbox"].get(11)
    assert row["replies"] is None and row["body"] is None and row["handled_at"]


def test_an_update_the_inbox_could_not_keep_is_handled_and_not_marked(tmp_path):
    store = Store(tmp_path / "qd.db")
    advisor = Advisor(store, default(), ZoneInfo("Asia/Shanghai"))
    answer = inbox.answer_once(advisor, 12, Event("telegram:8", "command", "help", "en"))
    assert not answer.kept and "/diagnose" in answer.replies[0].text
    assert store.db["inbox"].count == 0


def test_a_second_delivery_left_as_a_bare_id_does_not_mark_the_first_handled(tmp_path):
    """`keep` puts a bare id in place of an update delivered again; its passing through the
    queue must not mark the first delivery handled while a replay may still be sending it."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor
    from types import SimpleNamespace

    from telegram import Update

    from bot.channels.telegram import store_thread
    store = Store(tmp_path / "qd.db")
    store.keep_updates([(21, "telegram:9", '{"update_id": 21, "message": {}}')])
    executor = ThreadPoolExecutor(max_workers=1)
    app = SimpleNamespace(bot_data={store_thread.MARKS: (executor, store)})
    full = Update.de_json({"update_id": 21, "message": {
        "message_id": 1, "date": 0, "chat": {"id": 9, "type": "private"}, "text": "hi",
        "from": {"id": 9, "is_bot": False, "first_name": "A"}}}, None)
    try:
        asyncio.run(inbox.handled(app, Update.de_json({"update_id": 21}, None)))
        assert store.db["inbox"].get(21)["handled_at"] is None
        asyncio.run(inbox.handled(app, full))
        assert store.db["inbox"].get(21)["handled_at"] is not None
    finally:
        executor.shutdown()
        store.close()
