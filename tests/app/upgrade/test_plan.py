"""Planning: sequential steps, the agent when needed, and the refusals of ion7400-part2.md §13."""

from __future__ import annotations

import pytest

from app.upgrade.package import open_package
from app.upgrade.plan import (
    LINK_ETHERNET,
    LINK_GATEWAY,
    LINK_SERIAL,
    DeviceFacts,
    make_plan,
)
from app.upgrade.versions import Version
from tests.app.upgrade.support import package, trusted


@pytest.fixture(scope="module")
def manifest(tmp_path_factory):
    return open_package(package(tmp_path_factory.mktemp("pkg")), trusted()).manifest


def facts(version="2.0.0", agent="2.0.0", model="METSEION7400", locked=False, link=LINK_ETHERNET,
          profile="ion7400"):
    return DeviceFacts("meter", profile, model, "MR-1", Version.parse(version), Version.parse(agent), locked, link)


def test_below_2_1_0_the_plan_goes_through_2_1_0_with_the_agent_first(manifest):
    plan = make_plan(facts("2.0.0", "2.0.0"), manifest)
    assert plan.ok
    assert [(s.kind, str(s.component.version)) for s in plan.active_steps] == [
        ("agent", "2.1.0"), ("firmware", "2.1.0"), ("firmware", "4.6.0"), ("template", "4.6.0")]
    assert "intermediate" in plan.active_steps[1].text
    assert plan.target == Version(4, 6, 0)
    assert any("erases all recorded data" in w for w in plan.warnings)
    assert any("Outputs may change state" in w for w in plan.warnings)
    assert any("COMTRADE" in w for w in plan.warnings)
    assert any("cannot be downgraded" in w for w in plan.warnings)


def test_the_agent_only_when_needed(manifest):
    plan = make_plan(facts("2.1.0", "2.1.0"), manifest)
    assert [(s.kind, str(s.component.version)) for s in plan.active_steps] == [
        ("firmware", "4.6.0"), ("template", "4.6.0")]


def test_a_meter_on_the_target_has_nothing_to_install(manifest):
    plan = make_plan(facts("4.6.0", "2.1.0"), manifest)
    assert plan.ok and not plan.active_steps
    assert "already runs firmware 4.6.0" in plan.notes[0]


def test_refuses_a_downgrade_past_4_5_0(tmp_path):
    older = open_package(package(tmp_path, "4.4.0"), trusted()).manifest
    plan = make_plan(facts("4.6.0", "2.1.0"), older)
    assert not plan.ok
    assert "from 4.5.0 on it cannot be downgraded" in plan.refusals[0]
    below = make_plan(facts("4.4.5", "2.1.0"), older)  # below 4.5.0 a downgrade is allowed, with a warning
    assert below.ok and any("older firmware" in w for w in below.warnings)


def test_refuses_another_model(manifest):
    plan = make_plan(facts(model="METSEPM8240"), manifest)
    assert plan.refusals == ["the package is for ION7400; meter is a METSEPM8240"]


def test_refuses_a_revenue_locked_meter(manifest):
    plan = make_plan(facts(locked=True), manifest)
    assert "revenue-locked" in plan.refusals[0] and "§13.8" in plan.refusals[0]


def test_refuses_a_path_whose_intermediate_version_is_missing(tmp_path):
    from app.sim.firmware import ion7400_sources

    sources = [s for s in ion7400_sources("4.6.0", size=1000) if str(s.version) != "2.1.0" or s.kind != "firmware"]
    lean = open_package(package(tmp_path, sources=sources), trusted()).manifest
    plan = make_plan(facts("2.0.0", "2.1.0"), lean)
    assert not plan.ok
    assert "lacks the intermediate version 2.1.0" in plan.refusals[0]


@pytest.mark.parametrize("link", [LINK_SERIAL, LINK_GATEWAY])
def test_refuses_a_link_that_cannot_carry_the_upgrade(manifest, link):
    plan = make_plan(facts(link=link), manifest)
    assert not plan.ok
    assert "needs a direct Ethernet TCP connection" in plan.refusals[0]


@pytest.mark.parametrize("profile, words", [("wps", "mobile app"), ("bcpme", "no firmware-upgrade procedure"),
                                            ("iskra-sg", "HTTPS URL")])
def test_devices_whose_manuals_give_no_modbus_upgrade_are_refused_with_the_reason(manifest, profile, words):
    plan = make_plan(facts(profile=profile), manifest)
    assert words in plan.refusals[0]


def test_web_pages_and_option_modules_go_over_sftp_to_each_module_of_their_type(tmp_path):
    from dataclasses import replace

    from app.sim.firmware import ion7400_sources

    sources = ion7400_sources("4.6.0", size=500, web=True, modules=[("digital", "1.3"), ("analog", "2.0")])
    manifest = open_package(package(tmp_path, sources=sources), trusted()).manifest
    plan = make_plan(facts("2.1.0", "2.1.0"), manifest)  # no SFTP login
    assert plan.ok and [s.kind for s in plan.active_steps] == ["firmware", "template"]
    skipped = {s.kind: s.skipped for s in plan.steps if s.skipped}
    assert "web folder" in skipped["web"] and "optionModuleUpg" in skipped["option-module"]
    modules = (("A", "digital", "1.2"), ("B", "digital", "1.3"), ("D", "digital", "1.0"))
    plan = make_plan(replace(facts("2.1.0", "2.1.0"), sftp_problem="", modules=modules), manifest)
    assert [(s.kind, s.slot) for s in plan.active_steps][2:] == [("web", ""), ("option-module", "A"),
                                                                 ("option-module", "D")]
    skipped = [s.skipped for s in plan.steps if s.skipped]
    absent = "no analog option module is attached; option modules must be attached to upgrade them (§13.2)"
    assert skipped == ["it already runs 1.3", absent]
