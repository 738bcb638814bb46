"""Troubleshooting lookup over the guide's LED and problem tables."""

import pytest

from app.wps.troubleshoot import (
    PHASE_LEDS,
    REMEDIES,
    STATUS_LED,
    STATUS_TABLE_NOTE,
    PhaseLeds,
    Remedy,
    StatusLed,
    Symptom,
    diagnose,
)


def _sources(**observations) -> list[str]:
    return [r.source for r in diagnose(**observations).remedies]


def test_every_led_pattern_has_a_sourced_meaning():
    assert set(STATUS_LED) == set(StatusLed)
    assert set(PHASE_LEDS) == set(PhaseLeds)
    for meaning in [*STATUS_LED.values(), *PHASE_LEDS.values()]:
        assert meaning.source.startswith("wps.md §") and " / L" in meaning.source


def test_only_the_pictured_colours_are_marked_inferred():
    inferred = {led for led, meaning in STATUS_LED.items() if meaning.inferred}
    assert inferred == {StatusLed.BLINKING_ORANGE, StatusLed.STEADY_RED,
                        StatusLed.BLINKING_RED}
    assert "only as a picture" in STATUS_TABLE_NOTE and "L343-352" in STATUS_TABLE_NOTE


def test_nothing_chosen_gives_nothing():
    assert diagnose() == diagnose(symptoms=[])
    result = diagnose()
    assert (result.status, result.phases, result.remedies) == (None, None, ())


def test_status_led_off():
    result = diagnose(status=StatusLed.OFF)
    assert result.status.meaning == "No power supply, or the supply is not working."
    (remedy,) = result.remedies
    assert (remedy.cause, remedy.action, remedy.source) == (
        "Source power is not applied or is not stable.",
        "Apply power or check the power source.",
        "wps.md §9.1 / L1392",
    )


def test_steady_red_means_replace_and_mentions_the_reset_exception():
    (remedy,) = diagnose(status=StatusLed.STEADY_RED).remedies
    assert "must be replaced" in remedy.action
    assert "L397" in remedy.note


def test_blinking_red_flags_may_versus_must():
    (remedy,) = diagnose(status=StatusLed.BLINKING_RED).remedies
    assert "L350" in remedy.note and "L1393" in remedy.note


def test_no_lora_join_depends_on_the_status_led():
    alone = _sources(symptoms=[Symptom.NO_LORA_AT_ACTIVATION])
    assert alone == ["wps.md §9.2 / L1402"]
    green = diagnose(status=StatusLed.BLINKING_GREEN,
                     symptoms=[Symptom.NO_LORA_AT_ACTIVATION]).remedies
    assert [r.source for r in green] == ["wps.md §9.1 / L1395", "wps.md §9.2 / L1402"]
    assert green[0].cause == "The pushbutton was pressed too briefly."
    assert "reboot action (L366)" in green[0].note
    orange = _sources(status=StatusLed.BLINKING_ORANGE,
                      symptoms=[Symptom.NO_LORA_AT_ACTIVATION])
    assert orange == ["wps.md §9.1 / L1396", "wps.md §9.2 / L1402"]


def test_a_status_led_alone_does_not_trigger_rows_that_need_a_symptom():
    assert diagnose(status=StatusLed.BLINKING_GREEN).remedies == ()
    assert diagnose(status=StatusLed.STEADY_BLUE).remedies == ()


def test_lost_wireless_devices_lists_both_causes_and_says_it_is_unclear():
    remedies = diagnose(symptoms=[Symptom.WIRELESS_DEVICES_LOST]).remedies
    assert [r.cause for r in remedies] == [
        "Pollution on the radio-frequency channel.",
        "Wireless Panel Server malfunction.",
    ]
    assert all("does not say how to tell them apart" in r.note for r in remedies)


def test_undiscovered_device_has_two_causes_including_the_15_device_limit():
    remedies = diagnose(symptoms=[Symptom.DEVICE_NOT_DISCOVERED]).remedies
    assert [r.source for r in remedies] == ["wps.md §9.3 / L1410", "wps.md §9.3 / L1411"]
    assert "15 wireless devices" in remedies[1].cause


def test_phone_not_connected_needs_steady_blue():
    assert diagnose(status=StatusLed.BLINKING_BLUE,
                    symptoms=[Symptom.PHONE_NOT_CONNECTED]).remedies == ()
    (remedy,) = diagnose(status=StatusLed.STEADY_BLUE,
                         symptoms=[Symptom.PHONE_NOT_CONNECTED]).remedies
    assert remedy.cause == "Another phone is already connected to the Wireless Panel Server."


@pytest.mark.parametrize(
    ("phases", "source"),
    [
        (PhaseLeds.NONE_LIT, "wps.md §5.1 / L745"),
        (PhaseLeds.ONE_LIT, "wps.md §5.1 / L746"),
        (PhaseLeds.TWO_LIT, "wps.md §5.1 / L747-748"),
    ],
)
def test_phase_led_problems(phases, source):
    assert _sources(phases=phases) == [source]


def test_phase_leds_all_blinking_mean_firmware_update():
    result = diagnose(phases=PhaseLeds.ALL_BLINKING)
    assert result.phases.meaning == "Firmware update in progress."
    assert result.remedies == ()


def test_several_observations_combine():
    sources = _sources(
        status=StatusLed.OFF,
        phases=PhaseLeds.NONE_LIT,
        symptoms=[Symptom.METERING_DATA_MISSING, Symptom.LORA_CONNECTION_LOSS],
    )
    assert sources == [
        "wps.md §9.1 / L1392",
        "wps.md §9.2 / L1402-1403",
        "wps.md §9.2 / L1402, L1404",
        "wps.md §5.1 / L745",
    ]


def test_every_symptom_leads_somewhere():
    for symptom in Symptom:
        status = StatusLed.STEADY_BLUE if symptom is Symptom.PHONE_NOT_CONNECTED else None
        assert diagnose(status=status, symptoms=[symptom]).remedies, symptom


def test_every_row_cites_the_guide_and_has_a_condition():
    for remedy in REMEDIES:
        assert remedy.source.startswith("wps.md §") and " / L" in remedy.source
    with pytest.raises(ValueError):
        Remedy("p", "c", "a", "s")
