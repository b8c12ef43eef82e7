"""Event entities: each family's own, from its room (see families.py)."""

from homeassistant.const import Platform

from .families import platform

PARALLEL_UPDATES = 0
async_setup_entry = platform(Platform.EVENT)
