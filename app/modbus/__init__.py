"""Modbus: register codec, request planner and the async link."""
