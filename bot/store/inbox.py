"""The inbox: every update from Telegram is written here before Telegram is told it arrived (the
getUpdates offset moves on, or the webhook answers 200), and marked handled once the bot
answered it. After a crash the unhandled ones are handled again; an update Telegram sends twice
is recognised by its id. Part of `Store` (a mixin over its connection, `self.db`)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlite_utils import Database

from .clock import now


class InboxRows:
    db: Database

    def keep_updates(self, updates: list[tuple[int, str | None, str]]) -> set[int]:
        """Store (update id, user key, JSON) rows; return the ids not seen before."""
        new, moment = set(), now()
        with self.db.atomic():
            for update_id, user, body in updates:
                if self.db.execute("insert or ignore into inbox (update_id, user_id, body, received_at) "
                                   "values (?, ?, ?, ?)", [update_id, user, body, moment]).rowcount == 1:
                    new.add(update_id)
        return new

    def pending_updates(self) -> list[str]:
        """The JSON of every update kept and not handled, oldest first."""
        return [row[0] for row in self.db.execute(
            "select body from inbox where handled_at is null order by update_id").fetchall()]

    def keep_replies(self, update_id: int, replies: str) -> bool:
        """The replies (JSON) handling an update produced, kept before the first is sent; False
        when its row is gone (/forget deleted it with the user's other rows)."""
        return self.db.execute("update inbox set replies = ?, sent = 0 where update_id = ? and handled_at is null",
                               [replies, update_id]).rowcount == 1

    def kept_replies(self, update_id: int) -> tuple[str | None, int] | None:
        """(replies JSON, how many reached Telegram) of an update in the inbox and not marked
        handled: the JSON is None when it has not been handled yet. None when the inbox does
        not hold it (it could not be kept, or it is no update from Telegram)."""
        row = self.db.execute("select replies, coalesce(sent, 0) from inbox where update_id = ? "
                              "and handled_at is null", [update_id]).fetchone()
        return (row[0], row[1]) if row else None

    def reply_sent(self, update_id: int, count: int) -> None:
        """The first `count` replies of an update reached Telegram."""
        self.db.execute("update inbox set sent = ? where update_id = ?", [count, update_id])

    def update_handled(self, update_id: int) -> None:
        """Answered: only its id stays (to recognise a second delivery), the text goes."""
        self.db.execute("update inbox set handled_at = ?, body = null, replies = null where update_id = ?",
                        [now(), update_id])

    def prune_inbox(self, older_than: timedelta) -> int:
        """Forget the ids of updates handled longer ago than that (Telegram will not send them
        again)."""
        before = (datetime.now(timezone.utc) - older_than).isoformat(timespec="seconds")
        return self.db.execute("delete from inbox where handled_at is not null and handled_at < ?",
                               [before]).rowcount
