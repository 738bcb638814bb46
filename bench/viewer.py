"""Waveform viewer benchmark: open-to-first-frame and pan/zoom repaint on a 10-million-sample record.

Writes, in a temporary folder, a 16-bit BINARY COMTRADE record of 10,000,000
samples x 8 analog channels (VA..VN, IA..IN at 12.8 kHz, about 240 MB), then
drives the Analysis pane offscreen (1600 x 900):

* open -> first frame: from ``open_paths()`` (parsing, decoding and envelopes
  in the worker thread) until the record's waveform view has been painted
  once with all eight traces (a synchronous ``grab()``);
* pan/zoom repaint: 80 steps of zoom (from the whole record down to 1/10,000
  of it) and pan, each timed from the range change to the end of the repaint.

Goals: first frame < 2 s; median repaint < 60 ms.
Run: ``.venv/bin/python bench/viewer.py`` (``--samples`` and ``--channels`` to vary).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
import qasync  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.comtrade.plot_data import prepare  # noqa: E402
from tests.synthetic_records import write_long_binary  # noqa: E402
from ui.panes.analysis import AnalysisPane  # noqa: E402

FIRST_FRAME_GOAL = 2.0  # s
REPAINT_GOAL = 0.060  # s
STEPS = 80


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


async def measure(pane: AnalysisPane, path: Path) -> tuple[float, float, list[float]]:
    """(s to the tab being built, s to the first frame, repaint times in s)."""
    start = time.perf_counter()
    await pane.open_paths([path])
    ready = time.perf_counter() - start
    view = pane.current.view
    view.grab()  # the first frame, with every trace
    first = time.perf_counter() - start
    await asyncio.sleep(0.1)

    rng = np.random.default_rng(2024)
    full_start, full_stop = view.full_range()
    span_full = full_stop - full_start
    repaints = []
    for step in range(STEPS):
        span = span_full * 10 ** (-4 * (step % 20) / 19)  # whole record ... 1/10,000 of it
        left = full_start + rng.uniform(0, span_full - span)
        t0 = time.perf_counter()
        view.set_x_range(left, left + span)  # the view hands each curve its visible samples
        view.grab()  # synchronous repaint of all lanes
        repaints.append(time.perf_counter() - t0)
    return ready, first, repaints


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=10_000_000, help="samples per channel")
    parser.add_argument("--channels", type=int, default=8, help="analog channels")
    args = parser.parse_args(argv)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    folder = Path(tempfile.mkdtemp(prefix="meterdesk-bench-"))
    try:
        t0 = time.perf_counter()
        path = write_long_binary(folder / "long.cfg", args.samples, args.channels)
        size = path.with_suffix(".dat").stat().st_size
        print(f"record: {args.samples:,} samples x {args.channels} channels, DAT {size / 1e6:.0f} MB "
              f"(written in {time.perf_counter() - t0:.1f} s)")

        t0 = time.perf_counter()
        data = prepare(path)
        print(f"prepare() alone (read + decode + envelopes, no GUI): {time.perf_counter() - t0:.2f} s")
        data.record.close()
        del data

        pane = AnalysisPane(settings=QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat),
                            data_dir=folder / "data")
        pane.resize(1600, 900)
        pane.show()
        app.processEvents()
        with loop:
            ready, first, repaints = loop.run_until_complete(measure(pane, path))
        pane.shutdown()
        pane.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    median = statistics.median(repaints)
    p90 = float(np.percentile(repaints, 90))
    print(f"open -> tab built: {ready:.2f} s")
    print(f"open -> first drawn frame: {first:.2f} s  (goal < {FIRST_FRAME_GOAL:g} s: {_verdict(first < FIRST_FRAME_GOAL)})")
    print(f"pan/zoom repaint over {len(repaints)} steps: median {median * 1e3:.1f} ms, p90 {p90 * 1e3:.1f} ms, "
          f"max {max(repaints) * 1e3:.1f} ms  (goal median < {REPAINT_GOAL * 1e3:g} ms: "
          f"{_verdict(median < REPAINT_GOAL)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
