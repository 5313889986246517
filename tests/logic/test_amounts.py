import pytest

from bot.logic.amounts import BadAmount, parse_amount


@pytest.mark.parametrize("text, yuan", [
    ("5000", 5000), ("5,000", 5000), ("¥5000", 5000), ("￥5,000", 5000), ("5k", 5000), ("5K", 5000),
    ("5千", 5000), ("1.2万", 12000), ("五千", 5000), ("两万", 20000), ("一万二", 12000), ("3千5", 3500),
    ("5000元", 5000), ("５０００", 5000), ("0", 0), ("1.5w", 15000), ("20万", 200000),
    (" 8000 块 ", 8000), ("两千五百元", 2500), ("约5000", 5000),
])
def test_amounts_users_type(text, yuan):
    assert parse_amount(text) == yuan


@pytest.mark.parametrize("text", ["-5000", "负五千", "abc", "5,00", "1e5", "nan", "inf", "", "5..0",
                                  "hello 5000", "99999999999", "<b>1</b>", "1,2345"])
def test_nonsense_and_negatives_are_refused(text):
    with pytest.raises(BadAmount):
        parse_amount(text)
