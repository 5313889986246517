"""The reminders' rows: booked, claimed by a sender for a while, sent, retried, given up.
Part of `Store` (a mixin over its connection, `self.db`)."""
from __future__ import annotations

from typing import Callable

from sqlite_utils import Database


class ReminderRows:
    db: Database

    # -- reminders -----------------------------------------------------------------------
    def set_reminders(self, user: str, frequency: str, first_due: str | None) -> None:
        """Choose a frequency ('off' stops them): unsent reminders go, the first new one is booked."""
        with self.db.atomic():
            self.db.execute("update users set reminder_frequency = ? where id = ?", [frequency, user])
            self.db.execute("delete from reminders where user_id = ? and sent_at is null", [user])
            if first_due is not None:
                self.db["reminders"].insert({"user_id": user, "frequency": frequency,
                                             "due_at": first_due, "sent_at": None, "attempts": 0})

    def next_reminder(self, user: str) -> dict | None:
        rows = list(self.db.query(
            "select * from reminders where user_id = ? and sent_at is null and failed_at is null "
            "order by due_at limit 1", [user]))
        return rows[0] if rows else None

    def due_reminders(self, moment: str, channel: str, limit: int = 500) -> list[dict]:
        """Reminders due by `moment` and free to take (not sent, not given up, not held by a
        claim, not waiting for a retry), of a channel's users who can still be reached."""
        return list(self.db.query(
            "select r.id, r.user_id, r.frequency, r.due_at, r.attempts from reminders r "
            "join users u on u.id = r.user_id "
            "where r.sent_at is null and r.failed_at is null and r.delivered_at is null and r.due_at <= :m "
            "and (r.claimed_until is null or r.claimed_until <= :m) and (r.retry_at is null or r.retry_at <= :m) "
            "and u.active = 1 and u.id like :channel order by r.due_at limit :limit",
            {"m": moment, "channel": channel + ":%", "limit": limit}))

    def claim_due_reminders(self, moment: str, held_until: str, channel: str, limit: int = 500) -> list[dict]:
        """Take the reminders due by `moment` until `held_until`: no other scan (another process,
        say) takes them meanwhile; one never reported (the process died while sending) is free
        again after that, so every reminder is delivered at least once."""
        claimed = []
        with self.db.atomic():
            for row in self.due_reminders(moment, channel, limit):
                if self.db.execute("update reminders set claimed_until = ? where id = ? and sent_at is null "
                                   "and (claimed_until is null or claimed_until <= ?)",
                                   [held_until, row["id"], moment]).rowcount == 1:
                    claimed.append(row)
        return claimed

    def reminder_sent(self, reminder_id: int, moment: str, next_due: Callable[[str], str]) -> None:
        """Telegram took the reminder: it is sent, and the user's next one is booked (once)."""
        with self.db.atomic():
            if self.db.execute("update reminders set sent_at = ?, claimed_until = null where id = ? "
                               "and sent_at is null and failed_at is null", [moment, reminder_id]).rowcount == 1:
                self._book_next(reminder_id, next_due)

    def reminder_taken(self, reminder_id: int, moment: str) -> None:
        """Telegram took the reminder: marked at once (from a connection of its own, so no queue
        of other work lies between the two), before `reminder_sent` books the next one."""
        self.db.execute("update reminders set delivered_at = ? where id = ? and sent_at is null",
                        [moment, reminder_id])

    def reminders_taken_unbooked(self, channel: str) -> list[int]:
        """Reminders Telegram took whose process stopped before recording them as sent."""
        return [row[0] for row in self.db.execute(
            "select id from reminders where delivered_at is not null and sent_at is null and failed_at is null "
            "and user_id like ?",
            [channel + ":%"]).fetchall()]

    def reminder_failed(self, reminder_id: int, moment: str, retry_at: str | None,
                        next_due: Callable[[str], str]) -> None:
        """Sending failed: try again at `retry_at`, or (None) give it up and book the next one."""
        with self.db.atomic():
            if retry_at is not None:
                self.db.execute("update reminders set attempts = coalesce(attempts, 0) + 1, retry_at = ?, "
                                "claimed_until = null where id = ? and sent_at is null", [retry_at, reminder_id])
            elif self.db.execute("update reminders set attempts = coalesce(attempts, 0) + 1, failed_at = ?, "
                                 "claimed_until = null where id = ? and sent_at is null and failed_at is null",
                                 [moment, reminder_id]).rowcount == 1:
                self._book_next(reminder_id, next_due)

    def _book_next(self, reminder_id: int, next_due: Callable[[str], str]) -> None:
        """The next reminder after this one, if the user still wants them at this frequency and
        none is booked already."""
        row = self.db["reminders"].get(reminder_id)
        wanted = self.db.execute("select reminder_frequency from users where id = ?", [row["user_id"]]).fetchone()
        booked = self.db.execute("select count(*) from reminders where user_id = ? and sent_at is null "
                                 "and failed_at is null", [row["user_id"]]).fetchone()[0]
        if wanted and wanted[0] == row["frequency"] and not booked:
            self.db["reminders"].insert({"user_id": row["user_id"], "frequency": row["frequency"],
                                         "due_at": next_due(row["frequency"]), "sent_at": None, "attempts": 0})

    def reminder(self, reminder_id: int) -> dict | None:
        rows = list(self.db.query("select * from reminders where id = ?", [reminder_id]))
        return rows[0] if rows else None
