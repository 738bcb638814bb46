"""Client for an Iskra SG's REST API (JSON over HTTP): a second path to its meters' data.

Commands (SG manual L506-L514): ``get_measurements`` and ``get_counters`` for the meter
on the left IR port, with suffix ``1`` or ``2`` for RS-485 devices 1 and 2. Values come
as strings with the unit inside (L535-L569, L595-L614); this client turns them into the
register names and base units the Modbus profiles use (iskra-ie38md, iskra-wm3m4c), so
the two paths give directly comparable values. Standard library only; requests run in a
worker thread so callers stay on their event loop.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from app.drivers.iskra import Counter
from app.errors import MeterDeskError
from app.i18n import _, profile_text
from app.modbus.codec import PowerFactor, Value

#: REST measurement field → profile register name (field names: L535-L569).
MEASUREMENT_FIELDS: dict[str, str] = {
    "frequency": "frequency",
    **{f"U{n}": f"voltage_{n}" for n in (1, 2, 3)},
    **{f"I{n}": f"current_{n}" for n in (1, 2, 3)},
    **{f"{key}{n}": f"{key.lower()}_{name}" for key in "PQS" for n, name in enumerate(("total", "1", "2", "3"))},
    **{f"PF{n}": f"pf_{name}" for n, name in enumerate(("total", "1", "2", "3"))},
    **{f"PA{n}": f"angle_{name}" for n, name in enumerate(("total", "1", "2", "3"))},
    "Tint": "temperature",
    **{f"THDI{n}": f"thd_i_{n}" for n in (1, 2, 3)},
    **{f"THDUp{n}": f"thd_u_{n}" for n in (1, 2, 3)},
}
_COUNTER_KEY = re.compile(r"counter(\d+)(nr)?")
_PREFIXES = {"k": 1e3, "M": 1e6}
_BASE_UNITS = ("Wh", "varh", "VAh", "")


class RestError(MeterDeskError):
    """The SG's REST API could not be reached or answered something unexpected."""


@dataclass(frozen=True)
class RestMeasurements:
    """One get_measurements answer; ``values`` is keyed by profile register names."""

    command: str
    model: str
    serial: str
    local_time: str
    values: dict[str, Value]
    tariff: int | None


@dataclass(frozen=True)
class RestCounters:
    """One get_counters answer; counter values in base units (Wh, varh, VAh)."""

    model: str
    serial: str
    local_time: str
    counters: list[Counter]


class IskraRestClient:
    """Reads measurements and counters from an SG at ``host``:``port`` (HTTP, default 80)."""

    def __init__(self, host: str, port: int = 80, timeout: float = 2.0) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout

    async def measurements(self, device: int = 0) -> RestMeasurements:
        """Measurements of device 0 (left IR meter) or RS-485 device 1 or 2."""
        data = await self.get(f"get_measurements{_suffix(device)}")
        header, fields = _part(data, "header"), _part(data, "measurements")
        values = {name: parse_value(fields[key]) for key, name in MEASUREMENT_FIELDS.items() if key in fields}
        tariff = fields.get("tariff")
        return RestMeasurements(
            str(header.get("cmd", "")), str(header.get("model", "")), str(header.get("serial_number", "")),
            str(header.get("local_time", "")), values, tariff if isinstance(tariff, int) else None,
        )  # fmt: skip

    async def counters(self, device: int = 0) -> RestCounters:
        """Energy counters of device 0 (left IR meter) or RS-485 device 1 or 2."""
        data = await self.get(f"get_counters{_suffix(device)}")
        header, fields = _part(data, "header"), _part(data, "counters")
        counters = []
        for key, text in fields.items():
            match = _COUNTER_KEY.fullmatch(key)
            if match is None:
                continue
            n, non_resettable = match[1], bool(match[2])
            value, unit = parse_energy(text)
            name = f"counter_nr_{n}" if non_resettable else f"counter_{n}"
            # the labels of the profiles' counter registers, translated as the profiles are
            label = profile_text("Non-resettable counter {n}" if non_resettable else "Resettable counter {n}")
            label = label.replace("{n}", str(n))
            counters.append(Counter(name, label, value, unit, resettable=not non_resettable))
        return RestCounters(str(header.get("model", "")), str(header.get("serial_number", "")),
                            str(header.get("local_time", "")), counters)

    async def get(self, command: str) -> dict[str, Any]:
        """The JSON answer to ``/get_command?command=…`` (with the ``time`` parameter of L580)."""
        url = f"http://{self.host}:{self.port}/get_command?command={command}&time={int(time.time() * 1000)}"
        return await asyncio.to_thread(self._fetch, url)

    def _fetch(self, url: str) -> dict[str, Any]:
        where = _("SG REST {host}:{port}").format(host=self.host, port=self.port)
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            detail = _error_text(exc.read()) or exc.reason
            raise RestError(_("{where}: HTTP {code} ({detail})").format(where=where, code=exc.code, detail=detail)) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise RestError(_("{where}: cannot connect ({reason})").format(where=where, reason=reason)) from None
        try:
            data = json.loads(body)
        except ValueError:
            raise RestError(_("{where}: the answer is not JSON").format(where=where)) from None
        if not isinstance(data, dict):
            raise RestError(_("{where}: the answer is not a JSON object").format(where=where))
        return data


def parse_value(text: Any) -> Value:
    """A measurement string: "220.5 V" → 220.5, "0.2124 Cap" → PowerFactor(0.2124), "1.0 Ind" → -1.0."""
    if isinstance(text, (int, float)):
        return text
    parts = str(text).split()
    if not parts:
        return None
    try:
        number = float(parts[0])
    except ValueError:
        return None
    kind = parts[1] if len(parts) > 1 else ""
    if kind in ("Cap", "Ind"):
        return PowerFactor(abs(number) if kind == "Cap" else -abs(number))
    return number


def parse_energy(text: str) -> tuple[float | None, str]:
    """A counter string in base units: "0.2 kWh" → (200.0, "Wh"); "0.00 k" → (0.0, "") (L611)."""
    parts = str(text).split()
    try:
        number = float(parts[0])
    except (IndexError, ValueError):
        return None, ""
    unit = parts[1] if len(parts) > 1 else ""
    if unit[:1] in _PREFIXES and unit[1:] in _BASE_UNITS:
        return number * _PREFIXES[unit[0]], unit[1:]
    return number, unit


def _suffix(device: int) -> str:
    if device not in (0, 1, 2):
        raise ValueError(_("REST device {device}: use 0 (left IR), 1 or 2 (RS-485 devices)").format(device=device))
    return str(device) if device else ""


def _part(data: dict[str, Any], key: str) -> dict[str, Any]:
    part = data.get(key)
    if not isinstance(part, dict):
        raise RestError(_("SG REST answer has no {key!r} object").format(key=key))
    return part


def _error_text(body: bytes) -> str:
    try:
        return str(json.loads(body).get("error", ""))
    except (ValueError, AttributeError):
        return ""
