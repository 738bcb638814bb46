"""Self-test of an installed MeterDesk: ``meterdesk --self-test``.

Each check proves that one part of the program works on this machine, as
packaged: the device profiles load, the bundled COMTRADE sample decodes to the
values it was written with, the system keyring answers (or the session-only
fallback is reported), and the simulated demo lab answers a Modbus read.

The GUI adds its own check (the main window, created offscreen) through the
``meterdesk.self_test`` entry-point group, so this module never imports Qt.
A check is a callable that returns a one-line detail and raises on failure.
"""

from __future__ import annotations

import asyncio
import os
import platform
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import entry_points

import numpy as np

from app import __version__
from app.analysis.rms import rms
from app.comtrade import read
from app.drivers import open_device
from app.errors import MeterDeskError
from app.i18n import N_, _, ngettext
from app.modbus import codec
from app.modbus.link import Endpoint, ModbusLink
from app.profiles import load_all, profile_by_id
from app.resources import resource_path, resources_dir
from app.security.credentials import CredentialKey, CredentialStore, keyring_status
from app.sim.lab import LabThread, demo_specs

ENTRY_POINT_GROUP = "meterdesk.self_test"
#: Check names are keys (the GUI registers its check under this entry-point name); the report
#: shows them through :func:`app.i18n._`.
GUI_CHECK = N_("main window")
#: Check outcomes (``Result.status``) in words.
STATUS_WORDS = {"ok": N_("ok"), "warning": N_("warning"), "failed": N_("failed")}

#: The bundled sample (resources/samples/README.md): phase A sags to 60 % of 230 V
#: for three cycles from the trigger on.
SAMPLE = "voltage-sag.cff"
SAMPLE_NOMINAL = 230.0  # V RMS, before the sag
SAMPLE_SAG = 138.0  # V RMS, during the sag
SAMPLE_TOLERANCE = 0.5  # V

Check = Callable[[], str]


class SelfTestError(MeterDeskError):
    """A self-test check found a problem."""


class Warned(Exception):
    """Raised by a check that passed with a reservation (the message says which)."""


@dataclass(frozen=True)
class Result:
    """Outcome of one check: ``status`` is ``ok``, ``warning`` or ``failed``; time in s."""

    name: str
    status: str
    detail: str
    seconds: float

    @property
    def line(self) -> str:
        status = _(STATUS_WORDS.get(self.status, self.status))
        text = _("{name}: {detail} ({milliseconds:.0f} ms)").format(
            name=_(self.name), detail=self.detail, milliseconds=self.seconds * 1000)
        width = max(len(_(word)) for word in STATUS_WORDS.values()) + 1
        return f"  {status:<{width}} {text}"


def check_profiles() -> str:
    """Every shipped device profile loads and validates."""
    profiles = load_all()
    if not profiles:
        raise SelfTestError(_("no device profile found in {folder}").format(folder=resource_path("profiles")))
    return _("{count} loaded ({names})").format(count=len(profiles), names=", ".join(sorted(profiles)))


def check_comtrade_sample() -> str:
    """The bundled COMTRADE sample decodes, and phase A's RMS is what was written."""
    path = resource_path("samples", SAMPLE)
    record = read(path)
    if record.warnings:
        raise SelfTestError(_("{where}: {detail}").format(where=path.name, detail=record.warnings[0]))
    trigger = record.trigger_time
    if trigger is None:
        raise SelfTestError(_("{file}: no trigger time").format(file=path.name))
    rate = record.config.rates[0].rate
    per_cycle = round(rate / record.config.line_frequency)
    first = int(np.searchsorted(record.time, trigger - 0.5 / rate))  # first sample at the trigger
    va = record.analog("Va")
    before, during = rms(va[first - per_cycle:first]), rms(va[first:first + per_cycle])
    wrong = (
        (_("{file}: Va before the sag is {value:.2f} V RMS, expected {expected} V"), before, SAMPLE_NOMINAL),
        (_("{file}: Va during the sag is {value:.2f} V RMS, expected {expected} V"), during, SAMPLE_SAG),
    )
    for problem, value, expected in wrong:
        if not abs(value - expected) <= SAMPLE_TOLERANCE:
            raise SelfTestError(problem.format(file=path.name, value=value, expected=expected))
    return _("{file}: {analog} analog and {digital} digital channels, {samples} samples; "
             "Va {before:.1f} V RMS before the sag, {during:.1f} V during it").format(
        file=path.name, analog=len(record.analog_channels), digital=len(record.digital_channels),
        samples=record.sample_count, before=before, during=during)


def check_keyring() -> str:
    """The system keyring answers a read, or the session-only fallback is reported."""
    status = keyring_status()
    if not status.usable:
        raise Warned(
            _("no usable keyring ({reason}; {backend}): device passwords will be kept for the session only").format(
                reason=status.reason, backend=status.backend)
        )
    CredentialStore().get(CredentialKey("self-test", "self-test", "self-test"))
    return _("{backend} answers").format(backend=status.backend)


def check_demo_lab() -> str:
    """The simulated demo lab starts on free ports and its first TCP device answers a read."""
    specs = [s for s in demo_specs(0) if s.link != "serial" or os.name == "posix"]  # ptys are POSIX-only
    lab = LabThread(specs)
    try:
        served = lab.start()
        device = next(s for s in served if s.endpoint.startswith("tcp://"))
        return asyncio.run(_read_one(device.name, device.profile, device.endpoint, device.unit))
    finally:
        lab.stop()


async def _read_one(name: str, profile_id: str, endpoint: str, unit: int) -> str:
    profile = profile_by_id(profile_id)
    register = profile.of_kind("measurement")[0]
    link = ModbusLink(Endpoint.parse(endpoint), timeout=2.0, retries=1)
    try:
        await link.connect()
        values = await open_device(profile, link, unit, name).read([register.name])
    finally:
        link.close()
    text = codec.format_value(register, values[register.name])
    return _("{device} ({endpoint}) answered: {label} = {value}").format(
        device=name, endpoint=endpoint, label=register.label, value=text)


CORE_CHECKS: list[tuple[str, Check]] = [
    (N_("profiles"), check_profiles),
    (N_("COMTRADE sample"), check_comtrade_sample),
    (N_("keyring"), check_keyring),
    (N_("demo lab"), check_demo_lab),
]


def registered_checks() -> list[tuple[str, Check]]:
    """Checks the installed front ends register (the GUI's main window)."""
    checks: list[tuple[str, Check]] = []
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            checks.append((entry.name, entry.load()))
        except Exception as exc:  # noqa: BLE001 (a front end that cannot load is the finding)
            checks.append((entry.name, _raiser(_("cannot load {entry} ({error}: {message})").format(
                entry=entry.value, error=type(exc).__name__, message=exc))))
    if not any(name == GUI_CHECK for name, _check in checks):
        checks.insert(0, (GUI_CHECK, _raiser(
            _("not checked: no {group!r} entry point for it (run an installed MeterDesk)").format(
                group=ENTRY_POINT_GROUP)
        )))
    return checks


def _raiser(message: str) -> Check:
    def check() -> str:
        raise SelfTestError(message)

    return check


def run_checks(checks: Iterable[tuple[str, Check]]) -> list[Result]:
    """Run each check in turn; an exception becomes a failed result, never a traceback."""
    results = []
    for name, check in checks:
        start = time.perf_counter()
        try:
            status, detail = "ok", check()
        except Warned as exc:
            status, detail = "warning", str(exc)
        except MeterDeskError as exc:
            status, detail = "failed", str(exc)
        except Exception as exc:  # noqa: BLE001 (any error is a finding, never a traceback)
            status, detail = "failed", f"{type(exc).__name__}: {exc}"
        results.append(Result(name, status, detail, time.perf_counter() - start))
    return results


def header() -> str:
    if getattr(sys, "frozen", False):
        text = _("MeterDesk {version} self-test (bundle; Python {python}, {system} {machine}; resources in {folder})")
    else:
        text = _("MeterDesk {version} self-test (Python package; Python {python}, {system} {machine}; "
                 "resources in {folder})")
    return text.format(version=__version__, python=platform.python_version(), system=platform.system(),
                       machine=platform.machine(), folder=resources_dir())


def summary(results: list[Result]) -> str:
    failed = [r.name for r in results if r.status == "failed"]
    warnings = sum(r.status == "warning" for r in results)
    if failed:
        return _("Self-test FAILED: {checks}.").format(checks=", ".join(_(name) for name in failed))
    if warnings:
        return ngettext("Self-test passed ({count} warning).", "Self-test passed ({count} warnings).",
                        warnings).format(count=warnings)
    return _("Self-test passed.")


def report(results: list[Result]) -> str:
    """The report printed by ``--self-test``: a header, one line per check, a summary."""
    return "\n".join([header(), *(r.line for r in results), summary(results)])


def main(write: Callable[[str], object] = print) -> int:
    """Run every check and ``write`` the report; 0 when nothing failed, 1 otherwise."""
    results = run_checks([*registered_checks(), *CORE_CHECKS])
    write(report(results))
    return 1 if any(r.status == "failed" for r in results) else 0
