"""Device profiles: the data that describes a device model (identity, links, register map)."""

from app.profiles.loader import load_all, load_profile, profile_by_id
from app.profiles.model import Group, LinkDefaults, Profile, Register, Span

__all__ = [
    "Group",
    "LinkDefaults",
    "Profile",
    "Register",
    "Span",
    "load_all",
    "load_profile",
    "profile_by_id",
]
