"""Min/max envelope pyramid: exact extremes per bucket, point budget, NaN, cancel."""

import threading

import numpy as np
import pytest

from app.analysis.envelope import FIRST_BUCKET, STEP, Envelope, EnvelopeCancelled


@pytest.fixture(scope="module")
def signal():
    rng = np.random.default_rng(7)
    n = 3_000_001  # not a multiple of any bucket size
    values = (np.sin(np.arange(n) * 2 * np.pi / 256) + 0.1 * rng.standard_normal(n)).astype(np.float32)
    values[1_234_567] = 9.0  # a spike the envelope must keep
    return np.arange(n) / 12800.0, values


def test_every_level_holds_the_exact_bucket_extremes(signal):
    _, values = signal
    env = Envelope.build(values)
    assert [lv.bucket for lv in env.levels[:3]] == [FIRST_BUCKET, FIRST_BUCKET * STEP, FIRST_BUCKET * STEP**2]
    assert len(env.levels[-1].low) <= 256
    for level in env.levels:
        b = level.bucket
        j = np.array([0, 1, 1_234_567 // b, len(level.low) - 1])
        for k in j:
            chunk = values[k * b : (k + 1) * b]
            assert level.low[k] == chunk.min() and level.high[k] == chunk.max()
    assert env.bounds() == (float(values.min()), 9.0)


def test_curve_keeps_the_spike_within_the_budget_at_every_zoom(signal):
    time, values = signal
    env = Envelope.build(values)
    for i0, i1 in [(0, len(values)), (1_200_000, 1_300_000), (1_234_000, 1_235_000)]:
        x, y = env.curve(time, i0, i1, budget=4000)
        assert len(x) == len(y) <= 4000 + 4
        assert y.max() == 9.0
        assert x[0] <= time[i0] and x[-1] <= time[i1 - 1]
        assert np.all(np.diff(x) >= 0)


def test_a_small_range_is_drawn_from_the_raw_samples(signal):
    time, values = signal
    env = Envelope.build(values)
    x, y = env.curve(time, 1000, 3000, budget=4000)
    np.testing.assert_array_equal(x, time[1000:3000])
    np.testing.assert_array_equal(y, values[1000:3000])


def test_missing_samples_are_ignored_unless_a_whole_bucket_is_missing():
    values = np.arange(1000, dtype=np.float32)
    values[5] = np.nan
    values[64:96] = np.nan  # one whole first-level bucket
    env = Envelope.build(values)
    first = env.levels[0]
    assert first.low[0] == 0 and first.high[0] == 31
    assert np.isnan(first.low[2]) and np.isnan(first.high[2])
    assert env.bounds() == (0.0, 999.0)


def test_digital_states_become_zero_and_one():
    states = np.zeros(10_000, bool)
    states[5000:5003] = True
    env = Envelope.build(states)
    x, y = env.curve(np.arange(10_000.0), 0, 10_000, budget=100)
    assert set(np.unique(y)) == {0.0, 1.0}


def test_building_reports_progress_and_can_be_cancelled(signal):
    _, values = signal
    seen = []
    Envelope.build(values, progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen) and len(seen) >= 2
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(EnvelopeCancelled):
        Envelope.build(values, cancel=cancel)
