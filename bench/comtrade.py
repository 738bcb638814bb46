"""COMTRADE decoding benchmark: MeterDesk's reader against PyPI ``comtrade`` and a plain read.

Generates, in a temporary directory, a 1,000,000-sample 32-analog + 32-digital
BINARY record (about 76 MB) and a 48,000-sample 24-analog + 64-digital ASCII
record (about 14 MB), then times decoding every channel to scaled floats:

* MeterDesk ``read()`` + ``Record.load_all()`` (and ``read()`` + the first channel);
* PyPI ``comtrade.load`` in its default mode and with ``use_numpy_arrays=True``;
* a plain ``open().read()`` of the DAT bytes (the floor for any reader).

Peak memory of the MeterDesk decode is measured in a child process (Linux
VmHWM, else ``ru_maxrss``). Run: ``.venv/bin/python bench/comtrade.py``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import json
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
# This script is named comtrade.py: keep its folder off the path so that
# "import comtrade" finds the PyPI package, and put the repository on it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.comtrade import read
from app.comtrade.cfg import (
    AnalogChannel,
    Config,
    DataFormat,
    DigitalChannel,
    SampleRate,
    Stamp,
)
from app.comtrade.writer import Samples, write

BIN_SAMPLES, BIN_ANALOG, BIN_DIGITAL = 1_000_000, 32, 32
ASC_SAMPLES, ASC_ANALOG, ASC_DIGITAL = 48_000, 24, 64
RATE = 4000.0


def _config(n: int, n_analog: int, n_digital: int, fmt: DataFormat) -> Config:
    start = Stamp(
        text="01/01/2024,00:00:00.000000", when=dt.datetime(2024, 1, 1), day_ns=0
    )
    analog = tuple(
        AnalogChannel(
            index=k + 1,
            name=f"A{k + 1}",
            phase="ABCN"[k % 4],
            unit="V" if k % 2 else "A",
            a=0.01 * (k + 1),
            b=0.5 * k,
            primary=1000.0,
            secondary=1.0,
            ps="P",
        )
        for k in range(n_analog)
    )
    digital = tuple(
        DigitalChannel(index=k + 1, name=f"D{k + 1}") for k in range(n_digital)
    )
    return Config(
        station_name="BENCH",
        rec_dev_id="SYNTH",
        revision=1999,
        analog=analog,
        digital=digital,
        line_frequency=50.0,
        nrates=1,
        rates=(SampleRate(RATE, n),),
        start=start,
        trigger=start,
        data_format=fmt,
        timemult=1.0,
    )


def _samples(n: int, n_analog: int, n_digital: int, seed: int) -> Samples:
    rng = np.random.default_rng(seed)
    t = np.arange(n) / RATE
    analog = []
    for k in range(n_analog):
        wave = 20000 * np.sin(2 * np.pi * 50 * t + k) + rng.normal(0, 300, n)
        analog.append(np.clip(np.round(wave), -32767, 32767))
    digital = [rng.random(n) < 0.1 for _ in range(n_digital)]
    return Samples(count=n, analog=analog, digital=digital)


def generate(folder: Path) -> tuple[Path, Path]:
    binary = folder / "bench_binary.cfg"
    write(
        binary,
        _config(BIN_SAMPLES, BIN_ANALOG, BIN_DIGITAL, DataFormat.BINARY),
        _samples(BIN_SAMPLES, BIN_ANALOG, BIN_DIGITAL, 1),
    )
    ascii_ = folder / "bench_ascii.cfg"
    write(
        ascii_,
        _config(ASC_SAMPLES, ASC_ANALOG, ASC_DIGITAL, DataFormat.ASCII),
        _samples(ASC_SAMPLES, ASC_ANALOG, ASC_DIGITAL, 2),
    )
    return binary, ascii_


def best(fn, repeat: int) -> float:
    """Shortest wall time of ``repeat`` runs, s."""
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
        del result
    return min(times)


def plain_read(cfg: Path) -> bytes:
    return cfg.with_suffix(".dat").read_bytes()


def ours_all(cfg: Path):
    record = read(cfg)
    record.load_all()
    return record


def ours_first(cfg: Path):
    record = read(cfg)
    return record.analog(0)


def pypi(cfg: Path, numpy_mode: bool):
    import comtrade

    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return comtrade.load(str(cfg), use_numpy_arrays=numpy_mode)


def check_agreement(cfg: Path) -> float:
    """Largest |ours - comtrade numpy| over all analog channels, relative to full scale."""
    ours = read(cfg)
    theirs = pypi(cfg, True)
    worst = 0.0
    for k in range(len(ours.analog_channels)):
        a = ours.analog(k).astype(np.float64)
        b = np.asarray(theirs.analog[k], np.float64)
        worst = max(worst, float(np.max(np.abs(a - b)) / np.max(np.abs(b))))
    return worst


def _peak_rss() -> int:
    """Peak resident set size of this process, bytes.

    Linux VmHWM starts afresh at exec; ru_maxrss does not (it keeps the
    parent's high-water mark), so it is only the fallback.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def measure_memory(cfg: Path) -> dict:
    """Run in a child: peak RSS growth while reading and decoding every channel."""
    before = _peak_rss()
    record = read(cfg)
    record.load_all()
    after = _peak_rss()
    decoded = sum(record.analog(k).nbytes for k in range(len(record.analog_channels)))
    decoded += sum(
        record.digital(k).nbytes for k in range(len(record.digital_channels))
    )
    return {"peak_growth": after - before, "decoded": decoded}


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--memory":
        print(json.dumps(measure_memory(Path(sys.argv[2]))))
        return 0
    with tempfile.TemporaryDirectory(prefix="meterdesk-bench-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        binary, ascii_ = generate(folder)
        bin_size = binary.with_suffix(".dat").stat().st_size
        asc_size = ascii_.with_suffix(".dat").stat().st_size
        print(
            f"generated in {time.perf_counter() - t0:.1f} s: BINARY DAT {bin_size / 1e6:.1f} MB "
            f"({BIN_SAMPLES} samples, {BIN_ANALOG}A+{BIN_DIGITAL}D), ASCII DAT {asc_size / 1e6:.1f} MB "
            f"({ASC_SAMPLES} samples, {ASC_ANALOG}A+{ASC_DIGITAL}D)"
        )
        plain_read(binary)  # warm the page cache for every contestant

        b_plain = best(lambda: plain_read(binary), 5)
        b_ours = best(lambda: ours_all(binary), 5)
        b_first = best(lambda: ours_first(binary), 5)
        b_np = best(lambda: pypi(binary, True), 2)
        b_def = best(lambda: pypi(binary, False), 1)
        a_plain = best(lambda: plain_read(ascii_), 5)
        a_ours = best(lambda: ours_all(ascii_), 3)
        a_np = best(lambda: pypi(ascii_, True), 2)
        a_def = best(lambda: pypi(ascii_, False), 1)
        agree_bin = check_agreement(binary)
        agree_asc = check_agreement(ascii_)

        child = subprocess.run(
            [sys.executable, __file__, "--memory", str(binary)],
            capture_output=True,
            text=True,
            check=False,
        )
        memory = json.loads(child.stdout) if child.returncode == 0 else None

    def ms(s: float) -> str:
        return f"{s * 1e3:9.1f} ms"

    print("\nBINARY, decode every channel to scaled floats")
    print(f"  plain read of the DAT bytes        {ms(b_plain)}")
    print(f"  MeterDesk read + load_all          {ms(b_ours)}")
    print(f"  MeterDesk read + first channel     {ms(b_first)}")
    print(f"  comtrade 0.2.0 numpy mode          {ms(b_np)}")
    print(f"  comtrade 0.2.0 default             {ms(b_def)}")
    print("ASCII, decode every channel to scaled floats")
    print(f"  plain read of the DAT bytes        {ms(a_plain)}")
    print(f"  MeterDesk read + load_all          {ms(a_ours)}")
    print(f"  comtrade 0.2.0 numpy mode          {ms(a_np)}")
    print(f"  comtrade 0.2.0 default             {ms(a_def)}")

    goals = [
        (
            "binary: comtrade default / MeterDesk >= 40",
            b_def / b_ours,
            b_def / b_ours >= 40,
        ),
        ("binary: comtrade numpy / MeterDesk >= 8", b_np / b_ours, b_np / b_ours >= 8),
        (
            "binary: MeterDesk / plain read <= 5",
            b_ours / b_plain,
            b_ours / b_plain <= 5,
        ),
        ("binary: first channel ready <= 50 ms", b_first * 1e3, b_first <= 0.050),
        ("ascii: comtrade numpy / MeterDesk >= 5", a_np / a_ours, a_np / a_ours >= 5),
    ]
    if memory is not None:
        limit = 1.5 * bin_size + memory["decoded"]
        name = (
            f"binary: peak memory growth {memory['peak_growth'] / 1e6:.0f} MB "
            f"<= 1.5 x DAT + decoded ({limit / 1e6:.0f} MB), ratio to limit"
        )
        goals.append(
            (name, memory["peak_growth"] / limit, memory["peak_growth"] <= limit)
        )
    else:
        print(f"(peak memory not measured: {child.stderr.strip()[-200:]})")
    print("\nGoals")
    for name, value, ok in goals:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}: {value:.2f}")
    print(
        f"\nagreement with comtrade numpy mode (max |diff| / full scale): "
        f"binary {agree_bin:.1e}, ascii {agree_asc:.1e}"
    )
    return 0 if all(ok for _, _, ok in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
