"""GUI test support: a qasync loop per test and a way to run it until a condition holds."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest
import qasync


@pytest.fixture
def aloop(qapp):
    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    yield loop
    loop.close()
    asyncio.set_event_loop(None)


def run_until(loop, condition: Callable[[], bool], timeout: float = 10.0) -> float:
    """Run the event loop until ``condition()`` is true; return the time it took (s)."""
    start = time.monotonic()

    async def wait() -> None:
        while not condition():
            if time.monotonic() - start > timeout:
                raise AssertionError(f"condition not met within {timeout} s")
            await asyncio.sleep(0.01)

    loop.run_until_complete(wait())
    return time.monotonic() - start
