"""Audit-log import: syslog parsing, security highlighting, malformed lines.

The fixtures under tests/data/wps were written for these tests from the syslog
formats (RFC 5424 and BSD); the guide gives no real message texts.
"""

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import MeterDeskError
from app.wps.audit_log import (
    CATEGORY_RULES,
    AuditLogError,
    Category,
    Severity,
    categorize,
    load_audit_log,
    parse_audit_log,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "wps"


@pytest.fixture(scope="module")
def rfc5424():
    return load_audit_log(DATA / "audit_rfc5424.log")


def test_rfc5424_export_events_and_problems_by_line(rfc5424):
    assert [e.line for e in rfc5424.events] == [1, 2, 3, 4, 5, 8, 9, 12, 14, 16, 17, 18]
    assert [(p.line, p.reason) for p in rfc5424.problems] == [
        (7, "no timestamp at the start (expected e.g. 'Mar 14 10:15:02' or "
            "'2023-03-14T10:15:02Z')"),
        (10, "priority <999> is out of range (0 to 191)"),
        (11, "timestamp '2023-03-14T25:61:00Z' is not a valid date and time"),
        (13, "the RFC 5424 header is cut short: expected timestamp, host, app, "
             "process id, message id and structured data"),
        (15, "a structured-data element is not closed with ']'"),
        (18, "bytes that are not UTF-8 are shown as '\ufffd'"),
        (19, "the priority at the start is not a number in '<' and '>'"),
    ]
    assert str(rfc5424.problems[0]) == rfc5424.problems[0].reason.join(["line 7: ", ""])
    assert rfc5424.problems[0].text == "this line is not syslog at all"


def test_rfc5424_fields(rfc5424):
    first = rfc5424.events[0]
    assert first.timestamp == datetime(2023, 3, 14, 9, 0, 1, 120000, tzinfo=timezone.utc)
    assert (first.time_text, first.host, first.app) == (
        "2023-03-14T09:00:01.120Z", "wps-3f2a", "wps"
    )
    assert first.severity is Severity.INFORMATIONAL
    assert (first.message, first.category, first.security) == (
        "System booting", Category.REBOOT, False
    )
    by_line = {e.line: e for e in rfc5424.events}
    assert by_line[3].structured_data == '[auth@32473 attempt="1"]'
    assert by_line[3].severity is Severity.WARNING
    assert by_line[9].message == "Invalid firmware rejected"
    assert by_line[9].severity.label == "error"
    assert by_line[17].timestamp.utcoffset() == timedelta(hours=1)
    assert by_line[18].message == "Label caf\ufffd"


def test_all_nil_header_is_a_valid_event(rfc5424):
    event = next(e for e in rfc5424.events if e.line == 16)
    assert (event.timestamp, event.host, event.app, event.message) == (None, None, None, "")
    assert event.category is None


def test_security_events_are_highlighted(rfc5424):
    assert [(e.line, e.category) for e in rfc5424.security_events] == [
        (4, Category.TEMPORARY_LOCK),
        (5, Category.DENIED_ACCESS),
        (9, Category.REJECTED_FIRMWARE),
        (12, Category.LORAWAN_CHANGE),
        (14, Category.PASSWORD_RECOVERY),
    ]
    assert rfc5424.count(Category.INVALID_LOGIN) == 1
    assert rfc5424.count(Category.FIRMWARE_UPDATE) == 1
    assert rfc5424.count(Category.REBOOT) == 2


def test_bsd_export_with_crlf_and_optional_priority():
    log = load_audit_log(DATA / "audit_bsd.log", year=2023)
    assert [(e.line, e.app, e.category) for e in log.events] == [
        (1, "auth", Category.INVALID_LOGIN),
        (2, "auth", Category.TEMPORARY_LOCK),
        (3, None, Category.REBOOT),
        (5, "wps", Category.LORAWAN_CHANGE),
    ]
    first = log.events[0]
    assert first.timestamp == datetime(2023, 3, 4, 8, 15, 2)
    assert first.severity is Severity.INFORMATIONAL and first.host == "wps-3f2a"
    assert log.events[2].severity is None and log.events[2].message == "System restarted"
    assert [(p.line, p.reason) for p in log.problems] == [
        (4, "timestamp 'Feb 30 08:30:00' is not a valid date and time in 2023"),
        (6, "the host name is missing after the timestamp"),
    ]


def test_bsd_year_is_needed_for_leap_days():
    line = "Feb 29 12:00:00 wps-3f2a note: leap day"
    assert parse_audit_log(line, year=2024).events[0].timestamp == datetime(2024, 2, 29, 12)
    assert parse_audit_log(line, year=2023).problems[0].line == 1


def test_text_and_bytes_count_lines_alike():
    text = "\ufeffjunk\r\n\n<38>Mar  4 08:15:02 h a: Login failed\rjunk\u2028still line 4"
    from_text = parse_audit_log(text, year=2023)
    from_bytes = parse_audit_log(text.encode(), year=2023)
    assert from_text == from_bytes
    assert [p.line for p in from_text.problems] == [1, 4]
    assert [e.line for e in from_text.events] == [3]


def test_long_bad_lines_are_shortened_in_problems():
    (problem,) = parse_audit_log("x" * 5000).problems
    assert len(problem.text) == 201 and problem.text.endswith("…")


def test_empty_input():
    log = parse_audit_log(b"")
    assert (log.events, log.problems, log.security_events) == ((), (), ())


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400)))
def test_never_raises_on_arbitrary_content(data):
    log = parse_audit_log(data, year=2023)
    lines = [e.line for e in log.events] + [p.line for p in log.problems]
    assert all(n >= 1 for n in lines)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="<>0123456789 -[]\"\\=:TZ.+abcMar", max_size=80))
def test_never_raises_on_syslog_like_noise(tail):
    parse_audit_log(f"<34>1 {tail}\n<34>{tail}\nMar  4 {tail}", year=2023)


@pytest.mark.parametrize("name", ["missing.log", "."])
def test_unreadable_file_is_a_user_error(tmp_path, name):
    with pytest.raises(AuditLogError) as caught:
        load_audit_log(tmp_path / name)
    assert isinstance(caught.value, MeterDeskError)
    assert str(caught.value).startswith("cannot read the audit log")


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("User access temporarily locked", Category.TEMPORARY_LOCK),
        ("Login attempt while locked: access denied", Category.DENIED_ACCESS),
        ("Invalid firmware rejected", Category.REJECTED_FIRMWARE),
        ("Firmware signature check failed", Category.REJECTED_FIRMWARE),
        ("Forgotten password process started", Category.PASSWORD_RECOVERY),
        ("PASSWORD_RECOVERY", Category.PASSWORD_RECOVERY),
        ("LoRaWAN enabled", Category.LORAWAN_CHANGE),
        ("Wrong password", Category.INVALID_LOGIN),
        ("Firmware 001.002.000 installed", Category.FIRMWARE_UPDATE),
        ("Booting, firmware 001.000.000", Category.REBOOT),
        ("User account unlocked", None),
        ("Bluetooth activated", None),
    ],
)
def test_categorize(text, category):
    assert categorize(text) is category


def test_every_category_rule_cites_the_guide():
    assert {r.category for r in CATEGORY_RULES} == set(Category)
    assert all(r.source.startswith("wps.md §") and " / L" in r.source
               for r in CATEGORY_RULES)


@pytest.mark.parametrize(
    ("pri", "severity"), [(0, Severity.EMERGENCY), (191, Severity.DEBUG), (192, None)]
)
def test_priority_range_boundaries(pri, severity):
    log = parse_audit_log(f"<{pri}>1 - - - - - - text")
    if severity is None:
        assert [p.reason for p in log.problems] == ["priority <192> is out of range (0 to 191)"]
        assert log.events == ()
    else:
        assert [e.severity for e in log.events] == [severity] and log.problems == ()
