"""Security wizards: set-up, apply to many devices, password updater, decommissioning."""
