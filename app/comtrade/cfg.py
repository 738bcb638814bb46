"""The COMTRADE configuration (CFG) model and its parser.

Covers IEEE C37.111-1991, -1999 and -2013 (IEC 60255-24) CFG files and the
CFG section of a .cff file. The parser is driven by the line structure rather
than by the declared revision alone, because real recorders mix them (1997,
2000 and 2001 "revisions", 1991 lines in 1999 files, 4-field digital lines...).
Every recoverable deviation is logged as a warning with its line and field;
anything that leaves the file ambiguous raises :class:`ComtradeError`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from enum import StrEnum

from app.comtrade.errors import DESCRIBED_FIELDS, ComtradeError, WarningLog
from app.i18n import _, ngettext

REVISIONS = (1991, 1999, 2013)

ANALOG_FIELDS = (
    "An",
    "ch_id",
    "ph",
    "ccbm",
    "uu",
    "a",
    "b",
    "skew",
    "min",
    "max",
    "primary",
    "secondary",
    "PS",
)
DIGITAL_FIELDS = ("Dn", "ch_id", "ph", "ccbm", "y")
DIGITAL_FIELDS_1991 = ("Dn", "ch_id", "y")


class DataFormat(StrEnum):
    """DAT file formats (the CFG ``ft`` field)."""

    ASCII = "ASCII"
    BINARY = "BINARY"
    BINARY32 = "BINARY32"
    FLOAT32 = "FLOAT32"


@dataclass(frozen=True)
class AnalogChannel:
    """One analog channel: the value in engineering units is ``a * raw + b``.

    ``skew`` is in µs; ``primary``/``secondary`` are the transformer ratio
    factors, and ``ps`` says whether ``a * raw + b`` is a primary (``"P"``) or
    secondary (``"S"``) value.
    """

    index: int
    name: str
    phase: str = ""
    circuit: str = ""
    unit: str = ""
    a: float = 1.0
    b: float = 0.0
    skew: float = 0.0
    min: float = -32767.0
    max: float = 32767.0
    primary: float = 1.0
    secondary: float = 1.0
    ps: str = "P"
    line: int = field(default=0, compare=False)

    @property
    def ratio(self) -> float | None:
        """primary / secondary, or None when either factor is not positive."""
        if self.primary > 0 and self.secondary > 0:
            return self.primary / self.secondary
        return None


@dataclass(frozen=True)
class DigitalChannel:
    """One digital (status) channel; ``normal`` is its normal state (field y)."""

    index: int
    name: str
    phase: str = ""
    circuit: str = ""
    normal: bool = False
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class SampleRate:
    """A sampling-rate segment: ``rate`` in Hz up to sample number ``end_sample``."""

    rate: float
    end_sample: int


@dataclass(frozen=True)
class Stamp:
    """A CFG date/time stamp.

    ``when`` is None when the date or time is impossible (the text is kept);
    ``day_ns`` is the time of day in ns when at least the time part is valid;
    ``nanosecond`` is the part below the microsecond that ``datetime`` drops.
    """

    text: str
    when: dt.datetime | None = None
    nanosecond: int = 0
    day_ns: int | None = None
    fraction_digits: int = 6
    line: int = field(default=0, compare=False)

    def isoformat(self) -> str:
        """ISO 8601 text with the full fraction, or the CFG text when impossible."""
        if self.when is None:
            return self.text
        base = self.when.strftime("%Y-%m-%dT%H:%M:%S")
        total_ns = self.when.microsecond * 1000 + self.nanosecond
        digits = 9 if self.fraction_digits > 6 else 6
        frac = f"{total_ns:09d}"[:digits]
        return f"{base}.{frac}"


@dataclass(frozen=True)
class Config:
    """A parsed CFG file (all revisions); units: Hz, s, µs as noted."""

    station_name: str
    rec_dev_id: str
    revision: int
    analog: tuple[AnalogChannel, ...]
    digital: tuple[DigitalChannel, ...]
    line_frequency: float
    nrates: int
    rates: tuple[SampleRate, ...]
    start: Stamp
    trigger: Stamp
    data_format: DataFormat
    timemult: float = 1.0
    rev_text: str = ""
    time_code: str = ""
    local_code: str = ""
    tmq_code: str = ""
    leap_second: int = 0
    encoding: str = "utf-8"
    extra: tuple[str, ...] = field(default=())

    @property
    def uses_timestamps(self) -> bool:
        """True when sample times come from the DAT time stamps (nrates = 0 or samp = 0)."""
        return self.nrates == 0 or any(r.rate <= 0 for r in self.rates)

    @property
    def declared_samples(self) -> int:
        """The sample count the CFG declares (the largest endsamp)."""
        return max((r.end_sample for r in self.rates), default=0)

    @property
    def timestamp_unit(self) -> float:
        """Seconds per DAT time-stamp unit before timemult: 1e-6, or 1e-9 for 2013 ns stamps."""
        if (
            self.revision >= 2013
            and max(self.start.fraction_digits, self.trigger.fraction_digits) > 6
        ):
            return 1e-9
        return 1e-6

    @property
    def trigger_offset(self) -> float | None:
        """Trigger time minus start time in s, or None when the stamps do not allow it."""
        s, t = self.start, self.trigger
        if s.when is not None and t.when is not None:
            delta = t.when - s.when
            whole = (
                delta.days * 86400 + delta.seconds
            ) * 1_000_000 + delta.microseconds
            return (whole * 1000 + t.nanosecond - s.nanosecond) * 1e-9
        if (
            s.day_ns is not None
            and t.day_ns is not None
            and _date_part(s.text) == _date_part(t.text)
        ):
            return (t.day_ns - s.day_ns) * 1e-9
        return None

    @property
    def utc_offset_minutes(self) -> int | None:
        """The 2013 time_code as minutes east of UTC, or None when absent or 'x'."""
        return parse_time_code(self.time_code)


def _date_part(text: str) -> str:
    return text.split(",", 1)[0].replace(" ", "")


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_INT = re.compile(r"[+-]?\d{1,18}")  # bounded: int() of huge digit runs is refused
_STAMP = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{1,4}),(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d*))?"
)
_TIME_CODE = re.compile(r"([+-]?)(\d{1,2})(?:h(\d{1,2}))?")


def _shown(text: str) -> str:
    """A field as quoted in messages, cut to 40 characters."""
    return text if len(text) <= 40 else text[:40] + "..."


def parse_time_code(text: str) -> int | None:
    """'-5h30' -> -330 minutes, '+9' -> 540; None for '', 'x' or malformed text."""
    m = _TIME_CODE.fullmatch(text.strip())
    if not m:
        return None
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    return -minutes if m.group(1) == "-" else minutes


class _Lines:
    """A cursor over the CFG's non-blank lines that knows its file and line numbers."""

    def __init__(
        self, lines: list[tuple[int, str]], file: str, log: WarningLog
    ) -> None:
        self.lines = lines
        self.pos = 0
        self.file = file
        self.log = log
        self.last_line = lines[-1][0] if lines else 1

    def at_end(self) -> bool:
        return self.pos >= len(self.lines)

    def peek(self) -> tuple[int, str] | None:
        return None if self.at_end() else self.lines[self.pos]

    def take(self, what: str) -> tuple[int, list[str]]:
        """The next line split into stripped fields; fatal when the CFG ended."""
        if self.at_end():
            raise ComtradeError(
                _("the CFG ends before the {what} line").format(what=what),
                file=self.file,
                line=self.last_line + 1,
            )
        number, text = self.lines[self.pos]
        self.pos += 1
        return number, self.fields(number, text)

    def fields(self, number: int, text: str) -> list[str]:
        raw = text.split(",")
        stripped = [f.strip() for f in raw]
        if any(len(f) != len(s) for f, s in zip(raw, stripped)):
            self.log.add(
                self.file,
                number,
                None,
                _("fields padded with spaces (spaces ignored)"),
                kind=f"padded:{self.file}",
            )
        return stripped

    def error(self, message: str, line: int, name: str | None = None) -> ComtradeError:
        return ComtradeError(message, file=self.file, line=line, field=name)

    def warn(
        self, line: int | None, name: str | None, message: str, kind: str | None = None
    ) -> None:
        self.log.add(self.file, line, name, message, kind=kind)

    def number(
        self, text: str, line: int, name: str, default: float | None = None
    ) -> float:
        """A finite real number; an empty field takes ``default`` (with a warning) if given."""
        if text == "" and default is not None:
            self.warn(line, name, _("empty; {value:g} assumed").format(value=default), kind=f"empty:{name}")
            return default
        if not _NUMBER.fullmatch(text):
            raise self.error(_("'{text}' is not a number").format(text=_shown(text)), line, name)
        value = float(text)
        if not math.isfinite(value):
            raise self.error(_("'{text}' is out of range").format(text=_shown(text)), line, name)
        return value

    def integer(self, text: str, line: int, name: str) -> int:
        if not _INT.fullmatch(text):
            raise self.error(_("'{text}' is not an integer").format(text=_shown(text)), line, name)
        return int(text)


def parse_cfg(
    lines: list[tuple[int, str]], file: str, log: WarningLog, encoding: str = "utf-8"
) -> Config:
    """Parse CFG lines (``(line_number, text)`` pairs, blank lines removed)."""
    cur = _Lines(lines, file, log)
    station, rec_dev, revision, rev_text = _parse_header(cur)
    n_analog, n_digital = _parse_counts(cur)
    analog = tuple(_parse_analog(cur, revision, k) for k in range(n_analog))
    _check_indices(
        cur, analog, "An", _("analog channel indices are not 1..{count} (channel {position} has index {index})")
    )
    digital = tuple(_parse_digital(cur, revision, k) for k in range(n_digital))
    idx = [c.index for c in digital]
    if (
        n_analog
        and digital
        and idx == list(range(n_analog + 1, n_analog + 1 + len(idx)))
    ):
        cur.warn(
            digital[0].line,
            "Dn",
            _("digital indices continue from the analog ones ({first}..{last})").format(first=idx[0], last=idx[-1]),
        )
    else:
        _check_indices(
            cur, digital, "Dn", _("digital channel indices are not 1..{count} (channel {position} has index {index})")
        )
    line_no, f = cur.take(_("line frequency (lf)"))
    lf = cur.number(f[0], line_no, "lf")
    nrates, rates = _parse_rates(cur)
    start_field, trigger_field = DESCRIBED_FIELDS  # "start time stamp", "trigger time stamp"
    start = _parse_stamp(cur, revision, start_field)
    trigger = _parse_stamp(cur, revision, trigger_field)
    fmt = _parse_format(cur, revision)
    timemult = _parse_timemult(cur, revision)
    time_code, local_code, tmq_code, leap = _parse_2013_lines(cur, revision)
    extra = []
    while not cur.at_end():
        number, text = cur.lines[cur.pos]
        cur.pos += 1
        cur.warn(
            number,
            None,
            _("unexpected line ignored: '{text}'").format(text=text[:40]),
            kind=f"extra:{file}",
        )
        extra.append(text)
    return Config(
        station_name=station,
        rec_dev_id=rec_dev,
        revision=revision,
        rev_text=rev_text,
        analog=analog,
        digital=digital,
        line_frequency=lf,
        nrates=nrates,
        rates=rates,
        start=start,
        trigger=trigger,
        data_format=fmt,
        timemult=timemult,
        time_code=time_code,
        local_code=local_code,
        tmq_code=tmq_code,
        leap_second=leap,
        encoding=encoding,
        extra=tuple(extra),
    )


def _parse_header(cur: _Lines) -> tuple[str, str, int, str]:
    line, f = cur.take("station_name,rec_dev_id,rev_year")
    if len(f) == 1:
        raise cur.error(
            _("expected 'station_name,rec_dev_id[,rev_year]'"), line, "rec_dev_id"
        )
    if len(f) == 2:
        return f[0], f[1], 1991, ""
    if len(f) > 3:
        if re.fullmatch(r"\d{4}", f[-1]):
            cur.warn(
                line,
                "rec_dev_id",
                _("{count} fields; commas taken as part of rec_dev_id").format(count=len(f)),
            )
            f = [f[0], ",".join(f[1:-1]), f[-1]]
        else:
            cur.warn(line, None, _("{count} fields; only the first three used").format(count=len(f)))
            f = f[:3]
    rev_text = f[2]
    if rev_text == "":
        cur.warn(line, "rev_year", _("empty; read as 1991"))
        return f[0], f[1], 1991, rev_text
    if not re.fullmatch(r"\d{4}", rev_text):
        raise cur.error(_("'{text}' is not a revision year").format(text=rev_text), line, "rev_year")
    year = int(rev_text)
    if year in REVISIONS:
        return f[0], f[1], year, rev_text
    revision = 2013 if year > 2013 else 1999 if year > 1991 else 1991
    cur.warn(
        line,
        "rev_year",
        _("non-standard revision year {year}; read as {revision}").format(year=year, revision=revision),
    )
    return f[0], f[1], revision, rev_text


def _count(cur: _Lines, text: str, line: int, name: str, suffix: str) -> int:
    m = re.fullmatch(r"(\d{1,9})\s*([A-Za-z]?)", text)
    if not m:
        raise cur.error(_("'{text}' is not a channel count").format(text=_shown(text)), line, name)
    letter = m.group(2).upper()
    if suffix and letter != suffix:
        cur.warn(line, name, _("'{text}' should end in '{suffix}'").format(text=_shown(text), suffix=suffix))
    if not suffix and letter:
        cur.warn(line, name, _("'{text}' has a letter suffix; ignored").format(text=_shown(text)))
    return int(m.group(1))


def _parse_counts(cur: _Lines) -> tuple[int, int]:
    line, f = cur.take("TT,##A,##D")
    if len(f) < 3:
        raise cur.error(
            ngettext(
                "expected 'TT,##A,##D', found {count} field", "expected 'TT,##A,##D', found {count} fields", len(f)
            ).format(count=len(f)),
            line,
            "##D" if len(f) == 2 else "##A",
        )
    if len(f) > 3:
        cur.warn(line, None, _("{count} fields; only the first three used").format(count=len(f)))
    total = _count(cur, f[0], line, "TT", "")
    n_analog = _count(cur, f[1], line, "##A", "A")
    n_digital = _count(cur, f[2], line, "##D", "D")
    if total != n_analog + n_digital:
        cur.warn(
            line,
            "TT",
            _("TT={total} but {analog}A + {digital}D = {sum}; the A and D counts are used").format(
                total=total, analog=n_analog, digital=n_digital, sum=n_analog + n_digital
            ),
        )
    return n_analog, n_digital


def _is_number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text))


def _parse_analog(cur: _Lines, revision: int, position: int) -> AnalogChannel:
    line, f = cur.take(_("analog channel {number}").format(number=position + 1))
    n = len(f)
    if n > 13:
        f = _drop_empty_field(cur, line, f)
    elif n < 10:
        raise cur.error(
            ngettext(
                "analog channel line has {count} field; expected {expected}",
                "analog channel line has {count} fields; expected {expected}",
                n,
            ).format(count=n, expected=10 if revision == 1991 else 13),
            line,
            ANALOG_FIELDS[n] if n < len(ANALOG_FIELDS) else None,
        )
    elif n == 10 and revision >= 1999:
        cur.warn(
            line,
            "primary",
            _("1991-style analog line (10 fields): primary=secondary=1, PS=P assumed"),
            kind=f"a10:{cur.file}",
        )
    elif n in (11, 12):
        cur.warn(
            line,
            ANALOG_FIELDS[n],
            _("analog line has {count} fields; missing fields take defaults").format(count=n),
            kind=f"a{n}:{cur.file}",
        )
    elif n == 13 and revision == 1991:
        cur.warn(
            line,
            "primary",
            _("1999-style analog line in a 1991 CFG"),
            kind=f"a13:{cur.file}",
        )
    index = _channel_index(cur, f[0], line, "An", position + 1)
    a = cur.number(f[5], line, "a")
    b = cur.number(f[6], line, "b", default=0.0)
    skew = cur.number(f[7], line, "skew", default=0.0)
    vmin = cur.number(f[8], line, "min", default=-32767.0)
    vmax = cur.number(f[9], line, "max", default=32767.0)
    primary = cur.number(f[10], line, "primary", default=1.0) if len(f) > 10 else 1.0
    secondary = (
        cur.number(f[11], line, "secondary", default=1.0) if len(f) > 11 else 1.0
    )
    ps = f[12] if len(f) > 12 else "P"
    if ps in ("p", "s"):
        cur.warn(line, "PS", _("'{text}' in lower case").format(text=ps), kind=f"ps-case:{cur.file}")
        ps = ps.upper()
    elif ps not in ("P", "S"):
        cur.warn(
            line, "PS", _("'{text}' is neither P nor S; P assumed").format(text=ps), kind=f"ps:{cur.file}"
        )
        ps = "P"
    if a == 0:
        cur.warn(
            line,
            "a",
            _("multiplier a is 0: the channel reads as the constant b"),
            kind=f"a0:{cur.file}",
        )
    return AnalogChannel(
        index=index,
        name=f[1],
        phase=f[2],
        circuit=f[3],
        unit=f[4],
        a=a,
        b=b,
        skew=skew,
        min=vmin,
        max=vmax,
        primary=primary,
        secondary=secondary,
        ps=ps,
        line=line,
    )


def _drop_empty_field(cur: _Lines, line: int, f: list[str]) -> list[str]:
    """Recover a 14+-field analog line by dropping stray empty fields."""
    while len(f) > 13:
        for pos in range(2, len(f)):
            if f[pos] != "":
                continue
            trial = f[:pos] + f[pos + 1 :]
            if all(_is_number(trial[k]) for k in range(5, 10)) and (
                len(trial) > 13 or trial[12].upper() in ("P", "S", "")
            ):
                name = ANALOG_FIELDS[pos - 1] if pos - 1 < len(ANALOG_FIELDS) else None
                cur.warn(
                    line,
                    name,
                    _("stray empty field after '{name}' ignored ({count} fields)").format(name=name, count=len(f)),
                    kind=f"a14:{cur.file}",
                )
                f = trial
                break
        else:
            raise cur.error(
                _("analog channel line has {count} fields; expected 13").format(count=len(f)), line, None
            )
    return f


def _channel_index(cur: _Lines, text: str, line: int, name: str, fallback: int) -> int:
    if _INT.fullmatch(text):
        return int(text)
    cur.warn(
        line,
        name,
        _("'{text}' is not an integer; position {position} used").format(text=_shown(text), position=fallback),
        kind=f"idx:{cur.file}:{name}",
    )
    return fallback


def _check_indices(cur: _Lines, channels, name: str, message: str) -> None:
    """Warn once when the indices are not 1..n; ``message`` has {count}, {position} and {index}."""
    for pos, ch in enumerate(channels, start=1):
        if ch.index != pos:
            cur.warn(ch.line, name, message.format(count=len(channels), position=pos, index=ch.index))
            return


def _parse_digital(cur: _Lines, revision: int, position: int) -> DigitalChannel:
    line, f = cur.take(_("digital channel {number}").format(number=position + 1))
    n = len(f)
    if n == 5:
        index_t, name, ph, ccbm, y = f
    elif n == 3:
        index_t, name, y = f
        ph = ccbm = ""
        if revision >= 1999:
            cur.warn(
                line, "y", _("1991-style digital line (3 fields)"), kind=f"d3:{cur.file}"
            )
    elif n == 4:
        index_t, name = f[0], f[1]
        if f[2] in ("0", "1") and f[3] not in ("0", "1"):
            ph, ccbm, y = "", f[3], f[2]
            cur.warn(
                line,
                "ph",
                _("4-field digital line: read as Dn,ch_id,y,ccbm"),
                kind=f"d4:{cur.file}",
            )
        else:
            ph, ccbm, y = f[2], "", f[3]
            cur.warn(
                line,
                "ccbm",
                _("4-field digital line: read as Dn,ch_id,ph,y"),
                kind=f"d4:{cur.file}",
            )
    else:
        fields = DIGITAL_FIELDS_1991 if revision == 1991 else DIGITAL_FIELDS
        raise cur.error(
            ngettext(
                "digital channel line has {count} field; expected {expected}",
                "digital channel line has {count} fields; expected {expected}",
                n,
            ).format(count=n, expected=len(fields)),
            line,
            fields[n] if n < len(fields) else None,
        )
    index = _channel_index(cur, index_t, line, "Dn", position + 1)
    if y not in ("0", "1"):
        cur.warn(
            line,
            "y",
            _("normal state '{text}' is not 0 or 1; 0 assumed").format(text=y),
            kind=f"y:{cur.file}",
        )
        y = "0"
    return DigitalChannel(
        index=index, name=name, phase=ph, circuit=ccbm, normal=y == "1", line=line
    )


def _parse_rates(cur: _Lines) -> tuple[int, tuple[SampleRate, ...]]:
    line, f = cur.take("nrates")
    nrates = cur.integer(f[0], line, "nrates")
    if nrates < 0:
        raise cur.error(_("nrates {count} is negative").format(count=nrates), line, "nrates")
    rates = []
    for k in range(max(nrates, 1)):
        peek = cur.peek()
        if nrates == 0 and (peek is None or "/" in peek[1]):
            cur.warn(
                line,
                "nrates",
                _("nrates=0 without its '0,endsamp' line; the DAT gives the count"),
            )
            return 0, (SampleRate(0.0, 0),)
        line, f = cur.take("samp,endsamp")
        if len(f) < 2:
            raise cur.error(_("expected 'samp,endsamp'"), line, "endsamp")
        if len(f) > 2:
            cur.warn(line, None, _("{count} fields; only 'samp,endsamp' used").format(count=len(f)))
        samp = cur.number(f[0], line, "samp")
        endsamp_f = cur.number(f[1], line, "endsamp")
        if endsamp_f != int(endsamp_f) or endsamp_f < 0:
            raise cur.error(_("'{text}' is not a sample number").format(text=f[1]), line, "endsamp")
        endsamp = int(endsamp_f)
        if samp < 0:
            raise cur.error(_("negative sample rate {rate:g}").format(rate=samp), line, "samp")
        if nrates > 0 and samp == 0:
            cur.warn(line, "samp", _("samp=0: sample times come from the DAT time stamps"))
        if rates and endsamp <= rates[-1].end_sample:
            cur.warn(
                line,
                "endsamp",
                _("endsamp {number} does not increase; empty rate segment ignored").format(number=endsamp),
                kind=f"endsamp:{cur.file}",
            )
        rates.append(SampleRate(samp, endsamp))
    return nrates, tuple(rates)


def _parse_stamp(cur: _Lines, revision: int, what: str) -> Stamp:
    """The stamp on the next line; ``what`` is its English field name (shown translated)."""
    line, f = cur.take(_(what))
    text = ",".join(f)
    compact = re.sub(r"\s+", "", text)
    if "/" not in compact or ":" not in compact:
        raise cur.error(
            _("expected dd/mm/yyyy,hh:mm:ss.ssssss, found '{text}'").format(text=_shown(text)), line, what
        )
    if compact != text:
        cur.warn(line, what, _("spaces inside the time stamp ignored"))
    m = _STAMP.fullmatch(compact)
    if not m:
        cur.warn(
            line, what, _("unreadable time stamp '{text}'; date and time unknown").format(text=_shown(text))
        )
        return Stamp(text=text, line=line)
    first, second, year_t, hh, mm, ss, frac = m.groups()
    frac = frac or ""
    digits = len(frac)
    if digits not in (6, 9) and not (revision == 1991 and digits <= 6):
        cur.warn(
            line,
            what,
            ngettext(
                "{count} fractional second digit (6 or 9 expected); read as .{fraction} s",
                "{count} fractional second digits (6 or 9 expected); read as .{fraction} s",
                digits,
            ).format(count=digits, fraction=frac),
        )
    ns = int((frac + "000000000")[:9]) if frac else 0
    h, mi, s = int(hh), int(mm), int(ss)
    day_ns = None
    if h <= 23 and mi <= 59 and s <= 60:
        day_ns = ((h * 60 + mi) * 60 + s) * 1_000_000_000 + ns
    else:
        cur.warn(line, what, _("impossible time of day {hour}:{minute}:{second}").format(hour=hh, minute=mm, second=ss))
    year = int(year_t)
    if len(year_t) <= 2:
        if revision >= 1999:
            cur.warn(line, what, _("two-digit year '{year}'").format(year=year_t))
        year += 2000 if year < 70 else 1900
    day, month = (
        (int(first), int(second)) if revision >= 1999 else (int(second), int(first))
    )
    if month > 12 and day <= 12:
        order = "dd/mm/yyyy" if revision >= 1999 else "mm/dd/yy"
        cur.warn(
            line,
            what,
            _("'{first}/{second}' is not {order}; day and month swapped").format(
                first=first, second=second, order=order
            ),
        )
        day, month = month, day
    when = None
    try:
        date = dt.date(year, month, day)
    except ValueError:
        cur.warn(
            line,
            what,
            _("impossible date '{first}/{second}/{year}'; date unknown").format(
                first=first, second=second, year=year_t
            ),
        )
    else:
        if day_ns is not None:
            when = dt.datetime.combine(date, dt.time()) + dt.timedelta(
                microseconds=day_ns // 1000
            )
    return Stamp(
        text=text,
        when=when,
        nanosecond=ns % 1000,
        day_ns=day_ns,
        fraction_digits=digits,
        line=line,
    )


def _parse_format(cur: _Lines, revision: int) -> DataFormat:
    line, f = cur.take(_("file type (ft)"))
    text = f[0]
    try:
        fmt = DataFormat(text.upper())
    except ValueError:
        raise cur.error(
            _("unknown data file type '{text}' (ASCII, BINARY, BINARY32 or FLOAT32)").format(text=_shown(text)),
            line,
            "ft",
        ) from None
    if text != fmt.value:
        cur.warn(line, "ft", _("'{text}' not in upper case").format(text=_shown(text)))
    if fmt in (DataFormat.BINARY32, DataFormat.FLOAT32) and revision < 2013:
        cur.warn(line, "ft", _("{format} is a 2013 format in a {revision} CFG").format(format=fmt, revision=revision))
    return fmt


def _parse_timemult(cur: _Lines, revision: int) -> float:
    peek = cur.peek()
    if peek is None:
        if revision >= 1999:
            cur.warn(cur.last_line, "timemult", _("missing; 1 assumed"))
        return 1.0
    line, text = peek
    if not _is_number(text.strip()):
        if revision >= 1999:
            cur.warn(line, "timemult", _("missing; 1 assumed"))
        return 1.0
    cur.pos += 1
    if revision == 1991:
        cur.warn(line, "timemult", _("timemult line in a 1991 CFG"))
    value = float(text.strip())
    if not (math.isfinite(value) and value > 0):
        cur.warn(line, "timemult", _("'{text}' is not positive; 1 assumed").format(text=text.strip()))
        return 1.0
    return value


def _parse_2013_lines(cur: _Lines, revision: int) -> tuple[str, str, str, int]:
    time_code = local_code = tmq_code = ""
    leap = 0
    peek = cur.peek()
    if peek is None or "," not in peek[1]:
        if revision >= 2013:
            cur.warn(
                cur.last_line,
                "time_code",
                _("2013 time_code/local_code and tmq_code/leapsec lines missing"),
            )
        return time_code, local_code, tmq_code, leap
    line, f = cur.take("time_code,local_code")
    if revision < 2013:
        cur.warn(line, "time_code", _("2013 time code lines in a {revision} CFG").format(revision=revision))
    time_code, local_code = (f + [""])[:2]
    for name, value in (("time_code", time_code), ("local_code", local_code)):
        if value.lower() != "x" and parse_time_code(value) is None:
            cur.warn(line, name, _("'{text}' is not a time code like -5h30").format(text=value))
    peek = cur.peek()
    if peek is None or "," not in peek[1]:
        if revision >= 2013:
            cur.warn(cur.last_line, "tmq_code", _("tmq_code,leapsec line missing"))
        return time_code, local_code, tmq_code, leap
    line, f = cur.take("tmq_code,leapsec")
    tmq_code, leap_t = (f + [""])[:2]
    if not re.fullmatch(r"[0-9A-Fa-f]", tmq_code):
        cur.warn(line, "tmq_code", _("'{text}' is not a hexadecimal digit").format(text=tmq_code))
    if leap_t in ("0", "1", "2", "3"):
        leap = int(leap_t)
    else:
        cur.warn(line, "leapsec", _("'{text}' is not 0..3; 0 assumed").format(text=leap_t))
    return time_code, local_code, tmq_code, leap
