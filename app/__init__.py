"""MeterDesk core: device profiles, Modbus link, drivers, simulators, CLI.

Nothing in this package imports Qt; the ``ui`` package builds on it.
"""

__version__ = "0.1.0"
