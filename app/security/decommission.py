"""The ION7400's complete meter wipe, step by step, in the manual's order (L1760-L1892).

The steps must run in this order; the communication registers come last so the
meter stays reachable until the end. Restoring the default security (step 6)
puts the factory accounts back: the steps after it log in as USER1 with the
factory password "0", and MeterDesk forgets the meter's passwords in the
keyring once the wipe is done.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    what: str
    source: str
    restores_security: bool = False


STEPS = (
    Step(1, "Overwrite the meter template",
         "Sends the factory default template: every metering and logging set-up returns to the factory's.",
         "L1822-L1840"),
    Step(2, "Delete files from the SFTP documents folder",
         "Deletes the documents kept on the meter's SFTP site.", "L1760-L1820 (step list)"),
    Step(3, "Delete the custom SSL certificate",
         "Removes the certificate used for HTTPS and Secure ION; the meter falls back to its self-signed one.",
         "L1760-L1820 (step list)"),
    Step(4, "Delete custom web pages", "Removes web pages added to the meter.", "L1760-L1820 (step list)"),
    Step(5, "Delete the IEC 61850 configuration file", "Removes the CID file; IEC 61850 stops.", "L1760-L1820 (step list)"),
    Step(6, "Restore the default security configuration",
         "Factory accounts and password \"0\", factory security options and lockouts.", "L1842-L1856",
         restores_security=True),
    Step(7, "Overwrite the factory module registers",
         "Clears the device owner, tags, location and name.", "L1858-L1870"),
    Step(8, "Master reset",
         "Clears the event log, data records, waveform captures and COMTRADE files, energies, min/max, "
         "peak demand and disturbance counters.", "L1760-L1820 (step list)"),
    Step(9, "Overwrite the communication module registers",
         "Network addresses, servers, port numbers and names back to factory values. Last, so the meter "
         "stays reachable until now.", "L1872-L1891"),
)  # fmt: skip

FACTORY_ADMIN_PASSWORD = "0"  # after step 6 (L1674)


def next_step(done: set[int]) -> Step | None:
    """The first step not done yet, in order (None when the wipe is complete)."""
    return next((s for s in STEPS if s.number not in done), None)
