"""ZHA quirks for the vendor's Zigbee sensor line (no Home Assistant imports here)."""

from zha.quirks import DEVICE_REGISTRY, DeviceRegistry  # type: ignore[import-untyped]

from .models import MANUFACTURER, MODELS, QUIRKS

__all__ = ["MANUFACTURER", "MODELS", "QUIRKS", "register_quirks"]


def register_quirks(registry: DeviceRegistry = DEVICE_REGISTRY) -> None:
    """Add every model's quirk to `registry`; registering again changes nothing."""
    for entry in QUIRKS:
        registry.register(entry)
