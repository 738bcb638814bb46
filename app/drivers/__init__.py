"""Device drivers: how MeterDesk talks to a device model over a link.

Most devices need only :class:`~app.drivers.generic.Device`, driven entirely
by their profile; a profile names another driver (``[profile] driver``) only
when the device's protocol differs.
"""

from __future__ import annotations

from app.drivers.bcpme import BcpmeDevice
from app.drivers.generic import Device
from app.drivers.iskra import ISKRA_DRIVERS
from app.errors import MeterDeskError
from app.i18n import _
from app.modbus.link import ModbusLink
from app.profiles.model import Profile

DRIVERS: dict[str, type[Device]] = {"generic": Device, "bcpme": BcpmeDevice}
DRIVERS.update(ISKRA_DRIVERS)


def open_device(profile: Profile, link: ModbusLink, unit: int, name: str = "") -> Device:
    """A driver instance for ``profile`` on ``link`` at ``unit``."""
    driver = DRIVERS.get(profile.driver)
    if driver is None:
        raise MeterDeskError(_("{model} ({id}) has no Modbus link: {source}").format(
            model=profile.model, id=profile.id, source=profile.links.source))
    return driver(link, profile, unit, name=name)
