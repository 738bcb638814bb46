"""Password policies: every length boundary, character classes and the WPS lockout."""

from datetime import timedelta

import pytest

from app.errors import MeterDeskError
from app.security.password_policy import (
    DIGIT,
    LOWER,
    POLICIES,
    PRINTABLE_ASCII,
    SYMBOL,
    UPPER,
    WPS,
    LockoutStep,
    PasswordPolicy,
    policy_for,
)

# A 6-16 character model, as the later per-model policies will look.
SIXTEEN = PasswordPolicy(
    model="test model",
    min_length=6,
    max_length=16,
    source="test",
    required=(UPPER, LOWER, DIGIT, SYMBOL),
    allowed=PRINTABLE_ASCII,
    lockout=(LockoutStep(3, timedelta(minutes=5), "test"),),
)


def _of_length(n: int) -> str:
    return ("Aa1!" + "x" * 40)[:n]


@pytest.mark.parametrize(
    ("length", "reasons"),
    [
        (5, ["5 characters, the minimum is 6"]),
        (6, []),
        (16, []),
        (17, ["17 characters, the maximum is 16"]),
    ],
)
def test_length_boundaries_of_a_16_character_policy(length, reasons):
    assert SIXTEEN.check(_of_length(length)) == reasons


@pytest.mark.parametrize(
    ("length", "reasons"),
    [
        (5, ["5 characters, the minimum is 6"]),
        (6, []),
        (32, []),
        (33, ["33 characters, the maximum is 32"]),
    ],
)
def test_wps_length_boundaries(length, reasons):
    assert WPS.check(("Ab" + "c" * 40)[:length]) == reasons


def test_single_character_is_singular():
    assert WPS.check("A")[0] == "1 character, the minimum is 6"


@pytest.mark.parametrize(
    ("password", "missing"),
    [
        ("abcdef", ["needs an upper-case letter"]),
        ("ABCDEF", ["needs a lower-case letter"]),
        ("123456", ["needs an upper-case letter", "needs a lower-case letter"]),
        ("Abcdef", []),
        ("ÉCOLEé", []),
    ],
)
def test_wps_requires_upper_and_lower_case(password, missing):
    assert WPS.check(password) == missing


def test_wps_accepts_digits_symbols_and_spaces():
    assert WPS.check("Ab 1!€x") == []


@pytest.mark.parametrize(
    ("password", "reasons"),
    [
        ("Abcdef1!", []),
        ("bcdef1!x", ["needs an upper-case letter"]),
        ("ABCDE1!X", ["needs a lower-case letter"]),
        ("Abcdef!x", ["needs a digit"]),
        ("Abcdef1x", ["needs a symbol"]),
        ("Abcd f1x", ["needs a symbol"]),  # a space is not a symbol
    ],
)
def test_each_complexity_class_is_reported(password, reasons):
    assert SIXTEEN.check(password) == reasons


def test_characters_outside_the_allowed_set_are_named_by_position():
    assert SIXTEEN.check("Abc1!é") == [
        ("character 6 is not allowed: only printable ASCII characters "
        "(letters, digits, symbols and space) are accepted")
    ]
    assert SIXTEEN.check("Ä1!aé")[-1].startswith("characters 1, 5 are not allowed")


def test_reasons_never_contain_the_password():
    secret = "zz9zz9zz9zz9zz9zz9"
    assert all(secret not in reason for reason in SIXTEEN.check(secret))


def test_several_reasons_are_reported_together():
    assert SIXTEEN.check("abc") == [
        "3 characters, the minimum is 6",
        "needs an upper-case letter",
        "needs a digit",
        "needs a symbol",
    ]


@pytest.mark.parametrize(
    ("failures", "minutes"),
    [(0, 0), (9, 0), (10, 10), (11, 10), (14, 10), (15, 60), (16, 60), (100, 60)],
)
def test_wps_lockout_schedule(failures, minutes):
    assert WPS.lock_after(failures) == timedelta(minutes=minutes)


def test_wps_lockout_steps_cite_the_manual():
    assert [(s.failures, s.lock, s.source) for s in WPS.lockout] == [
        (10, timedelta(minutes=10), "wps.md §6.3 / L1158-1160"),
        (15, timedelta(minutes=60), "wps.md §6.3 / L1162"),
    ]


def test_describe_states_the_rules_in_words():
    lines = WPS.describe()
    assert lines[:5] == [
        "6 to 32 characters.",
        "Needs an upper-case letter.",
        "Needs a lower-case letter.",
        "From the 10th failed login in a row, each failure locks access for 10 minutes.",
        "From the 15th failed login in a row, each failure locks access for 60 minutes.",
    ]
    assert any("fifteenth" in line for line in lines)


def test_policy_without_maximum():
    policy = PasswordPolicy(model="m", min_length=4, max_length=None, source="s")
    assert policy.check("x" * 500) == []
    assert policy.describe() == ["At least 4 characters."]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"min_length": 8, "max_length": 6},
        {"min_length": -1, "max_length": 6},
        {
            "min_length": 1,
            "max_length": 6,
            "lockout": (
                LockoutStep(5, timedelta(minutes=1), "s"),
                LockoutStep(5, timedelta(minutes=2), "s"),
            ),
        },
    ],
)
def test_inconsistent_policy_data_is_refused(kwargs):
    with pytest.raises(ValueError):
        PasswordPolicy(model="m", source="s", **kwargs)


def test_registry_lookup():
    assert policy_for("wps") is WPS
    assert POLICIES["wps"] is WPS
    with pytest.raises(MeterDeskError, match="no password policy.*'pm9999'.*wps"):
        policy_for("pm9999")
