"""Reference server of Community API v1 (docs/protocols/community-api.md), with a control API."""

from .server import CommunityServer
from .stations import NewDoor

__all__ = ["CommunityServer", "NewDoor"]
