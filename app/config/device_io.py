"""Read a device's configuration, and write one in a safe order, each setting verified by read-back.

Writing is two steps so a user can see what will happen first:
:func:`prepare_write` checks every value and rule before any frame is sent,
reads what the device holds, keeps only the settings that differ and orders
them; :func:`apply_write` sends them and returns a :class:`WriteReport` with
one result per setting. :func:`write_configuration` does both.

Order: ordinary settings first, each placed so that the device's state stays
within the profile's rules after every single write (a device checks each
write against the values it holds); then settings that can cut a link; the
ones that can cut the link in use last of all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.config.diff import Change, diff_values
from app.config.model import Configuration, ConfigurationError, normalize, now
from app.config.rules import check, check_rules, involving, raise_errors
from app.drivers.generic import Device
from app.errors import ValidationError
from app.i18n import N_, _
from app.modbus import codec
from app.modbus.codec import Value
from app.profiles.model import Profile

if TYPE_CHECKING:
    from app.config.changelog import ChangeLog

#: Result statuses; only "verified" is a success.
VERIFIED, MISMATCH, REFUSED, UNVERIFIED, NOT_SENT = (N_("verified"), N_("mismatch"), N_("refused"), N_("unverified"),
                                                    N_("not sent"))  # English keys (logs, files); shown through _()


async def read_configuration(device: Device) -> Configuration:
    """Every setting of the device's profile, as the device holds it now.

    Settings the device does not give (refused or "not available") are left
    out and listed in ``missing``; values the profile does not allow go to
    ``unusable``.
    """
    profile = device.profile
    regs = profile.settings()
    values = await device.read([r.name for r in regs])
    present: dict[str, Value] = {}
    unusable: dict[str, Value] = {}
    for reg in regs:
        value = values.get(reg.name)
        if value is None:
            continue
        value = normalize(reg, value)
        try:
            present[reg.name] = codec.validate(reg, value)
        except ValidationError:
            unusable[reg.name] = value
    missing = tuple(r.name for r in regs if values.get(r.name) is None)
    return Configuration(profile, present, device=device.name, read_at=now(), missing=missing, unusable=unusable)


def link_kind(device: Device) -> str:
    """``serial`` when the device is reached over RS-485 directly, else ``tcp``."""
    return "serial" if device.link.endpoint.kind == "rtu" else "tcp"


@dataclass
class WritePlan:
    """What a write will do: the changes in sending order, and what users should read first."""

    device: str
    profile: Profile
    changes: list[Change]
    current: dict[str, Value]
    warnings: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.changes


@dataclass(frozen=True)
class SettingResult:
    """Outcome of one setting: ``status`` is verified, mismatch, refused, unverified or not sent."""

    change: Change
    status: str
    read_back: Value = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status == VERIFIED

    @property
    def name(self) -> str:
        return self.change.name

    @property
    def restart(self) -> bool:
        """The device applies this setting after a restart."""
        return self.change.register.restart

    @property
    def read_back_text(self) -> str:
        return "—" if self.read_back is None else codec.format_value(self.change.register, self.read_back)


@dataclass
class WriteReport:
    """Per-setting results of one write to one device."""

    device: str
    profile: str
    results: list[SettingResult]
    warnings: list[str] = field(default_factory=list)
    started: str = ""
    finished: str = ""

    @property
    def ok(self) -> bool:
        """True when every setting was written and verified (or nothing needed writing)."""
        return all(r.ok for r in self.results)

    def with_status(self, status: str) -> list[SettingResult]:
        return [r for r in self.results if r.status == status]

    @property
    def restart_needed(self) -> list[SettingResult]:
        return [r for r in self.results if r.ok and r.restart]

    def summary(self) -> str:
        """One line, e.g. "5 settings: 3 verified, 1 refused, 1 not sent"."""
        if not self.results:
            return _("{device}: nothing to write, the device already holds these settings").format(device=self.device)
        counts = [f"{len(self.with_status(s))} {_(s)}" for s in (VERIFIED, MISMATCH, REFUSED, UNVERIFIED, NOT_SENT)
                  if self.with_status(s)]
        text = _("{device}: {count} setting(s): {counts}").format(
            device=self.device, count=len(self.results), counts=", ".join(counts))
        if self.restart_needed:
            text += _("; {count} take effect after a device restart").format(count=len(self.restart_needed))
        return text


# ---- preparing


def _wanted(profile: Profile, target: Configuration | Sequence[Change]) -> tuple[dict[str, Value], dict[str, Value]]:
    if isinstance(target, Configuration):
        if target.profile.id != profile.id:
            raise ConfigurationError(
                _("the configuration is for {model} ({id}), the device is a {device_model} ({device_id})").format(
                    model=target.profile.model, id=target.profile.id, device_model=profile.model, device_id=profile.id)
            )
        return dict(target.values), dict(target.installation)
    return {c.name: c.new for c in target}, {}


async def prepare_write(device: Device, target: Configuration | Sequence[Change]) -> WritePlan:
    """Check ``target``, read what the device holds, and plan the write of what differs.

    Raises :class:`~app.errors.ValidationError` listing every refused value or
    broken rule before any frame is sent (the checks that need the device's
    other values run after reading them; nothing is written in either case).
    """
    profile = device.profile
    wanted, installation = _wanted(profile, target)
    raise_errors(check(profile, wanted, installation), device.name)
    needed = list(dict.fromkeys([*wanted, *(n for r in profile.rules if set(r.names) & set(wanted) for n in r.names)]))
    current = await device.read(needed)
    changes = diff_values(profile, current, wanted)
    changed = {c.name for c in changes}
    merged = {**{k: v for k, v in current.items() if v is not None}, **wanted}
    problems = involving(check_rules(profile, merged, installation), changed)
    raise_errors(problems, device.name)
    kind = link_kind(device)
    ordered = order_changes(profile, changes, current, kind)
    warnings = [str(p) for p in problems if not p.is_error]
    warnings += [f"{c.label}: {c.register.caution}" for c in ordered if c.register.caution]
    cutting = [c for c in ordered if kind in c.register.link]
    if cutting:
        names = ", ".join(c.label for c in cutting)
        warnings.append(_("Writing {names} can cut the current {link} link to this device; these are written "
                          "last. Reconnect with the new settings afterwards and compare again to verify them.").format(
            names=names, link="RS-485" if kind == "serial" else "Ethernet"))
    restart = [c.label for c in ordered if c.register.restart]
    if restart:
        warnings.append(_("{names}: applied by the device after a restart.").format(names=", ".join(restart)))
    if changes:
        warnings += await device.write_warnings({c.name: c.new for c in ordered})
    return WritePlan(device.name, profile, ordered, dict(current), warnings)


def order_changes(profile: Profile, changes: Sequence[Change], current: Mapping[str, Value],
                  kind: str = "tcp") -> list[Change]:
    """Changes in a safe sending order (see the module docstring)."""
    plain = [c for c in changes if not c.register.link]
    other_link = [c for c in changes if c.register.link and kind not in c.register.link]
    own_link = [c for c in changes if kind in c.register.link]
    state = {k: v for k, v in current.items() if v is not None}
    ordered: list[Change] = []
    for batch in (plain, other_link, own_link):
        pending = list(batch)
        while pending:
            pick = next((c for c in pending if not _breaks(profile, state, c)), pending[0])
            pending.remove(pick)
            ordered.append(pick)
            state[pick.name] = pick.new
    return ordered


def _breaks(profile: Profile, state: Mapping[str, Value], change: Change) -> bool:
    """True if applying ``change`` alone to ``state`` breaks an error rule that involves it."""
    after = {**state, change.name: change.new}
    return any(p.is_error for p in involving(check_rules(profile, after), [change.name]))


# ---- writing


async def apply_write(device: Device, plan: WritePlan, log: ChangeLog | None = None,
                      where: str = "") -> WriteReport:
    """Send the planned changes in order, one setting at a time, each verified by read-back.

    A refused setting (Modbus exception) is reported and the next is tried; a
    lost link stops the write: that setting is "unverified" (it may or may not
    have been applied) and the rest "not sent", so running the same write again
    finishes the job. ``log`` records every setting that was sent.
    """
    started = now()
    results: list[SettingResult] = []
    lost: str | None = None
    kind = link_kind(device)
    for change in plan.changes:
        if lost is not None:
            results.append(SettingResult(change, NOT_SENT, message=_("not sent: {reason}").format(reason=lost)))
            continue
        refusals = _refusals(device)
        [result] = await device.write({change.name: change.new})
        if result.status == "verified":
            note = _("verified; takes effect after a device restart") if change.register.restart else _("verified")
            results.append(SettingResult(change, VERIFIED, result.read_back, note))
        elif result.status == "mismatch":
            results.append(SettingResult(change, MISMATCH, result.read_back, _("written, but the device holds {value}").format(
                value=codec.format_value(change.register, result.read_back))))
        elif _refusals(device) > refusals:
            results.append(SettingResult(change, REFUSED, message=_("refused by the device: {reason}").format(
                reason=result.message)))
        else:
            lost = result.message
            expected = kind in change.register.link
            text = _("written; the link was cut, as this change can do: reconnect with the new settings "
                     "and compare again to verify it") if expected else _(
                "the link failed ({reason}); this setting may or may not have been applied").format(reason=result.message)
            results.append(SettingResult(change, UNVERIFIED, message=text))
    report = WriteReport(device.name, plan.profile.id, results, list(plan.warnings), started, now())
    if log is not None:
        log.record(report, where)
    return report


def _refusals(device: Device) -> int:
    """Modbus exceptions this device has answered so far (a shared link counts per unit)."""
    stats = getattr(device.link, "unit_stats", {}).get(device.unit, device.link.stats)
    return stats.errors["exception"]


async def write_configuration(device: Device, target: Configuration | Sequence[Change],
                              log: ChangeLog | None = None, where: str = "") -> WriteReport:
    """Write what differs between the device and ``target``; see :func:`prepare_write` and :func:`apply_write`."""
    return await apply_write(device, await prepare_write(device, target), log, where)
