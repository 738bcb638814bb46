"""``meterdesk phasors``: a meter's phasors, symmetrical components and the wiring diagnosis."""

from __future__ import annotations

import argparse
import json

from app.analysis.wiring import LOAD_TYPES, Diagnosis, PhasorSet, diagnose
from app.cli.link_options import add_link_arguments, connect
from app.drivers import open_device
from app.errors import MeterDeskError
from app.i18n import N_, _
from app.live.phasors import has_phasors, phasor_registers, phasor_set
from app.live.units import format_number
from app.profiles import load_all

FAULTS_FOUND = 3  # exit code when the diagnosis finds a wiring fault
#: The line of a kind of sequence components, by (kind, unbalance known).
SEQUENCE_LINES = {
    ("voltage", True): N_("  Voltage sequence: {components}; unbalance {unbalance:.2f} %"),
    ("voltage", False): N_("  Voltage sequence: {components}"),
    ("current", True): N_("  Current sequence: {components}; unbalance {unbalance:.2f} %"),
    ("current", False): N_("  Current sequence: {components}"),
}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "phasors", help=_("print phasors and diagnose the wiring"),
        description=_("Read the voltage and current phasors (angles relative to V1, counter-clockwise), "
                      "print them with the symmetrical components, and diagnose the wiring in plain words. "
                      "Exits {code} when a wiring fault is found.").format(code=FAULTS_FOUND),
    )  # fmt: skip
    add_link_arguments(parser)
    parser.add_argument("--load", choices=list(LOAD_TYPES), default="load",
                        help=_("what the meter feeds, for the power-factor check (default: load, a mixed load)"))
    parser.add_argument("--json", action="store_true", help=_("machine-readable output"))
    parser.set_defaults(func=run)


async def run(args: argparse.Namespace) -> int:
    profile, link, unit = await connect(args)
    try:
        if not has_phasors(profile):
            offering = ", ".join(p.id for p in load_all().values() if has_phasors(p))
            raise MeterDeskError(_("{profile} has no phasor registers; phasors can be read from: {profiles}").format(
                profile=profile.id, profiles=offering))
        device = open_device(profile, link, unit)
        values = await device.read(phasor_registers(profile))
    finally:
        link.close()
    phasors = phasor_set(profile, values)
    diagnosis = diagnose(phasors, args.load)
    if args.json:
        print(json.dumps(as_dict(device.name, phasors, diagnosis), indent=2))
    else:
        print_text(device.name, phasors, diagnosis)
    return 0 if diagnosis.ok else FAULTS_FOUND


def as_dict(name: str, phasors: PhasorSet, diagnosis: Diagnosis) -> dict:
    def entry(p, unit):
        return {"label": p.label, "magnitude": p.magnitude, "angle": p.angle, "unit": unit}

    return {
        "device": name,
        "system": phasors.system,
        "expected_sequence": phasors.expected_sequence,
        "voltages": [entry(p, phasors.voltage_unit) for p in phasors.voltages],
        "currents": [entry(p, phasors.current_unit) for p in phasors.currents],
        "sequence_components": diagnosis.sequences,
        "voltage_unbalance": diagnosis.voltage_unbalance,
        "current_unbalance": diagnosis.current_unbalance,
        "diagnosis": {
            "ok": diagnosis.ok,
            "load": diagnosis.load,
            "voltage_sequence": diagnosis.voltage_sequence,
            "displacement": diagnosis.displacement,
            "power_factor": diagnosis.power_factor,
            "confidence": diagnosis.confidence,
            "confidence_reason": diagnosis.confidence_reason,
            "findings": [
                {"fault": f.fault, "phases": list(f.phases), "is_fault": f.is_fault, "message": f.message,
                 "evidence": f.evidence, "check": f.check}
                for f in diagnosis.findings
            ],
        },
    }


def print_text(name: str, phasors: PhasorSet, diagnosis: Diagnosis) -> None:
    if phasors.system == "delta":
        head = _("{device}: delta (line-line voltages), expected phase order {order}, angles relative to {reference}")
    else:
        head = _("{device}: wye, expected phase order {order}, angles relative to {reference}")
    print(head.format(device=name, order=phasors.expected_sequence, reference=phasors.voltages[0].label))
    for p, unit in [*((v, phasors.voltage_unit) for v in phasors.voltages),
                    *((i, phasors.current_unit) for i in phasors.currents)]:
        magnitude = format_number(p.magnitude, unit) if p.magnitude is not None else _("n/a")
        angle = f"{p.angle:7.1f}°" if p.angle is not None else f"{_('n/a'):>7}"
        print(f"  {p.label:<4} {magnitude:>12}  {angle}")
    for kind, unbalance in (("voltage", diagnosis.voltage_unbalance), ("current", diagnosis.current_unbalance)):
        parts = diagnosis.sequences.get(kind)
        if not parts:
            continue
        unit = phasors.voltage_unit if kind == "voltage" else phasors.current_unit
        components = _("positive {positive}, negative {negative}, zero {zero}").format(
            **{k: format_number(parts[k][0], unit) for k in ("positive", "negative", "zero")})
        print(_(SEQUENCE_LINES[kind, unbalance is not None]).format(components=components, unbalance=unbalance))
    print()
    print(diagnosis.summary())
    for f in diagnosis.findings:
        print(f"- {f.message[0].upper()}{f.message[1:]}")
        print(_("    because {evidence}").format(evidence=f.evidence))
        print(_("    check: {check}").format(check=f.check))
