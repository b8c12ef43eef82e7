"""Config flow steps for a community account: login, re-authentication, reconfiguration."""

from collections.abc import Mapping
import logging
from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.selector import TextSelector, TextSelectorConfig, TextSelectorType
from homeassistant.util import dt as dt_util
import probatio

from ..community import (
    Account,
    CommunityAddressError,
    CommunityAuthError,
    CommunityClient,
    CommunityConnectionError,
    CommunityError,
    CommunityInvalidResponseError,
    CommunityRateLimitedError,
    CommunityTLSError,
    Tokens,
    platform_address,
)
from ..const import CONF_SNAPSHOT_ON_RING, CONF_TOKENS, Family
from ..families import family_data
from .title import entry_title
from .tokens import tokens_to_data

_LOGGER = logging.getLogger(__name__)

_URL = TextSelector(TextSelectorConfig(type=TextSelectorType.URL))
_PASSWORD = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
_LOGIN_SCHEMA = probatio.Schema(
    {
        probatio.Required(CONF_URL): _URL,
        probatio.Required(CONF_USERNAME): str,
        probatio.Required(CONF_PASSWORD): _PASSWORD,
    }
)
_REAUTH_SCHEMA = probatio.Schema({probatio.Required(CONF_PASSWORD): _PASSWORD})
# The address forms' invalid_url error shows an example; translations may not contain URLs.
_URL_EXAMPLE = {"example_url": "https://community.example.com"}


# Why the client refused a platform address -> the form's translated error.
_ADDRESS_ERRORS = {
    "invalid": "invalid_url",
    "not_bare": "invalid_platform_address",
    "insecure": "insecure_url",
}


class CommunityFlow(ConfigFlow):
    """Steps of the community family, mixed into the integration's config flow."""

    async def _async_login(
        self, login: Mapping[str, Any], errors: dict[str, str]
    ) -> tuple[Tokens, Account] | None:
        """Log in with url, username and password, read the account and take its unique id.

        On failure fill errors and return None.
        """
        try:
            client = CommunityClient(
                async_get_clientsession(self.hass), login[CONF_URL], utcnow=dt_util.utcnow
            )
        except CommunityAddressError as err:
            errors[CONF_URL] = _ADDRESS_ERRORS[err.reason]
            return None
        try:
            tokens = await client.login(login[CONF_USERNAME], login[CONF_PASSWORD])
            account = await client.get_account()
        except CommunityAuthError:
            errors["base"] = "invalid_auth"
        except CommunityTLSError:
            errors["base"] = "tls_error"
        except CommunityConnectionError:
            errors["base"] = "platform_unreachable"
        except CommunityRateLimitedError:
            errors["base"] = "rate_limited"
        except CommunityInvalidResponseError:
            errors["base"] = "not_a_platform"
        except CommunityError:
            _LOGGER.exception("Unexpected answer from the community platform")
            errors["base"] = "unknown"
        else:
            await self.async_set_unique_id(account.resident.id)
            return tokens, account
        return None

    async def async_step_community(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add a community account: platform address and the resident's login."""
        errors: dict[str, str] = {}
        if user_input is not None and (login := await self._async_login(user_input, errors)):
            tokens, account = login
            self._abort_if_unique_id_configured()
            return self.async_create_entry(
                title=entry_title(account),
                data=family_data(Family.COMMUNITY, _login_data(user_input, tokens)),
                options={CONF_SNAPSHOT_ON_RING: True},
            )
        return self.async_show_form(
            step_id="community",
            data_schema=self.add_suggested_values_to_schema(
                _LOGIN_SCHEMA, _without_password(user_input)
            ),
            description_placeholders=_URL_EXAMPLE,
            errors=errors,
        )

    async def async_step_community_reauth(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The platform no longer accepts our login: ask for the password again."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None and (
            login := await self._async_login({**entry.data, **user_input}, errors)
        ):
            return self.async_update_reload_and_abort(
                entry, data_updates={CONF_TOKENS: tokens_to_data(login[0])}
            )
        return self.async_show_form(
            step_id="community_reauth",
            data_schema=_REAUTH_SCHEMA,
            description_placeholders={CONF_USERNAME: entry.data[CONF_USERNAME]},
            errors=errors,
        )

    async def async_step_community_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the platform address or the login of the same account."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None and (login := await self._async_login(user_input, errors)):
            self._abort_if_unique_id_mismatch(reason="wrong_account")
            return self.async_update_reload_and_abort(
                entry, data_updates=_login_data(user_input, login[0])
            )
        suggested = _without_password(user_input) or {
            CONF_URL: entry.data[CONF_URL],
            CONF_USERNAME: entry.data[CONF_USERNAME],
        }
        return self.async_show_form(
            step_id="community_reconfigure",
            data_schema=self.add_suggested_values_to_schema(_LOGIN_SCHEMA, suggested),
            description_placeholders=_URL_EXAMPLE,
            errors=errors,
        )


def _login_data(user_input: Mapping[str, Any], tokens: Tokens) -> dict[str, Any]:
    """What an entry keeps of a login: never the password, only the tokens it yielded."""
    return {
        CONF_URL: platform_address(user_input[CONF_URL]),
        CONF_USERNAME: user_input[CONF_USERNAME],
        CONF_TOKENS: tokens_to_data(tokens),
    }


def _without_password(user_input: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """What the resident typed, to show again after an error, except the password."""
    if user_input is None:
        return None
    return {key: value for key, value in user_input.items() if key != CONF_PASSWORD}
