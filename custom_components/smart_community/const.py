"""Constants shared by the Smart Community integration."""

from enum import StrEnum
from typing import Final

DOMAIN: Final = "smart_community"
CONF_FAMILY: Final = "family"
ZHA_DOMAIN: Final = "zha"
ISSUE_RELOAD_ZHA: Final = "zigbee_reload_zha"
CONF_TOKENS: Final = "tokens"
CONF_HOMES: Final = "homes"
CONF_SNAPSHOT_ON_RING: Final = "snapshot_on_ring"
CONF_PICTURE_DAYS: Final = "picture_days"
CONF_PICTURE_LIMIT: Final = "picture_limit"
CONF_KEY_ID: Final = "key_id"
CONF_LONG_TERM_KEY: Final = "long_term_key"
# Only entries paired under lock protocol v2 have it; v1 entries must pair again.
CONF_ADVERTISING_KEY: Final = "advertising_key"
CONF_SPACE_ID: Final = "space_id"
CONF_PLACE_ID: Final = "place_id"
SUBENTRY_WATCH_SPACE: Final = "watch_space"
SUBENTRY_VISITOR_SPACE: Final = "visitor_space"
SUBENTRY_WATCH_LOT: Final = "watch_lot"


class Family(StrEnum):
    """The device families a config entry can belong to."""

    COMMUNITY = "community"
    LOCK = "lock"
    ZIGBEE = "zigbee"
