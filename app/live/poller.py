"""Poll engine: a device's measurement groups, each at its own rate, in as few requests as possible.

Groups come from the profile (``kind = "measurement"``) with the profile's
rates (1 s for instantaneous values, 15 s for energies …), which callers may
override. All the groups due at one moment are read together through
:meth:`Device.read`, so the planner packs them into the fewest requests. A
failed read keeps the old values, marks them stale with the reason and is
retried at the group's next due time; the link reconnects by itself, so
polling carries on across dropped connections.

Times: ``clock`` (monotonic) schedules, ``wall`` (epoch seconds) stamps values.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from app.drivers.generic import Device
from app.errors import MeterDeskError
from app.i18n import _
from app.live.points import PointState
from app.profiles.model import Group

MIN_PERIOD = 0.1  # s


@dataclass
class GroupSchedule:
    """One measurement group and when it is next due (``clock`` time)."""

    group: Group
    names: tuple[str, ...]
    period: float
    due: float = 0.0


@dataclass(frozen=True)
class PollReport:
    """What one poll did: groups read, when (epoch s), requests sent, and the error if it failed."""

    time: float
    groups: tuple[str, ...]
    requests: int
    duration: float
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass
class PollStats:
    polls: int = 0
    failures: int = 0
    requests: int = 0
    refreshes: dict[str, int] = field(default_factory=dict)  # per group


Listener = Callable[[PollReport], None]


class Poller:
    """Poll one device's measurement groups until stopped.

    ``groups`` restricts polling to some group ids (default: every measurement
    group); ``names`` instead picks registers by name, from any group;
    ``rates`` overrides periods in seconds per group id.
    """

    def __init__(
        self,
        device: Device,
        *,
        groups: Iterable[str] | None = None,
        names: Iterable[str] | None = None,
        rates: Mapping[str, float] | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.device = device
        self._clock, self._wall = clock, wall
        profile = device.profile
        wanted = set(groups) if groups is not None else None
        chosen = set(names) if names is not None else None
        if unknown_names := sorted(n for n in chosen or () if not profile.has(n)):
            raise MeterDeskError(_("{profile} has no register {name!r}").format(profile=profile.id, name=unknown_names[0]))
        self.schedules: dict[str, GroupSchedule] = {}
        self.points: dict[str, PointState] = {}
        # Exponent registers are read with the values they scale, not shown as values.
        exponents = {r.scale_register for r in profile.registers if r.scale_register}
        for group in profile.groups:
            if chosen is None and (group.kind != "measurement" or (wanted is not None and group.id not in wanted)):
                continue
            registers = [r for r in profile.in_group(group.id) if r.readable and (
                r.name in chosen if chosen is not None else r.name not in exponents)]
            if not registers:
                continue
            period = max(MIN_PERIOD, float((rates or {}).get(group.id, group.rate)))
            self.schedules[group.id] = GroupSchedule(group, tuple(r.name for r in registers), period)
            self.points.update((r.name, PointState(r)) for r in registers)
        if wanted is not None and (unknown := wanted - set(self.schedules)):
            raise MeterDeskError(_("{profile} has no measurement group {name!r}").format(
                profile=profile.id, name=min(unknown)))
        self.stats = PollStats()
        self.listeners: list[Listener] = []
        self._stop = asyncio.Event()

    # ---- control

    def set_rate(self, group_id: str, seconds: float) -> None:
        """Poll ``group_id`` every ``seconds`` from now on."""
        schedule = self.schedules[group_id]
        schedule.period = max(MIN_PERIOD, seconds)
        schedule.due = min(schedule.due, self._clock() + schedule.period)

    def reset_extremes(self) -> None:
        for point in self.points.values():
            point.reset_extremes()

    def stop(self) -> None:
        self._stop.set()

    # ---- polling

    def next_due(self) -> float:
        """When the next group is due (``clock`` time); infinity when there is nothing to poll."""
        return min((s.due for s in self.schedules.values()), default=math.inf)

    async def poll(self, force: bool = False) -> PollReport | None:
        """Read every group that is due (every group with ``force``); None if none is due."""
        now = self._clock()
        due = [s for s in self.schedules.values() if force or s.due <= now]
        if not due:
            return None
        names = [n for s in due for n in s.names]
        link_stats = self.device.link.stats
        before = link_stats.requests
        stamp = self._wall()
        error = ""
        try:
            values = await self.device.read(names)
        except MeterDeskError as exc:
            error = str(exc)
            for name in names:
                self.points[name].mark_stale(error)
        else:
            stamp = self._wall()
            unreadable = self.device.unreadable.names
            for name in names:
                self.points[name].update(values.get(name), stamp, unreadable=name in unreadable)
        finished = self._clock()
        for schedule in due:
            schedule.due += schedule.period
            if schedule.due <= finished:  # fell behind (slow link): no burst of catch-up polls
                schedule.due = finished + schedule.period
        report = PollReport(stamp, tuple(s.group.id for s in due), link_stats.requests - before,
                            finished - now, error)
        self._count(report)
        for listener in list(self.listeners):
            listener(report)
        return report

    async def run(self) -> None:
        """Poll until :meth:`stop` (or cancellation)."""
        self._stop.clear()
        start = self._clock()
        for schedule in self.schedules.values():
            schedule.due = start
        while not self._stop.is_set():
            await self.poll()
            delay = max(0.0, self.next_due() - self._clock())
            try:
                await asyncio.wait_for(self._stop.wait(), None if math.isinf(delay) else delay)
            except TimeoutError:
                pass

    def _count(self, report: PollReport) -> None:
        stats = self.stats
        stats.polls += 1
        stats.requests += report.requests
        if not report.ok:
            stats.failures += 1
            return
        for group in report.groups:
            stats.refreshes[group] = stats.refreshes.get(group, 0) + 1
