"""Tell what a device is: FC43/14 objects where it answers them, else identity registers.

A profile matches when its ``[identity] match`` text appears in the model the
device reports. Devices that match no profile are still listed with what
could be read, so the user can pick a profile by hand. Some devices (the
BCPME) have no identity registers at all: for those, a profile whose
documented enumerated settings all read back valid is offered as *likely*,
never applied as fact.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.drivers import open_device
from app.errors import MeterDeskError
from app.i18n import _
from app.modbus.errors import LinkError, ModbusExceptionError
from app.modbus.link import ModbusLink
from app.profiles import Profile, load_all

LIKELY_CHECKS = 4  # enumerated registers read to recognise a profile without identity registers


@dataclass(frozen=True)
class Identification:
    unit: int
    profile_id: str | None
    vendor: str = ""
    model: str = ""
    serial: str = ""
    firmware: str = ""
    source: str = ""
    #: Profiles the device looks like (its enumerated settings read back valid), when none matched.
    likely: tuple[str, ...] = ()
    #: What was read from an unidentified device, in words.
    detail: str = ""

    @property
    def summary(self) -> str:
        what = " ".join(x for x in (self.vendor, self.model) if x) or _("unknown device")
        if self.profile_id is None and self.likely:
            return _("{device} [likely {profiles}]").format(device=what, profiles=", ".join(self.likely))
        if self.profile_id is None:
            return _("{device} [no matching profile]").format(device=what)
        return f"{what} [{self.profile_id}]"


def match_profile(model_text: str, profiles: dict[str, Profile] | None = None) -> Profile | None:
    """The profile whose ``match`` text is in ``model_text`` (longest match wins)."""
    profiles = profiles if profiles is not None else load_all()
    text = model_text.lower()
    hits = [p for p in profiles.values() if p.identity.match and p.identity.match.lower() in text]
    return max(hits, key=lambda p: len(p.identity.match), default=None)


async def identify(link: ModbusLink, unit: int, timeout: float = 0.5) -> Identification:
    """Identify the device at ``unit``: FC43/14 first, then each profile's model register."""
    profiles = load_all()
    try:
        objects = await link.read_device_identification(unit, timeout=timeout)
    except LinkError:
        objects = {}
    text = {k: v.decode("utf-8", errors="replace").strip() for k, v in objects.items()}
    if text:
        profile = match_profile(" ".join(text.get(k, "") for k in (1, 4, 5)), profiles)
        if profile is None:
            return Identification(unit, None, text.get(0, ""), text.get(1, ""), "", text.get(2, ""), "FC43/14",
                                  detail=_objects_text(text))
        return await _identified(link, profile, unit, objects)
    for profile in profiles.values():
        register = profile.identity.model_register
        if not register or profile.driver == "offline":
            continue
        try:
            value = (await open_device(profile, link, unit).read([register]))[register]
        except MeterDeskError:
            continue
        if isinstance(value, str) and profile.identity.match.lower() in value.lower():
            return await _identified(link, profile, unit)
    likely = tuple([p.id for p in profiles.values() if await _looks_like(link, unit, p)])
    detail = await _first_register(link, unit, timeout)
    if len(likely) == 1:  # say what it probably is, but leave the profile to the user
        profile = profiles[likely[0]]
        return Identification(unit, None, profile.vendor, profile.model, likely=likely, detail=detail,
                              source=_("likely: its settings read back valid (it has no identity registers)"))
    return Identification(unit, None, source=_("answers Modbus, identity unknown"), likely=likely, detail=detail)


async def _identified(link: ModbusLink, profile: Profile, unit: int,
                      objects: dict[int, bytes] | None = None) -> Identification:
    ident = await open_device(profile, link, unit).identify(objects)
    return Identification(unit, profile.id, ident.vendor, ident.model, ident.serial, ident.firmware, ident.source)


async def _looks_like(link: ModbusLink, unit: int, profile: Profile) -> bool:
    """True for a profile without identity means whose first enumerated settings all read back valid."""
    ident = profile.identity
    if ident.fc43 or ident.model_register or profile.driver == "offline":
        return False
    checks = [r for r in profile.registers
              if r.enum and r.readable and not r.source.lower().startswith("convention")][:LIKELY_CHECKS]
    if not checks:
        return False
    try:
        values = await open_device(profile, link, unit).read([r.name for r in checks])
    except MeterDeskError:
        return False
    return all(values[r.name] in r.enum for r in checks)


async def _first_register(link: ModbusLink, unit: int, timeout: float) -> str:
    """Holding register 0 as read from the device, or the exception it answered."""
    try:
        words = await link.read_registers(3, 0, 1, unit, timeout=timeout)
    except ModbusExceptionError as exc:
        return _("holding register 0: exception {code:02d}; no FC43/14 identification").format(code=exc.code)
    except LinkError as exc:
        return _("holding register 0: {reason}; no FC43/14 identification").format(reason=exc.detail)
    return _("holding register 0 = {value} (0x{value:04X}); no FC43/14 identification").format(value=int(words[0]))


def _objects_text(objects: dict[int, str]) -> str:
    names = {0: _("vendor"), 1: _("product code"), 2: _("revision"), 3: _("vendor URL"), 4: _("product name"),
             5: _("model name")}
    items = ", ".join(f"{names[k]} {v!r}" if k in names else _("object {number} {value!r}").format(number=k, value=v)
                      for k, v in sorted(objects.items()) if v)
    return f"FC43/14: {items}"
