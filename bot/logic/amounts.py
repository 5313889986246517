"""Read a typed amount of yuan: 5000, 5,000, ¥5000, 5k, 5千, 1.2万, 五千, 两万, and estimates:
大概两万, 2万左右, about 20k, 两三万 or 2-3万 (the middle of the range) (pure)."""
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


# words of an estimate, left out: the amount is read as stated ("大概两万", "about 20k", "5k or so")
_HEDGES = re.compile(r"左右|上下|大概|大约|差不多|估计|应该是|好像是|约|多块?$|"
                     r"approximately|approx\.?|roughly|around|about|maybe|probably|orso|ish$|~|≈", re.IGNORECASE)
# a range: "两三万", "三四千", "2-3万", "2到3万", "20-30k": its middle
_CN_DIGITS = "一二两三四五六七八九"
_CN_RANGE = re.compile(rf"^([{_CN_DIGITS}])([{_CN_DIGITS}])(十|百|千|万)$")
_RANGE = re.compile(r"^(\d+(?:\.\d+)?)(?:-|~|到|至|or)(\d+(?:\.\d+)?)([kw千万]?)$")
_CN_VALUE = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1_000, "万": 10_000, "k": 1_000, "w": 10_000, "": 1}


def parse_amount(text: str) -> int:
    """The amount in whole yuan; raise BadAmount for negatives, nonsense and absurd sizes."""
    s = unicodedata.normalize("NFKC", str(text)).strip().lower()  # full-width digits, ￥ → ¥
    s = s.replace("¥", "").replace("$", "").replace(" ", "")
    s = _CURRENCY.sub("", s)
    s = _HEDGES.sub("", s)
    if not s or len(s) > 20:
        raise BadAmount(text)
    if m := _CN_RANGE.match(s):
        low, high = _CN_VALUE[m.group(1)], _CN_VALUE[m.group(2)]
        if high <= low:
            raise BadAmount(text)
        return _checked((low + high) / 2 * _CN_UNIT[m.group(3)], text)
    if m := _RANGE.match(s):
        low, high = float(m.group(1)), float(m.group(2))
        if high <= low:
            raise BadAmount(text)
        return _checked((low + high) / 2 * _CN_UNIT[m.group(3)], text)
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
    return _checked(value * multiplier, text)


def _checked(value: float, text: str) -> int:
    if value < 0 or value > MAX_YUAN or value != value:
        raise BadAmount(text)
    return int(round(value))
