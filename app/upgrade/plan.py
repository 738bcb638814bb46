"""Upgrade planning: from what the device runs to what the package brings, or why not.

The plan follows ion7400-part2.md §13: sequential upgrades through the
intermediate versions the package names (below 2.1.0, 2.1.0 first), the
upgrade agent only when an image needs a newer one than the device has,
firmware before the template, then web pages over SFTP into the meter's web
folder (§13.4) and option-module images over SFTP into each attached module
of their type (§13.7); those two are skipped, with the reason, when SFTP
cannot be used (no login, or no direct Ethernet). It refuses a model the
package is not for, a downgrade past the model's no-downgrade version, a
revenue-locked meter, an intermediate version the package lacks, and a link
the package cannot travel (direct Ethernet required, §13.2). Its warnings use
the manual's words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.i18n import N_, _
from app.upgrade.manifest import Component, Manifest
from app.upgrade.rules import rules_for
from app.upgrade.versions import Version, same_version

#: How a device is reached: direct Ethernet (Modbus TCP), a serial line, or a gateway to a serial line.
LINK_ETHERNET, LINK_SERIAL, LINK_GATEWAY = "ethernet", "serial", "gateway"
LINK_WORDS = {LINK_ETHERNET: N_("direct Ethernet"), LINK_SERIAL: N_("a serial line"), LINK_GATEWAY: N_("a gateway")}

ERASE_WARNINGS = (  # shown through _()
    N_("Loading firmware or a template erases all recorded data (§13.3)."),
    N_("COMTRADE files on the meter are deleted by a firmware upgrade."),
    N_("Outputs may change state (§13.3)."),
    N_("The meter restarts; do not interrupt or disconnect it during the upgrade (§13.3)."),
    N_("The setup and the accumulated energy values are lost unless restored; MeterDesk backs them "
       "up first and writes them back afterwards (§13.2, §13.5)."),
)


def link_of(endpoint_kind: str, via_gateway: bool = False) -> str:
    """The link class of an endpoint kind (``tcp``, ``tls``, ``rtu``, ``rtu-tcp``)."""
    if endpoint_kind == "rtu":
        return LINK_SERIAL
    if endpoint_kind == "rtu-tcp" or via_gateway:
        return LINK_GATEWAY
    return LINK_ETHERNET


@dataclass(frozen=True)
class DeviceFacts:
    """What the planner needs to know about a device, read from it before anything is sent."""

    name: str
    profile_id: str
    model: str
    serial: str
    version: Version
    agent: Version
    revenue_locked: bool
    link: str = LINK_ETHERNET
    #: Why the meter's SFTP site cannot be used (shown through ``_()``); empty when it can.
    sftp_problem: str = N_("no SFTP login was given")
    #: Option modules attached: ``(slot, module, version)``, read over SFTP.
    modules: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Step:
    """One component to install, from ``before`` to ``after`` (the device's version for firmware)."""

    component: Component
    text: str
    before: Version | None = None
    skipped: str = ""  # why this component is left out
    slot: str = ""  # the option-module slot (A-D) an S19 image goes to

    @property
    def kind(self) -> str:
        return self.component.kind


@dataclass
class Plan:
    """The steps in order, the refusals (any refusal means nothing is sent) and the warnings."""

    facts: DeviceFacts
    manifest: Manifest
    steps: list[Step] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refusals

    @property
    def active_steps(self) -> list[Step]:
        return [s for s in self.steps if not s.skipped]

    @property
    def target(self) -> Version | None:
        firmware = [s.component.version for s in self.active_steps if s.kind == "firmware"]
        return firmware[-1] if firmware else None

    def describe(self) -> list[str]:
        """The plan as lines of text: steps, then refusals, warnings and notes."""
        facts = self.facts
        head = _("{name}: {model}, firmware {version}, upgrade agent {agent}, reached over {link}").format(
            name=facts.name, model=facts.model, version=facts.version, agent=facts.agent,
            link=_(LINK_WORDS[facts.link]))
        lines = [head]
        for i, step in enumerate(self.active_steps, 1):
            lines.append(f"  {i}. {step.text}")
        lines += ["  " + _("skipped: {step}: {why}").format(step=s.text, why=s.skipped)
                  for s in self.steps if s.skipped]
        lines += ["  " + _("REFUSED: {reason}").format(reason=r) for r in self.refusals]
        lines += ["  " + _("warning: {text}").format(text=w) for w in self.warnings]
        lines += ["  " + _("note: {text}").format(text=n) for n in self.notes]
        return lines


def make_plan(facts: DeviceFacts, manifest: Manifest) -> Plan:
    """Plan installing ``manifest`` on the device described by ``facts``.

    Web pages and option-module images go over SFTP when ``facts`` say it can
    be used, otherwise they are listed as skipped with the reason.
    """
    plan = Plan(facts, manifest)
    rules = rules_for(facts.profile_id)
    if not rules.supported:
        plan.refusals.append(_("MeterDesk cannot upgrade {name}: {why}").format(name=facts.name, why=_(rules.why)))
        return plan
    if not manifest.fits(facts.model):
        plan.refusals.append(_("the package is for {items}; {name} is a {model}").format(
            items=', '.join(manifest.models), name=facts.name, model=facts.model))
        return plan
    if facts.revenue_locked and rules.revenue_lock_blocks:
        plan.refusals.append(_("{name} is revenue-locked: a revenue-locked meter cannot be upgraded (§13.8)").format(
            name=facts.name))
        return plan

    firmware_steps = _firmware_path(plan, rules.no_downgrade_from)
    steps = _with_agent(plan, firmware_steps)
    installing = bool(firmware_steps)
    for component in manifest.components:
        if component.kind == "template":
            steps.append(Step(component, _("Load factory template {version} (after the firmware, §13.4)").format(
                version=component.version),
                              skipped="" if installing else _("no firmware is installed")))
    steps += _sftp_steps(plan)
    plan.steps = steps

    needs_ethernet = [s.component for s in plan.active_steps if s.component.direct_ethernet]
    if needs_ethernet and facts.link != LINK_ETHERNET:
        plan.refusals.append(
            _("{label} needs a direct Ethernet TCP connection, and {name} is reached over {link}: some upgrades "
              "cannot be done through a serial or Ethernet gateway (§13.2)").format(
                label=needs_ethernet[0].label, name=facts.name, link=_(LINK_WORDS[facts.link]))
        )
    if not plan.active_steps and not plan.refusals:
        plan.notes.append(_("nothing to install: {name} already runs firmware {version}").format(
            name=facts.name, version=facts.version))
    if any(s.kind == "option-module" for s in plan.active_steps):
        plan.warnings.append(_("Option modules go offline while they load and their outputs may change state; an "
                               "interrupted load reverts to the old firmware and must be repeated (§13.7)."))
    if installing:
        plan.warnings.extend(_(w) for w in ERASE_WARNINGS)
        floor = rules.no_downgrade_from
        target = plan.target
        if floor is not None and target is not None and facts.version < floor <= target:
            plan.warnings.append(_("From firmware {floor} on, this meter cannot be downgraded (§13.1).").format(
                floor=floor))
    return plan


def _sftp_steps(plan: Plan) -> list[Step]:
    """Web pages into the web folder, then each option-module image into every module of its type."""
    facts = plan.facts
    why = _(facts.sftp_problem) if facts.sftp_problem else ""
    if not why and facts.link != LINK_ETHERNET:
        why = _("SFTP needs direct Ethernet and {name} is reached over {link} (§13.2)").format(
            name=facts.name, link=_(LINK_WORDS[facts.link]))
    steps: list[Step] = []
    for component in plan.manifest.components:
        if component.kind == "web":
            text = _("Web pages {version} over SFTP into the meter's web folder (after the firmware, §13.4)").format(
                version=component.version)
            skipped = _("{why}; upload them over SFTP into the web folder yourself").format(why=why) if why else ""
            steps.append(Step(component, text, skipped=skipped))
        elif component.kind == "option-module":
            if why:
                steps.append(Step(component, component.label, skipped=_(
                    "{why}; copy the S19 file over SFTP into optionModuleUpg/<slot A-D>; the module loads it and "
                    "reverts if interrupted (§13.7)").format(why=why)))
                continue
            slots = [(slot, version) for slot, module, version in facts.modules if module == component.module]
            if not slots:
                steps.append(Step(component, component.label, skipped=_(
                    "no {module} option module is attached; option modules must be attached to upgrade them "
                    "(§13.2)").format(module=component.module)))
            for slot, version in slots:
                text = _("Option module ({module}) in slot {slot}: {version} → {new} over SFTP "
                         "(optionModuleUpg/{slot}, §13.7)").format(module=component.module, slot=slot, version=version,
                                                                   new=component.version)
                same = same_version(version, component.version)
                skipped = _("it already runs {version}").format(version=version) if same else ""
                steps.append(Step(component, text, slot=slot, skipped=skipped))
    return steps


def _firmware_path(plan: Plan, floor: Version | None) -> list[Step]:
    """The firmware steps to the package's newest image, through its intermediate versions."""
    facts, manifest = plan.facts, plan.manifest
    images = manifest.firmware()
    if not images:
        return []
    target = max(images, key=lambda c: c.version)
    current = facts.version
    if target.version == current:
        return []
    if target.version < current:
        if floor is not None and current >= floor:
            plan.refusals.append(_("{name} runs firmware {current}; from {floor} on it cannot be downgraded, so "
                                   "{version} cannot be installed (§13.1)").format(
                name=facts.name, current=current, floor=floor, version=target.version))
            return []
        plan.warnings.append(_("This installs an older firmware ({version}) than the meter runs ({current}).").format(
            version=target.version, current=current))
    steps: list[Step] = []
    if not _reaches(target, current):
        for required in sorted(v for v in target.requires if v > current):
            if _reaches(target, current):
                break
            image = next((c for c in images if c.version == required), None)
            if image is None:
                plan.refusals.append(_("{name} runs firmware {current}; {version} upgrades from {min_from} or "
                                       "later, and this package lacks the intermediate version {required}").format(
                    name=facts.name, current=current, version=target.version, min_from=target.min_from,
                    required=required))
                return []
            if not _reaches(image, current):
                plan.refusals.append(_("{name} runs firmware {current}; the intermediate version {required} "
                                       "upgrades only from {min_from} or later").format(
                    name=facts.name, current=current, required=required, min_from=image.min_from))
                return []
            steps.append(Step(image, _("Firmware {current} → {required} (intermediate: {version} upgrades from "
                                       "{min_from} or later)").format(
                current=current, required=required, version=target.version, min_from=target.min_from), before=current))
            current = required
        if not _reaches(target, current):
            plan.refusals.append(_("{name} runs firmware {current}; {version} upgrades only from {min_from} or "
                                   "later and the package names no intermediate version").format(
                name=facts.name, current=current, version=target.version, min_from=target.min_from))
            return []
    steps.append(Step(target, _("Firmware {current} → {version}").format(
        current=current, version=target.version), before=current))
    return steps


def _reaches(image: Component, version: Version) -> bool:
    return image.min_from is None or version >= image.min_from


def _with_agent(plan: Plan, firmware_steps: list[Step]) -> list[Step]:
    """Insert the upgrade agent before the first image that needs a newer agent than the device has."""
    agents = sorted((c for c in plan.manifest.components if c.kind == "agent"), key=lambda c: c.version)
    have = plan.facts.agent
    out: list[Step] = []
    for step in firmware_steps:
        needed = step.component.requires_agent
        if needed is not None and have < needed:
            agent = next((a for a in agents if a.version >= needed), None)
            if agent is None:
                plan.refusals.append(_("{label} needs upgrade agent {needed} or later; {name} has {have} and the "
                                       "package brings none").format(
                    label=step.component.label, needed=needed, name=plan.facts.name, have=have))
                return []
            text = _("Upgrade agent {have} → {version} (needed for firmware {firmware}, §13.1)").format(
                have=have, version=agent.version, firmware=step.component.version)
            out.append(Step(agent, text))
            have = agent.version
        out.append(step)
    return out
