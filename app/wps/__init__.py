"""PrismaSeT Active Wireless Panel Server (WPS) as an offline-planned device.

The WPS has no Ethernet, IP or Modbus (guide DOCA0197EN, L1055-1057); it is set
up over Bluetooth from the EcoStruxure Power Commission phone app. MeterDesk
checks panel plans against the guide's limits, keeps the commissioning
checklist and its Factory Acceptance Test report, reads the exported audit log
and looks up LED states and symptoms in the guide's troubleshooting tables.
Line references (``L123``) point into the guide; ``wps.md`` is its extract.
"""
