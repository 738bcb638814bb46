"""Run coroutines from Qt slots on the qasync loop, with errors shown, not raised."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from app.errors import MeterDeskError

ErrorSink = Callable[[str], None]


def spawn(coro: Coroutine[Any, Any, Any], on_error: ErrorSink) -> asyncio.Task:
    """Schedule ``coro``; a user-facing error goes to ``on_error`` as text.

    Anything else is a bug: it goes to ``sys.excepthook`` (the crash dialog).
    """
    task = asyncio.ensure_future(coro)

    def done(t: asyncio.Task) -> None:
        if t.cancelled():
            return
        exc = t.exception()
        if isinstance(exc, MeterDeskError):
            on_error(str(exc))
        elif exc is not None:
            sys.excepthook(type(exc), exc, exc.__traceback__)

    task.add_done_callback(done)
    return task
