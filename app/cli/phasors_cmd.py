"""``meterdesk phasors``: a meter's phasors, symmetrical components and the wiring diagnosis."""

from __future__ import annotations

import argparse
import json

from app.analysis.wiring import LOAD_TYPES, Diagnosis, PhasorSet, diagnose
from app.cli.link_options import add_link_arguments, connect
from app.drivers import open_device
from app.errors import MeterDeskError
from app.live.phasors import has_phasors, phasor_registers, phasor_set
from app.live.units import format_number
from app.profiles import load_all

FAULTS_FOUND = 3  # exit code when the diagnosis finds a wiring fault


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "phasors", help="print phasors and diagnose the wiring",
        description="Read the voltage and current phasors (angles relative to V1, counter-clockwise), "
                    "print them with the symmetrical components, and diagnose the wiring in plain words. "
                    f"Exits {FAULTS_FOUND} when a wiring fault is found.",
    )  # fmt: skip
    add_link_arguments(parser)
    parser.add_argument("--load", choices=list(LOAD_TYPES), default="load",
                        help="what the meter feeds, for the power-factor check (default: load, a mixed load)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=run)


async def run(args: argparse.Namespace) -> int:
    profile, link, unit = await connect(args)
    try:
        if not has_phasors(profile):
            offering = ", ".join(p.id for p in load_all().values() if has_phasors(p))
            raise MeterDeskError(f"{profile.id} has no phasor registers; phasors can be read from: {offering}")
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
    system = "delta (line-line voltages)" if phasors.system == "delta" else "wye"
    print(f"{name}: {system}, expected phase order {phasors.expected_sequence}, angles relative to "
          f"{phasors.voltages[0].label}")
    for p, unit in [*((v, phasors.voltage_unit) for v in phasors.voltages),
                    *((i, phasors.current_unit) for i in phasors.currents)]:
        magnitude = format_number(p.magnitude, unit) if p.magnitude is not None else "n/a"
        angle = f"{p.angle:7.1f}°" if p.angle is not None else "    n/a"
        print(f"  {p.label:<4} {magnitude:>12}  {angle}")
    for kind, unbalance in (("voltage", diagnosis.voltage_unbalance), ("current", diagnosis.current_unbalance)):
        parts = diagnosis.sequences.get(kind)
        if not parts:
            continue
        unit = phasors.voltage_unit if kind == "voltage" else phasors.current_unit
        text = ", ".join(f"{k} {format_number(m, unit)}" for k, (m, _) in
                         ((k, parts[k]) for k in ("positive", "negative", "zero")))
        ratio = f"; unbalance {unbalance:.2f} %" if unbalance is not None else ""
        print(f"  {kind.capitalize()} sequence: {text}{ratio}")
    print()
    print(diagnosis.summary())
    for f in diagnosis.findings:
        print(f"- {f.message[0].upper()}{f.message[1:]}")
        print(f"    because {f.evidence}")
        print(f"    check: {f.check}")
