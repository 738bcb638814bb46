"""Firmware upgrades: signed packages, plans, backups, transfers over Modbus file records, restores.

:mod:`~app.upgrade.package` opens and checks packages, :mod:`~app.upgrade.plan`
decides the steps or refuses, :mod:`~app.upgrade.runner` carries one device
through an upgrade and :mod:`~app.upgrade.fleet` many devices at once.
"""
