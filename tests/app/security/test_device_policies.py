"""Every model's password policy at its boundaries: lengths, complexity classes, allowed characters."""

from __future__ import annotations

import pytest

from app.errors import MeterDeskError
from app.security.password_policy import (
    BCPME,
    ION7400,
    ISKRA_MQTT,
    ISKRA_WIFI,
    POLICIES,
    ion7400_policy,
    ion7400_rule_problems,
    policy_for,
)
from app.security.strength import LABELS, estimate


def _mixed(n: int) -> str:
    """``n`` characters with upper, lower, digit and symbol (n >= 4)."""
    return ("Aa1!" + "b2C#" * 10)[:n]


@pytest.mark.parametrize("complexity", ["None", "IEEE 1686-2013", "NERC CIP-007-5"])
@pytest.mark.parametrize(
    ("length", "reasons"),
    [(5, ["5 characters, the minimum is 6"]), (6, []), (16, []), (17, ["17 characters, the maximum is 16"])],
)
def test_ion7400_lengths_with_a_minimum_of_6(complexity, length, reasons):
    assert ion7400_policy("advanced", complexity, 6).check(_mixed(length)) == reasons


def test_ion7400_factory_rules_accept_the_factory_password_and_cap_at_16():
    assert ION7400.check("0") == []
    assert ION7400.check("") == ["0 characters, the minimum is 1"]
    assert ION7400.check("x" * 17) == ["17 characters, the maximum is 16"]


@pytest.mark.parametrize(
    ("password", "ieee", "nerc"),
    [
        ("Abcdef1!", [], []),
        ("abcdef1!", ["needs an upper-case letter"], []),
        ("ABCDEF1!", ["needs a lower-case letter"], []),
        ("Abcdefg!", ["needs a digit"], []),
        ("Abcdefg1", ["needs a symbol"], []),
        ("abcdefg1", ["needs an upper-case letter", "needs a symbol"],
         ["needs 3 of these: an upper-case letter, a lower-case letter, a digit, a symbol (it has 2)"]),
        ("abcdefgh", ["needs an upper-case letter", "needs a digit", "needs a symbol"],
         ["needs 3 of these: an upper-case letter, a lower-case letter, a digit, a symbol (it has 1)"]),
    ],
)
def test_ion7400_complexity_classes(password, ieee, nerc):
    assert ion7400_policy("advanced", "IEEE 1686-2013", 8).check(password) == ieee
    assert ion7400_policy("advanced", "NERC CIP-007-5", 8).check(password) == nerc
    assert ion7400_policy("advanced", "None", 8).check(password) == []


def test_ion7400_characters_must_be_printable_ascii():
    assert ION7400.check("Zürich1") == [
        ("character 2 is not allowed: only printable ASCII characters (letters, digits, symbols and space) "
        "are accepted")
    ]


@pytest.mark.parametrize(
    ("complexity", "minimum", "problems"),
    [
        ("None", 1, []),
        ("None", 16, []),
        ("None", 17, ["minimum password length 17 is outside 1..16 (L1086)"]),
        ("None", 0, ["minimum password length 0 is outside 1..16 (L1086)"]),
        ("IEEE 1686-2013", 5, [("minimum password length 5 with IEEE 1686-2013: the manual requires at least 6 "
                               "(L1086)")]),
        ("IEEE 1686-2013", 6, []),
        ("NERC CIP-007-5", 5, [("minimum password length 5 with NERC CIP-007-5: the manual requires at least 6 "
                               "(L1086)")]),
        ("NERC CIP-007-5", 6, []),
        ("FIPS", 8, ["password complexity 'FIPS' is not an ION7400 option"]),
    ],
)
def test_ion7400_rule_set_up(complexity, minimum, problems):
    assert ion7400_rule_problems(complexity, minimum) == problems


def test_ion7400_some_clients_want_six_alphanumerics():
    assert ION7400.cautions("Ab12cd") == []
    assert ION7400.cautions("Ab12cd7") and ION7400.cautions("Ab-12c")
    assert "6 letters and digits" in ION7400.cautions("Abcdefgh")[0]


@pytest.mark.parametrize(("length", "ok"), [(1, True), (8, True), (9, False)])
def test_ion7400_standard_mode_is_one_numeric_password_of_8_digits(length, ok):
    policy = ion7400_policy("standard")
    assert (policy.check("7" * length) == []) is ok
    assert policy.check("12ab")[0].startswith("characters 3, 4 are not allowed: only digits")


@pytest.mark.parametrize(
    ("length", "reasons"),
    [(7, ["7 characters, the minimum is 8"]), (8, []), (32, []), (33, ["33 characters, the maximum is 32"])],
)
def test_bcpme_lengths(length, reasons):
    assert BCPME.check(_mixed(length)) == reasons


def test_bcpme_needs_upper_lower_and_digit():
    assert BCPME.check("abcdefgh") == ["needs an upper-case letter", "needs a digit"]
    assert BCPME.check("dX2oO8$A%e94SVoX") == []  # the label example (L1231-L1234)


@pytest.mark.parametrize(
    ("length", "reasons"),
    [(7, ["7 characters, the minimum is 8"]), (8, []), (63, []), (64, ["64 characters, the maximum is 63"])],
)
def test_iskra_wifi_passphrase_lengths(length, reasons):
    assert ISKRA_WIFI.check("w" * length) == reasons


@pytest.mark.parametrize(
    ("length", "reasons"),
    [(0, ["0 characters, the minimum is 1"]), (1, []), (32, []), (33, ["33 characters, the maximum is 32"])],
)
def test_iskra_mqtt_password_lengths(length, reasons):
    assert ISKRA_MQTT.check("m" * length) == reasons


def test_every_model_is_registered():
    assert set(POLICIES) == {"wps", "ion7400", "ion7400-standard", "bcpme", "iskra-sg-wifi", "iskra-sg-mqtt"}
    assert policy_for("bcpme") is BCPME
    with pytest.raises(MeterDeskError, match="complexity 'x'"):
        ion7400_policy("advanced", "x")


@pytest.mark.parametrize(
    ("password", "label"),
    [("", "very weak"), ("0", "very weak"), ("admin", "very weak"), ("abcdefgh", "weak"),
     ("k7mq", "weak"), ("Tq7rVx", "fair"), ("Tq7r!Vx9z", "strong"), ("Tq7r!Vx9zK#m2Lp$", "very strong")],
)
def test_strength_labels(password, label):
    assert estimate(password).label == label
    assert LABELS.index(label) == estimate(password).score
