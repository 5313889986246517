"""The least a python-telegram-bot bot of our shape can do: 16 questions as inline buttons,
each press answered and the message edited; no logic, no storage. The floor for bench/load.py.

    TELEGRAM_BOT_TOKEN=... TELEGRAM_BASE_URL=... python bench/floor_bot.py [--concurrent] [--tuned]

--tuned gives the floor what our bot does beyond the library's defaults: the press answered
while the message is edited.
"""
from __future__ import annotations

import argparse
import asyncio
import os

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, Defaults

TUNED = False

QUESTIONS = 16


def keyboard(n: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(f"Choice {c}", callback_data=f"q:{n}:{c}")
                                  for c in range(2)], [InlineKeyboardButton("Not sure", callback_data=f"q:{n}:u")]])


async def start(update: Update, context) -> None:
    await update.message.reply_text("Question 1", reply_markup=keyboard(1))


async def press(update: Update, context) -> None:
    query = update.callback_query
    n = int(query.data.split(":")[1]) + 1
    edit = (query.edit_message_text("Done") if n > QUESTIONS
            else query.edit_message_text(f"Question {n}", reply_markup=keyboard(n)))
    if TUNED:
        await asyncio.gather(query.answer(), edit)
    else:
        await query.answer()
        await edit


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--concurrent", action="store_true")
    parser.add_argument("--tuned", action="store_true")
    args = parser.parse_args()
    global TUNED
    TUNED = args.tuned
    builder = (Application.builder().token(os.environ["TELEGRAM_BOT_TOKEN"])
               .base_url(os.environ["TELEGRAM_BASE_URL"]).defaults(Defaults(parse_mode=ParseMode.HTML,
                                                                      link_preview_options=LinkPreviewOptions(is_disabled=True)))
               .concurrent_updates(args.concurrent))
    app = builder.build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(press))
    app.run_polling()


if __name__ == "__main__":
    main()
