"""Reader for the audit log that EcoStruxure Power Commission exports from a WPS.

The guide only says the file is in syslog format (wps.md §6.4 / L1104), so each
line may be RFC 5424 (``<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG``) or the
BSD form (``[<PRI>]Mmm dd hh:mm:ss HOST TAG: MSG``, also with an ISO timestamp).
Bad lines become :class:`Problem` entries with their line numbers; parsing goes
on. The guide gives no message texts, so events are put into categories by the
keyword rules in :data:`CATEGORY_RULES`, which cite where the guide names each
kind of event.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from pathlib import Path

from app.errors import MeterDeskError
from app.i18n import N_, TranslatedEnum, _


class AuditLogError(MeterDeskError):
    """The audit-log file cannot be read at all."""


class Severity(IntEnum):
    """Syslog severities (RFC 5424 §6.2.1)."""

    EMERGENCY = 0
    ALERT = 1
    CRITICAL = 2
    ERROR = 3
    WARNING = 4
    NOTICE = 5
    INFORMATIONAL = 6
    DEBUG = 7

    @property
    def label(self) -> str:
        """Lower-case name for display, in the current language."""
        return _(_SEVERITY_WORDS[self])


_SEVERITY_WORDS = {
    Severity.EMERGENCY: N_("emergency"),
    Severity.ALERT: N_("alert"),
    Severity.CRITICAL: N_("critical"),
    Severity.ERROR: N_("error"),
    Severity.WARNING: N_("warning"),
    Severity.NOTICE: N_("notice"),
    Severity.INFORMATIONAL: N_("informational"),
    Severity.DEBUG: N_("debug"),
}


class Category(TranslatedEnum):
    """Kinds of audit events the guide asks engineers to watch for (:attr:`label` in words)."""

    TEMPORARY_LOCK = N_("temporary lock")
    DENIED_ACCESS = N_("denied access")
    REJECTED_FIRMWARE = N_("rejected firmware")
    PASSWORD_RECOVERY = N_("password recovery")
    LORAWAN_CHANGE = N_("LoRaWAN enabled or disabled")
    INVALID_LOGIN = N_("invalid login")
    FIRMWARE_UPDATE = N_("firmware update")
    REBOOT = N_("reboot")


SECURITY_CATEGORIES = frozenset({
    Category.TEMPORARY_LOCK,
    Category.DENIED_ACCESS,
    Category.REJECTED_FIRMWARE,
    Category.PASSWORD_RECOVERY,
    Category.LORAWAN_CHANGE,
})
"""The guide's security events (L951-956) and LoRaWAN changes, which it logs as
security events (L896)."""


@dataclass(frozen=True)
class CategoryRule:
    """Events whose text matches ``pattern`` (case-insensitive) get ``category``."""

    category: Category
    pattern: re.Pattern[str]
    source: str


def _rule(category: Category, pattern: str, source: str) -> CategoryRule:
    return CategoryRule(category, re.compile(pattern, re.IGNORECASE), source)


CATEGORY_RULES: tuple[CategoryRule, ...] = (
    _rule(
        Category.PASSWORD_RECOVERY,
        r"password\s+recovery|forgotten\s+password|password\s+forgotten",
        "wps.md §5.4 / L956, L975-978",
    ),
    _rule(
        Category.REJECTED_FIRMWARE,
        r"firmware\b.*\b(reject|invalid|signature)|\b(reject\w*|invalid)\b.*\bfirmware",
        "wps.md §5.4 / L955, L970-973",
    ),
    _rule(Category.DENIED_ACCESS, r"\bdenied\b", "wps.md §5.4 / L954, L965-968"),
    _rule(
        Category.TEMPORARY_LOCK,
        r"temporar\w*\s+lock|\blocked\b|\block\s*out\b",
        "wps.md §5.4, §6.3 / L953, L960-963, L1158",
    ),
    _rule(
        Category.LORAWAN_CHANGE,
        r"\blora(wan)?\b.*\b(en|dis)abled?\b|\b(en|dis)abled?\b.*\blora(wan)?\b",
        "wps.md §4.4 / L896",
    ),
    _rule(
        Category.INVALID_LOGIN,
        r"\b(invalid|failed|wrong|bad)\s+(login|logon|password|authentication"
        r"|credentials?)\b|\b(login|authentication)\s+(failed|failure|error)\b",
        "wps.md §6.4 / L1100, L1104",
    ),
    _rule(
        Category.FIRMWARE_UPDATE,
        r"\bfirmware\b.*\b(updat|upgrad|install)\w*|\b(updat|upgrad|install)\w*\b.*"
        r"\bfirmware\b",
        "wps.md §6.4 / L1100",
    ),
    _rule(
        Category.REBOOT,
        r"\b(re)?boot(ed|ing)?\b|\brestart(ed|ing)?\b|\bstart-?up\b",
        "wps.md §6.4, §6.6 / L1104, L1237",
    ),
)
"""Checked in order; the first match wins, so specific rules come first."""


def categorize(text: str) -> Category | None:
    """Category of the first rule of :data:`CATEGORY_RULES` that matches ``text``."""
    text = text.replace("_", " ")
    return next((r.category for r in CATEGORY_RULES if r.pattern.search(text)), None)


@dataclass(frozen=True)
class AuditEvent:
    """One parsed line. ``time_text`` is the timestamp as written in the file."""

    line: int
    timestamp: datetime | None
    time_text: str
    host: str | None
    app: str | None
    severity: Severity | None
    message: str
    category: Category | None
    structured_data: str = ""

    @property
    def security(self) -> bool:
        """Whether the event is a security event to highlight."""
        return self.category in SECURITY_CATEGORIES


@dataclass(frozen=True)
class Problem:
    """A line that could not be read fully; ``text`` is the line, shortened."""

    line: int
    reason: str
    text: str

    def __str__(self) -> str:
        return _("line {line}: {reason}").format(line=self.line, reason=self.reason)


@dataclass(frozen=True)
class AuditLog:
    """All events of a file in file order, and the problems met on the way."""

    events: tuple[AuditEvent, ...]
    problems: tuple[Problem, ...]

    @property
    def security_events(self) -> tuple[AuditEvent, ...]:
        """The events to highlight."""
        return tuple(e for e in self.events if e.security)

    def count(self, category: Category) -> int:
        """How many events fall in ``category``."""
        return sum(1 for e in self.events if e.category is category)


class _Malformed(Exception):
    """Why a line is not a syslog line (internal)."""


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_EOL = re.compile(r"\r\n|\r|\n")
_EOL_BYTES = re.compile(rb"\r\n|\r|\n")
_PRI = re.compile(r"<(\d+)>")
_RFC5424 = re.compile(r"([1-9]\d{0,2}) (.*)")
_ISO_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?"
)
_BSD_TIME = re.compile(
    rf"({'|'.join(_MONTHS)}) ([ \d]\d) (\d{{2}}):(\d{{2}}):(\d{{2}})"
)
_TAG = re.compile(r"([^\s:\[\]]{1,48})(?:\[[^\]\s]*\])?: ?(.*)")
_SHOWN = 200


def parse_audit_log(data: str | bytes, *, year: int | None = None) -> AuditLog:
    """Parse a syslog export; never raises on bad content.

    BSD-form timestamps carry no year: ``year`` supplies it (default: this year).
    Lines end at LF, CR LF or CR and count from 1; blank lines are skipped.
    """
    year = datetime.now().year if year is None else year
    events: list[AuditEvent] = []
    problems: list[Problem] = []
    for number, (text, decoded) in enumerate(_lines(data), 1):
        if not decoded:
            problems.append(Problem(
                number, _("bytes that are not UTF-8 are shown as '\ufffd'"), _short(text)
            ))
        if not text.strip():
            continue
        try:
            events.append(_parse_line(number, text, year))
        except _Malformed as exc:
            problems.append(Problem(number, str(exc), _short(text)))
    return AuditLog(tuple(events), tuple(problems))


def _lines(data: str | bytes) -> Iterator[tuple[str, bool]]:
    """Each line's text, and whether it was valid UTF-8."""
    if isinstance(data, str):
        for line in _EOL.split(data.removeprefix("\ufeff")):
            yield line, True
        return
    for raw in _EOL_BYTES.split(data.removeprefix(b"\xef\xbb\xbf")):
        try:
            yield raw.decode("utf-8"), True
        except UnicodeDecodeError:
            yield raw.decode("utf-8", errors="replace"), False


def load_audit_log(path: str | Path, *, year: int | None = None) -> AuditLog:
    """Read and parse an exported audit-log file.

    Raises :class:`AuditLogError` only when the file cannot be read; bad lines
    are reported as problems.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise AuditLogError(
            _("cannot read the audit log '{path}': {reason}").format(path=path, reason=reason)
        ) from exc
    return parse_audit_log(data, year=year)


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


def _parse_line(number: int, text: str, year: int) -> AuditEvent:
    severity = None
    rest = text
    pri = _PRI.match(text)
    if pri:
        value = int(pri.group(1))
        if value > 191:
            raise _Malformed(
                _("priority <{value}> is out of range (0 to 191)").format(value=value)
            )
        severity = Severity(value % 8)
        rest = text[pri.end():]
        rfc5424 = _RFC5424.fullmatch(rest)
        if rfc5424:
            return _parse_rfc5424(number, rfc5424.group(2), severity)
    elif text.startswith("<"):
        raise _Malformed(_("the priority at the start is not a number in '<' and '>'"))
    return _parse_bsd(number, rest, severity, year)


def _parse_rfc5424(number: int, rest: str, severity: Severity) -> AuditEvent:
    fields = rest.split(" ", 5)
    if len(fields) < 6:
        raise _Malformed(_(
            "the RFC 5424 header is cut short: expected timestamp, host, app, "
            "process id, message id and structured data"
        ))
    time_text, host, app, _procid, msgid, tail = fields
    timestamp = None if time_text == "-" else _iso_time(time_text)
    structured_data, message = _split_structured_data(tail)
    message = message.removeprefix("\ufeff")
    keywords = " ".join(p for p in (app, msgid, structured_data, message) if p != "-")
    return AuditEvent(
        line=number,
        timestamp=timestamp,
        time_text=time_text,
        host=None if host == "-" else host,
        app=None if app == "-" else app,
        severity=severity,
        message=message,
        category=categorize(keywords),
        structured_data="" if structured_data == "-" else structured_data,
    )


def _split_structured_data(tail: str) -> tuple[str, str]:
    if tail.startswith("-"):
        end = 1
    elif tail.startswith("["):
        end = 0
        while end < len(tail) and tail[end] == "[":
            end = _element_end(tail, end) + 1
    else:
        raise _Malformed(_("the structured data is neither '-' nor a '[...]' element"))
    if end < len(tail) and tail[end] != " ":
        raise _Malformed(_("no space between the structured data and the message"))
    return tail[:end], tail[end + 1:]


def _element_end(tail: str, start: int) -> int:
    """Index of the ']' closing the element opened at ``start``."""
    quoted = False
    index = start + 1
    while index < len(tail):
        char = tail[index]
        if quoted and char == "\\":
            index += 2
            continue
        if char == '"':
            quoted = not quoted
        elif char == "]" and not quoted:
            return index
        index += 1
    raise _Malformed(_("a structured-data element is not closed with ']'"))


def _parse_bsd(
    number: int, rest: str, severity: Severity | None, year: int
) -> AuditEvent:
    iso = _ISO_TIME.match(rest)
    bsd = _BSD_TIME.match(rest)
    if iso:
        time_text = iso.group(0)
        timestamp = _iso_time(time_text)
    elif bsd:
        time_text = bsd.group(0)
        timestamp = _bsd_time(bsd, year)
    else:
        raise _Malformed(_(
            "no timestamp at the start (expected e.g. 'Mar 14 10:15:02' or "
            "'2023-03-14T10:15:02Z')"
        ))
    after = rest[len(time_text):]
    if not after.startswith(" ") or not after.strip():
        raise _Malformed(_("the host name is missing after the timestamp"))
    host, __, content = after[1:].partition(" ")
    tag = _TAG.fullmatch(content)
    app, message = (tag.group(1), tag.group(2)) if tag else (None, content)
    return AuditEvent(
        line=number,
        timestamp=timestamp,
        time_text=time_text,
        host=host,
        app=app,
        severity=severity,
        message=message,
        category=categorize(f"{app or ''} {message}"),
    )


def _iso_time(text: str) -> datetime:
    if not _ISO_TIME.fullmatch(text):
        raise _Malformed(
            _("timestamp '{time}' is not an RFC 3339 date and time").format(time=text)
        )
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise _Malformed(
            _("timestamp '{time}' is not a valid date and time").format(time=text)
        ) from None


def _bsd_time(match: re.Match[str], year: int) -> datetime:
    month, day, hour, minute, second = match.groups()
    try:
        month_number = _MONTHS.index(month) + 1
        return datetime(
            year, month_number, int(day), int(hour), int(minute), int(second)
        )
    except ValueError:
        raise _Malformed(
            _("timestamp '{time}' is not a valid date and time in {year}").format(
                time=match.group(0), year=year
            )
        ) from None
