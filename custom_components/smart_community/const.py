"""Constants shared by the Smart Community integration."""

from enum import StrEnum
from typing import Final

DOMAIN: Final = "smart_community"
CONF_FAMILY: Final = "family"


class Family(StrEnum):
    """The device families a config entry can belong to."""

    COMMUNITY = "community"
    LOCK = "lock"
    ZIGBEE = "zigbee"
