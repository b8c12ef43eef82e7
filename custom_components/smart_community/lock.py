"""Locks: each family's own, from its room (see families.py)."""

from homeassistant.const import Platform

from .families import platform

PARALLEL_UPDATES = 1
async_setup_entry = platform(Platform.LOCK)
