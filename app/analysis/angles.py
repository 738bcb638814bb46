"""Angle helpers shared by the analysis code and the simulators."""

import math


def wrap_degrees(angle: float) -> float:
    """Angle in degrees wrapped to (-180, 180]."""
    wrapped = math.fmod(angle, 360.0)
    if wrapped > 180.0:
        wrapped -= 360.0
    elif wrapped <= -180.0:
        wrapped += 360.0
    return wrapped
