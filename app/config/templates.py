"""Templates: one configuration written to many devices of the same model.

Device-specific settings (unit ids, IP addresses, names; ``device_specific``
in the profile) are left out of a template; a :class:`Target` may give its own
values for them. Every device's configuration is checked before the first
frame is sent; then devices are written a few at a time (one at a time on a
shared serial bus, which the link serialises), each with its own report.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from app.config.changelog import ChangeLog
from app.config.device_io import WriteReport, write_configuration
from app.config.model import Configuration
from app.config.rules import check
from app.errors import MeterDeskError, ValidationError
from app.i18n import N_, _
from app.modbus.codec import Value
from app.session import DeviceAddress, DeviceSession, LinkPool

#: Outcomes of a device; only "verified" is a success (English keys; shown through :func:`app.i18n._`).
DONE, FAILED, UNREACHABLE, CANCELLED = N_("verified"), N_("failed"), N_("unreachable"), N_("cancelled")


@dataclass(frozen=True)
class Target:
    """A device to write, with its own values of device-specific settings."""

    address: DeviceAddress
    values: dict[str, Value] = field(default_factory=dict)


@dataclass(frozen=True)
class DeviceOutcome:
    """What happened on one device: ``status`` verified, failed, unreachable or cancelled."""

    target: Target
    status: str
    report: WriteReport | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status == DONE

    @property
    def name(self) -> str:
        return self.target.address.name


def template_of(config: Configuration) -> Configuration:
    """``config`` without its device-specific settings and site facts (what every device may share)."""
    profile = config.profile
    values = {k: v for k, v in config.values.items() if not profile.register(k).device_specific}
    return Configuration(profile, values, device="")


def for_target(template: Configuration, target: Target) -> Configuration:
    """The configuration ``target`` gets: the template without device-specific settings, plus its own values."""
    profile = template.profile
    shared = template_of(template).values
    facts = {k: v for k, v in template.installation.items() if not profile.register(k).device_specific}
    return Configuration(profile, {**shared, **target.values}, facts, device=target.address.name)


def check_targets(template: Configuration, targets: Sequence[Target]) -> None:
    """Raise one :class:`ValidationError` naming every device whose configuration cannot be written."""
    lines = []
    for target in targets:
        where = f"{target.address.name} ({target.address.label})"
        if target.address.profile_id != template.profile.id:
            lines.append(_("{where}: a {profile} device, the template is for {template}").format(
                where=where, profile=target.address.profile_id, template=template.profile.id))
            continue
        try:
            config = for_target(template, target)
        except MeterDeskError as exc:
            lines.append(_("{where}: {detail}").format(where=where, detail=exc))
            continue
        lines += [_("{where}: {detail}").format(where=where, detail=p)
                  for p in check(config.profile, config.values, config.installation) if p.is_error]
    if lines:
        raise ValidationError(_("the template cannot be applied; nothing was written:\n{lines}").format(
            lines="\n".join(f"  - {line}" for line in lines)))


async def apply_template(
    template: Configuration,
    targets: Sequence[Target],
    *,
    pool: LinkPool | None = None,
    timeout: float | None = None,
    retries: int = 1,
    concurrency: int = 4,
    on_result: Callable[[DeviceOutcome], None] | None = None,
    cancel: asyncio.Event | None = None,
    log: ChangeLog | None = None,
) -> list[DeviceOutcome]:
    """Write the template to every target; return one outcome per target, in the targets' order.

    Nothing is sent unless every target's configuration passes its checks.
    ``timeout`` (s) overrides each address's own request timeout.
    ``cancel`` stops devices that have not started (a device being written
    finishes, so no device is left half-written by the cancel); they are
    reported "cancelled". ``on_result`` is called as each device finishes.
    """
    check_targets(template, targets)
    pool = pool or LinkPool()
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(target: Target) -> DeviceOutcome:
        async with gate:
            if cancel is not None and cancel.is_set():
                outcome = DeviceOutcome(target, CANCELLED, message=_("cancelled before it started"))
            else:
                outcome = await _write_one(template, target, pool, timeout, retries, log)
            if on_result is not None:  # before the next device may start, so a cancel here holds it back
                on_result(outcome)
        return outcome

    return list(await asyncio.gather(*(one(t) for t in targets)))


async def _write_one(template: Configuration, target: Target, pool: LinkPool, timeout: float | None, retries: int,
                     log: ChangeLog | None) -> DeviceOutcome:
    session = DeviceSession(target.address, pool, timeout=timeout, retries=retries)
    try:
        await session.connect()
    except MeterDeskError as exc:
        return DeviceOutcome(target, UNREACHABLE, message=str(exc))
    try:
        assert session.device is not None
        report = await write_configuration(session.device, for_target(template, target), log, target.address.label)
    except MeterDeskError as exc:
        return DeviceOutcome(target, FAILED, message=str(exc))
    finally:
        session.disconnect()
    return DeviceOutcome(target, DONE if report.ok else FAILED, report, report.summary())


def summary(outcomes: Sequence[DeviceOutcome]) -> str:
    """Which devices succeeded and which did not, in two lines."""
    good = [o.name for o in outcomes if o.ok]
    bad = [f"{o.name} ({_(o.status)})" for o in outcomes if not o.ok]
    if good:
        verified = _("{count} of {total} devices verified: {names}").format(
            count=len(good), total=len(outcomes), names=", ".join(good))
    else:
        verified = _("{count} of {total} devices verified").format(count=len(good), total=len(outcomes))
    lines = [verified]
    if bad:
        lines.append(_("not done: {devices}").format(devices=", ".join(bad)))
    return "\n".join(lines)
