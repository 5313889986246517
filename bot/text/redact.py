"""Personal numbers out of free text, before anything a user typed is stored or logged (pure).

What each pattern catches (full-width digits are read as ASCII ones first):
- `_EMAIL`  an e-mail address.
- `_ID`     an 18-digit Chinese ID number with a valid birth date, unbroken or grouped by spaces
            or dashes (110105 1990 0307 123X, 110105-19900307-123X); `_ID15` the old 15-digit form.
- `_PHONE`  a mainland mobile number (1[3-9] and 9 more digits), optionally +86/0086, unbroken or
            grouped by spaces, dashes or dots (138 1234 5678, 1381 234 5678, 138.1234.5678).
- `_CARD`   a run of 13-19 digits, optionally grouped by single spaces or dashes: a bank card when
            it passes the Luhn check, or (a typo) when it has 16-19 digits and is unbroken or in
            groups of four; a list of round amounts or years (2000 3000 4000 5000) is never a card.
- `_WXID`   a WeChat internal id (wxid_...), wherever it stands.
- `_WECHAT` an id after a WeChat cue (微信, 微信号, V信, vx, wx, 加V, WeChat ID:): after an explicit cue
            (微信号, 微信：, vx:, WeChat ID:) any 5-20 character id starting with a letter; after a bare
            cue (or "wechat:") only one with a digit or underscore (abc_12345): "WeChat pay" is kept.
- `_QQ`     a 5-11 digit number after QQ, qq号, 扣扣 (not an amount: no 元/块/万 after it).
- `_CODE`   a 4-8 digit verification code after 验证码, 校验码, 动态码, "verification code",
            "your code is"; a bare number without such a cue is kept (it may be an amount).
For an id or code after a cue only the id is replaced: the cue word stays for the scam shield.
Amounts (20000, 1,200,000, ¥50,000, 5万), dates, times and short or 400 hotlines are kept."""
from __future__ import annotations

import re
from dataclasses import dataclass

_FULL_WIDTH = str.maketrans("０１２３４５６７８９－．　", "0123456789-. ")
_NOT_AMOUNT = r"(?!\s*(?:元|块|万|千|百|[kw](?![a-z])|rmb|yuan))"  # a number followed by a unit is money
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_ID = re.compile(rf"(?<![0-9])[1-9]\d{{5}}[ -]?(?:19|20)\d{{2}}[ -]?{_DATE}[ -]?\d{{3}}[0-9xX](?![0-9])")
_ID15 = re.compile(rf"(?<![0-9])[1-9]\d{{5}}[ -]?\d{{2}}{_DATE}[ -]?\d{{3}}(?![0-9])")
_PHONE = re.compile(r"(?<![0-9])(?:(?:\+|00)?86[ -]?)?1[3-9]\d"
                    r"(?:\d{8}|[ .-](?:\d[ .-]?){7}\d|\d[ .-](?:\d[ .-]?){6}\d)(?![0-9])")
_CARD = re.compile(r"(?<![0-9])(?:\d[ -]?){12,18}\d(?![0-9])")
_WXID = re.compile(r"(?<![A-Za-z0-9_])(?P<x>wxid_[A-Za-z0-9_-]{3,30})", re.I)
_WECHAT = re.compile(r"(?P<cue>微信|威信|薇信|v信|加v|(?<![a-z0-9])(?:wechat|weixin|vx|wx))"
                     r"(?P<mark>\s*(?:账号|号|id))?(?P<colon>\s*[:：])?\s*(?:是|is\s)?\s*"
                     r"(?P<x>[a-z][a-z0-9_-]{4,19})(?![a-z0-9_-])", re.I)
_QQ = re.compile(r"(?:(?<![a-z])qq|扣扣)(?:\s*(?:号码|号|number|no\.?))?\s*(?:[:：]|是|is\s)?\s*"
                 rf"(?P<x>[1-9]\d{{4,10}})(?![0-9]){_NOT_AMOUNT}", re.I)
_CODE = re.compile(r"(?:验证码|校验码|动态码|动态密码|短信码|确认码"
                   r"|(?:verification|security|confirmation|sms)\s+code|(?<![a-z])(?:otp|(?:your|the|my)\s+code))"
                   rf"\s*(?:[:：=]|是|为|is\s|was\s)?\s*(?P<x>\d{{4,8}})(?![0-9]){_NOT_AMOUNT}", re.I)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _card(m: re.Match) -> bool:
    """A card number: Luhn-valid, or 16-19 digits unbroken or in fours (one digit mistyped)."""
    groups = re.split(r"[ -]", m.group(0))
    digits = "".join(groups)
    if len(groups) > 1 and all(g.endswith("0") or 1900 <= int(g) <= 2099 for g in groups):
        return False  # a list of round amounts or of years
    if luhn_ok(digits):
        return True
    return len(digits) >= 16 and all(len(g) == 4 for g in groups[:-1])


def _wechat(m: re.Match) -> bool:
    """After an explicit cue any id; after a bare cue (or "WeChat" with only ID or a colon) one
    that has a digit or underscore, unlike an English word."""
    chinese_style = m["cue"].lower() not in ("wechat", "weixin") or (m["mark"] or "").strip() in ("号", "账号")
    explicit = bool(m["mark"] or m["colon"]) and (chinese_style or bool(m["mark"] and m["colon"]))
    return explicit or re.search(r"[0-9_]", m["x"]) is not None


@dataclass(frozen=True)
class Redacted:
    text: str
    kinds: tuple[str, ...]  # what was removed: id, card, phone, email, wechat, qq, code


def redact(text: str) -> Redacted:
    """Replace e-mail addresses, Chinese ID numbers, phone numbers, bank card numbers, WeChat and
    QQ ids and verification codes with placeholders such as [phone] (see the module docstring).
    A text with nothing personal in it comes back unchanged."""
    kinds: list[str] = []

    def sub(pattern: re.Pattern, kind: str, s: str, check=None) -> str:
        def repl(m: re.Match) -> str:
            if check is not None and not check(m):
                return m.group(0)
            if kind not in kinds:
                kinds.append(kind)
            keep = m.start("x") - m.start() if "x" in pattern.groupindex else 0
            return f"{m.group(0)[:keep]}[{kind}]"
        return pattern.sub(repl, s)

    s = text.translate(_FULL_WIDTH)
    s = sub(_EMAIL, "email", s)
    s = sub(_ID, "id", s)
    s = sub(_ID15, "id", s)
    s = sub(_PHONE, "phone", s)
    s = sub(_CARD, "card", s, _card)
    s = sub(_WXID, "wechat", s)
    s = sub(_WECHAT, "wechat", s, _wechat)
    s = sub(_QQ, "qq", s)
    s = sub(_CODE, "code", s)
    return Redacted(s, tuple(kinds)) if kinds else Redacted(text, ())
