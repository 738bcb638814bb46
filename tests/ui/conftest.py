"""GUI test support: one qasync loop per test, running inside Qt's own event loop.

The loop is created ``already_running`` so that coroutines started from Qt
slots and timers run whenever Qt processes events (as in the application),
and tests wait with :func:`run_until`, which spins Qt's event loop.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable

import pytest
import qasync
import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop


@pytest.fixture(autouse=True)
def collect_in_gui_thread():
    """Collect each test's garbage here, in the GUI thread, once the test is torn down.

    Widgets and Qt objects caught in reference cycles are otherwise freed by
    whichever thread next triggers the cyclic collector (a simulator's, a
    worker's), and Qt objects destroyed off their thread crash the process.
    """
    yield
    gc.collect()


@pytest.fixture
def aloop(qapp):
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    for task in asyncio.all_tasks(loop):
        task.cancel()
    _spin(0.05)
    # qasync has no public way to leave a loop made "already running": undo what
    # its constructor did, then close it.
    qapp.aboutToQuit.disconnect(loop._after_run_forever)
    loop._after_run_forever()
    loop._QEventLoop__is_running = False
    asyncio.events._set_running_loop(None)
    loop.close()
    # Destroy qasync's timer object now, in the GUI thread. Left to the garbage
    # collector it may die in another thread (a simulator's, a worker's) while
    # Qt timers of cancelled callbacks (e.g. asyncssh's login timeout) are still
    # registered for it, and one of them later fires on a deleted object.
    shiboken6.delete(loop._timer)
    asyncio.set_event_loop(None)


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        time.sleep(0.002)


def run_until(loop, condition: Callable[[], bool], timeout: float = 10.0) -> float:
    """Process events until ``condition()`` is true; return the time it took (s)."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"condition not met within {timeout} s")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        time.sleep(0.002)
    return time.monotonic() - start
