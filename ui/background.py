"""Blocking work (parsing, exporting) in worker threads, awaited from the GUI's loop.

The work receives ``progress(fraction)`` and a ``cancel`` event. Progress is
posted to the GUI's event loop (thread-safely, at most every half percent),
so the GUI never runs worker code and never freezes.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
Progress = Callable[[float], None]
Work = Callable[[Progress, threading.Event], T]

_MIN_STEP = 0.005


class BackgroundJobs:
    """A small thread pool whose jobs report progress on the GUI loop and can be cancelled."""

    def __init__(self, workers: int = 2) -> None:
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="meterdesk-job")
        self._cancels: set[threading.Event] = set()

    async def run(
        self,
        work: Work[T],
        on_progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> T:
        """Run ``work(progress, cancel)`` in a worker thread and return its result.

        Cancelling the awaiting task sets ``cancel`` so the work stops soon.
        """
        loop = asyncio.get_running_loop()
        cancel = cancel or threading.Event()
        last = -1.0

        def progress(fraction: float) -> None:
            nonlocal last
            if on_progress is not None and (fraction >= 1.0 or fraction - last >= _MIN_STEP):
                last = fraction
                loop.call_soon_threadsafe(on_progress, fraction)

        self._cancels.add(cancel)
        try:
            return await loop.run_in_executor(self._pool, work, progress, cancel)
        except asyncio.CancelledError:
            cancel.set()
            raise
        finally:
            self._cancels.discard(cancel)

    def cancel_all(self) -> None:
        for cancel in list(self._cancels):
            cancel.set()

    def shutdown(self) -> None:
        """Cancel every job and wait for the workers to stop (they check ``cancel`` often)."""
        self.cancel_all()
        self._pool.shutdown(wait=True, cancel_futures=True)
