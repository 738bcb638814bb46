"""Ring buffers keep the newest samples in order."""

import numpy as np
import pytest

from app.live.ring import RingBuffer


def test_fills_then_overwrites_the_oldest():
    ring = RingBuffer(4)
    for k in range(3):
        ring.append(float(k), k * 10.0)
    times, values = ring.data()
    assert times.tolist() == [0.0, 1.0, 2.0] and values.tolist() == [0.0, 10.0, 20.0]
    for k in range(3, 7):
        ring.append(float(k), None if k == 5 else k * 10.0)
    times, values = ring.data()
    assert len(ring) == 4 and times.tolist() == [3.0, 4.0, 5.0, 6.0]
    assert values[0] == 30.0 and np.isnan(values[2])
    assert ring.last() == (6.0, 60.0)


def test_data_is_a_copy_and_clear_empties():
    ring = RingBuffer(2)
    ring.append(1.0, 1.0)
    times, _ = ring.data()
    times[0] = 99.0
    assert ring.data()[0][0] == 1.0
    ring.clear()
    assert len(ring) == 0 and ring.last() is None


def test_capacity_must_be_positive():
    with pytest.raises(ValueError):
        RingBuffer(0)
