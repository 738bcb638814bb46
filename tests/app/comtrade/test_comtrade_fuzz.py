"""Property-based tests: generated records of every revision and format round-trip,
and truncated or mutated files never raise anything but ComtradeError."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.comtrade import ComtradeError, DataFormat, read
from app.comtrade.cfg import AnalogChannel, Config, DigitalChannel, SampleRate, Stamp
from app.comtrade.writer import Samples, write

FORMATS_BY_REVISION = {
    1991: [DataFormat.ASCII, DataFormat.BINARY],
    1999: [DataFormat.ASCII, DataFormat.BINARY],
    2013: list(DataFormat),
}
RAW_RANGE = {
    DataFormat.ASCII: (-99998, 99998),
    DataFormat.BINARY: (-32767, 32767),
    DataFormat.BINARY32: (-(2**31) + 1, 2**31 - 1),
    DataFormat.FLOAT32: (-(2**24), 2**24),
}
names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters=",\r\n\x1a"), max_size=12
).map(str.strip)
finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).filter(
    lambda x: abs(x) > 1e-6
)


@st.composite
def records(draw):
    revision = draw(st.sampled_from([1991, 1999, 2013]))
    fmt = draw(st.sampled_from(FORMATS_BY_REVISION[revision]))
    cff = revision == 2013 and draw(st.booleans())
    n_analog = draw(st.integers(0, 4))
    n_digital = draw(st.integers(0, 20))
    count = draw(st.integers(1, 40))
    analog = tuple(
        AnalogChannel(
            index=k + 1,
            name=draw(names),
            phase=draw(st.sampled_from(["A", "B", "C", "N", ""])),
            unit=draw(st.sampled_from(["A", "kV", "V", ""])),
            a=draw(finite),
            b=draw(st.floats(-1e3, 1e3, allow_nan=False)),
            skew=0.0,
            primary=1.0 if revision == 1991 else draw(st.floats(0.1, 1e5)),
            secondary=1.0 if revision == 1991 else draw(st.floats(0.1, 1e3)),
            ps="P" if revision == 1991 else draw(st.sampled_from("PS")),
        )
        for k in range(n_analog)
    )
    digital = tuple(
        DigitalChannel(index=k + 1, name=draw(names), normal=draw(st.booleans()))
        for k in range(n_digital)
    )
    timed = draw(st.booleans())
    if timed:
        steps = draw(
            st.lists(st.integers(1, 5000), min_size=count - 1, max_size=count - 1)
        )
        stamps = np.concatenate(([0], np.cumsum(steps))).astype(np.float64)
        rates, nrates = (SampleRate(0.0, count),), 0
    else:
        cuts = (
            sorted(draw(st.sets(st.integers(1, count - 1), max_size=3)))
            if count > 1
            else []
        )
        ends = [*cuts, count]
        rates = tuple(
            SampleRate(
                draw(st.sampled_from([50.0, 600.0, 1200.0, 4000.0, 2401.509521])), e
            )
            for e in ends
        )
        nrates, stamps = len(rates), None
    lo, hi = RAW_RANGE[fmt]
    if revision == 1991 and fmt is DataFormat.BINARY:
        lo = -32768
    raw = []
    for _ in range(n_analog):
        values = np.array(
            draw(st.lists(st.integers(lo, hi), min_size=count, max_size=count)),
            np.float64,
        )
        if revision == 1991 and fmt is DataFormat.BINARY:
            values[values == -1] = 0  # 0xFFFF is the 1991 missing-data marker
        if revision >= 1999 and count > 1 and draw(st.booleans()):
            values[draw(st.integers(0, count - 1))] = np.nan
        raw.append(values)
    bits = [
        np.array(draw(st.lists(st.booleans(), min_size=count, max_size=count)))
        for _ in range(n_digital)
    ]
    when = dt.datetime(2000, 1, 1) + dt.timedelta(
        microseconds=draw(st.integers(0, 10**14))
    )
    start = Stamp(
        text="",
        when=when,
        day_ns=0,
        nanosecond=draw(st.integers(0, 999)) if revision == 2013 else 0,
        fraction_digits=draw(st.sampled_from([6, 9])) if revision == 2013 else 6,
    )
    config = Config(
        station_name=draw(names),
        rec_dev_id=draw(names),
        revision=revision,
        analog=analog,
        digital=digital,
        line_frequency=draw(st.sampled_from([50.0, 60.0, 0.0])),
        nrates=nrates,
        rates=rates,
        start=start,
        trigger=start,
        data_format=fmt,
        timemult=1.0 if revision == 1991 else draw(st.sampled_from([1.0, 0.5, 2.0])),
        time_code="-5h30" if revision == 2013 else "",
        local_code="x" if revision == 2013 else "",
    )
    return config, Samples(count, raw, bits, stamps), cff


FAST = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Python warnings are failures here: the reader reports problems in Record.warnings only.
pytestmark = pytest.mark.filterwarnings("error")


@FAST
@given(records())
def test_generated_records_round_trip(case):
    config, samples, cff = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("rec.cff" if cff else "rec.cfg")
        written = write(path, config, samples, cff=cff)
        rec = read(path, dtype=np.float64)
        assert rec.warnings == [], [str(w) for w in rec.warnings]
        assert rec.revision == config.revision and rec.data_format is config.data_format
        assert rec.sample_count == samples.count
        for k, ch in enumerate(written.analog):
            np.testing.assert_array_equal(rec.raw(k), samples.analog[k])
            expected = samples.analog[k] * ch.a + ch.b
            np.testing.assert_allclose(rec.analog(k), expected, rtol=1e-12, atol=1e-9)
            assert rec.analog_channels[k].name == config.analog[k].name
        for k in range(len(config.digital)):
            np.testing.assert_array_equal(rec.digital(k), samples.digital[k])
        if samples.stamps is not None:
            np.testing.assert_allclose(
                rec.time, samples.stamps * config.timemult * config.timestamp_unit
            )
        assert rec.config.start.when == config.start.when


def _mutations():
    return st.lists(
        st.tuples(
            st.sampled_from(["flip", "cut", "drop", "insert", "dup"]),
            st.integers(0, 10**6),
            st.binary(max_size=4),
        ),
        min_size=1,
        max_size=4,
    )


def _mutate(data: bytes, steps) -> bytes:
    for kind, where, extra in steps:
        if not data:
            return extra
        i = where % len(data)
        if kind == "flip":
            data = data[:i] + bytes([data[i] ^ (1 << (where % 8))]) + data[i + 1 :]
        elif kind == "cut":
            data = data[:i]
        elif kind == "drop":
            data = data[:i] + data[i + 1 + where % 7 :]
        elif kind == "insert":
            data = data[:i] + extra + data[i:]
        else:
            j = data.find(b"\n", i)
            data = (
                data[: j + 1] + data[i : j + 1] + data[j + 1 :]
                if j >= 0
                else data + data[i:]
            )
    return data


def _read_everything(path: Path) -> None:
    """Open and touch every part of a record; only ComtradeError may escape."""
    try:
        rec = read(path)
        rec.load_all()
        _ = rec.time, rec.stamp_times, rec.trigger_time, rec.duration
        for k in range(len(rec.analog_channels)):
            rec.raw(k)
            rec.channel_time(k)
            rec.analog(k, "primary")
            rec.analog(k, "secondary")
    except ComtradeError as exc:
        assert not exc.internal, str(exc)
        assert str(exc).startswith(path.name) or str(exc).startswith("rec."), str(exc)


@FAST
@given(records(), st.sampled_from(["cfg", "dat"]), _mutations())
def test_mutated_files_raise_only_comtrade_errors(case, target, steps):
    config, samples, cff = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("rec.cff" if cff else "rec.cfg")
        write(path, config, samples, cff=cff)
        victim = path if cff or target == "cfg" else path.with_suffix(".dat")
        victim.write_bytes(_mutate(victim.read_bytes(), steps))
        _read_everything(path)


@FAST
@given(records(), st.integers(0, 10**6))
def test_truncated_files_raise_only_comtrade_errors(case, where):
    config, samples, cff = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("rec.cff" if cff else "rec.cfg")
        write(path, config, samples, cff=cff)
        for victim in (path, path.with_suffix(".dat")):
            if victim.exists():
                data = victim.read_bytes()
                victim.write_bytes(data[: where % (len(data) + 1)])
        _read_everything(path)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600), st.binary(max_size=300))
def test_random_bytes_raise_only_comtrade_errors(cfg, dat):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rec.cfg"
        path.write_bytes(cfg)
        path.with_suffix(".dat").write_bytes(dat)
        _read_everything(path)
        cff = Path(tmp) / "rec.cff"
        cff.write_bytes(
            b"--- file type: CFG ---\n"
            + cfg
            + b"\n--- file type: DAT BINARY: 9 ---\n"
            + dat
        )
        _read_everything(cff)
