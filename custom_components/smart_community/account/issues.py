"""Repair issues of a community account that the resident (or the property) must act on."""

from datetime import timedelta
import math

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util

from ..community import PlatformInfo, Tokens
from ..const import DOMAIN

# The Community API version this integration is built and tested against.
MIN_API_VERSION = (1, 4)
# A platform that caps how long a login lasts gets the resident's password again this early,
# so that automations never stop because of a sign-in that ran out.
LOGIN_WARNING = timedelta(days=7)
LOGIN_ISSUE_PREFIX = "login_expiring_"


def _platform_issue_id(entry_id: str) -> str:
    return f"platform_outdated_{entry_id}"


@callback
def async_check_platform(hass: HomeAssistant, entry_id: str, platform: PlatformInfo) -> None:
    """Tell the resident when the platform runs an API older than the one we need."""
    issue_id = _platform_issue_id(entry_id)
    if platform.api_version >= MIN_API_VERSION:
        ir.async_delete_issue(hass, DOMAIN, issue_id)
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id,
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key="platform_outdated",
        translation_placeholders={
            "platform": platform.name,
            "version": "{}.{}".format(*platform.api_version),
            "required": "{}.{}".format(*MIN_API_VERSION),
        },
    )


@callback
def async_check_login(hass: HomeAssistant, entry_id: str, title: str, tokens: Tokens) -> None:
    """Ask the resident to sign in again before a capped login runs out."""
    issue_id = f"{LOGIN_ISSUE_PREFIX}{entry_id}"
    left = tokens.refresh_expires_at - dt_util.utcnow()
    if left > LOGIN_WARNING:
        ir.async_delete_issue(hass, DOMAIN, issue_id)
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id,
        data={"entry_id": entry_id},
        is_fixable=True,
        severity=ir.IssueSeverity.WARNING,
        translation_key="login_expiring",
        translation_placeholders={
            "account": title,
            "days": str(max(0, math.ceil(left / timedelta(days=1)))),
        },
    )


@callback
def async_clear_issues(hass: HomeAssistant, entry_id: str) -> None:
    """An unloaded account raises nothing; its next setup checks again."""
    ir.async_delete_issue(hass, DOMAIN, _platform_issue_id(entry_id))
    ir.async_delete_issue(hass, DOMAIN, f"{LOGIN_ISSUE_PREFIX}{entry_id}")
