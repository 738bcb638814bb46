"""Tell what a device is: FC43/14 objects where it answers them, else identity registers.

A profile matches when its ``[identity] match`` text appears in the model the
device reports. Devices that match no profile are still listed with what
could be read, so the user can pick a profile by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.drivers import open_device
from app.errors import MeterDeskError
from app.modbus.errors import LinkError
from app.modbus.link import ModbusLink
from app.profiles import Profile, load_all


@dataclass(frozen=True)
class Identification:
    unit: int
    profile_id: str | None
    vendor: str = ""
    model: str = ""
    serial: str = ""
    firmware: str = ""
    source: str = ""

    @property
    def summary(self) -> str:
        what = " ".join(x for x in (self.vendor, self.model) if x) or "unknown device"
        return f"{what} [{self.profile_id or 'no matching profile'}]"


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
            return Identification(unit, None, text.get(0, ""), text.get(1, ""), "", text.get(2, ""), "FC43/14")
        return await _identified(link, profile, unit)
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
    return Identification(unit, None, source="answers Modbus, identity unknown")


async def _identified(link: ModbusLink, profile: Profile, unit: int) -> Identification:
    ident = await open_device(profile, link, unit).identify()
    return Identification(unit, profile.id, ident.vendor, ident.model, ident.serial, ident.firmware, ident.source)
