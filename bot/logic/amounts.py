"""Read a typed amount of yuan: 5000, 5,000, ¥5000, 5k, 5千, 1.2万, 五千, 两万 (pure)."""
from __future__ import annotations

import re
import unicodedata

MAX_YUAN = 10_000_000  # far above any Weilidai limit (200,000); anything larger is a typo


def _cn2an():
    """cn2an, imported the first time a number is written in Chinese (its import takes a fifth
    of the bot's start-up)."""
    import cn2an
    return cn2an.cn2an


class BadAmount(ValueError):
    """The text is not an amount of yuan the advisor can read."""


_CURRENCY = re.compile(r"(人民币|rmb|cny|yuan|元|块钱|块|圆)", re.IGNORECASE)
_LATIN_UNITS = {"k": 1_000, "w": 10_000, "m": 1_000_000}
_SPLIT_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_amount(text: str) -> int:
    """The amount in whole yuan; raise BadAmount for negatives, nonsense and absurd sizes."""
    s = unicodedata.normalize("NFKC", str(text)).strip().lower()  # full-width digits, ￥ → ¥
    s = s.replace("¥", "").replace("$", "").replace(" ", "")
    s = _CURRENCY.sub("", s)
    s = s.replace("左右", "").replace("大约", "").replace("约", "").replace("about", "")
    if not s or len(s) > 20:
        raise BadAmount(text)
    if s.startswith(("-", "负", "−")):
        raise BadAmount(text)
    if "," in s:
        if not _SPLIT_THOUSANDS.match(s):
            raise BadAmount(text)
        s = s.replace(",", "")
    multiplier = 1
    if s[-1] in _LATIN_UNITS and re.fullmatch(r"\d+(\.\d+)?[kwm]", s):
        multiplier, s = _LATIN_UNITS[s[-1]], s[:-1]
    try:
        value = float(s) if re.fullmatch(r"\d+(\.\d+)?", s) else float(_cn2an()(s, "smart"))
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise BadAmount(text) from exc
    value *= multiplier
    if value < 0 or value > MAX_YUAN or value != value:
        raise BadAmount(text)
    return int(round(value))
