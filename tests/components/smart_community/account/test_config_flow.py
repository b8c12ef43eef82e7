"""The community account steps of the config flow, every answer a resident can get."""

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import ipaddress
import logging
from pathlib import Path
import ssl
import threading

import aiohttp
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    SOURCE_USER,
    ConfigEntry,
    ConfigEntryState,
)
from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult, FlowResultType
from homeassistant.helpers.translation import async_get_translations
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.smart_community import async_migrate_entry
from custom_components.smart_community.account.tokens import tokens_to_data
from custom_components.smart_community.community import CommunityClient
from custom_components.smart_community.const import CONF_FAMILY, DOMAIN, Family
from simulator.community import CommunityServer

from .conftest import PASSWORD, USERNAME, add_account


async def _login_form(hass: HomeAssistant) -> FlowResult:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    return await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "community"}
    )


async def _submit(
    hass: HomeAssistant, flow_id: str, url: str, password: str = PASSWORD
) -> FlowResult:
    return await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: url, CONF_USERNAME: USERNAME, CONF_PASSWORD: password}
    )


async def _reconfigure(hass: HomeAssistant, entry: ConfigEntry) -> FlowResult:
    return await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_RECONFIGURE, "entry_id": entry.entry_id}
    )


async def test_account_is_added(hass: HomeAssistant, server: CommunityServer) -> None:
    """The entry is named after the community and keeps tokens, never the password."""
    entry = await add_account(hass, server.url)

    assert entry.title == "Lychee Garden (荔枝苑) - Building 3, Unit 1, Room 1203"
    assert USERNAME not in entry.title
    assert entry.unique_id == "res-1"
    assert entry.data[CONF_FAMILY] == Family.COMMUNITY
    assert CONF_PASSWORD not in entry.data
    assert PASSWORD not in str(entry.data)
    assert set(entry.data["tokens"]) == {
        "access_token",
        "refresh_token",
        "expires_at",
        "refresh_expires_at",
        "refresh_margin",
    }


async def test_same_account_twice(hass: HomeAssistant, server: CommunityServer) -> None:
    """One entry per account."""
    await add_account(hass, server.url)
    form = await _login_form(hass)

    result = await _submit(hass, form["flow_id"], server.url)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_wrong_password_then_right(hass: HomeAssistant, server: CommunityServer) -> None:
    """A mistake keeps what was typed (except the password) and lets the resident retry."""
    form = await _login_form(hass)

    result = await _submit(hass, form["flow_id"], server.url, password="wrong")

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}
    suggested = {
        str(key): key.description.get("suggested_value") if key.description else None
        for key in result["data_schema"].schema
    }
    assert suggested == {CONF_URL: server.url, CONF_USERNAME: USERNAME, CONF_PASSWORD: None}
    result = await _submit(hass, result["flow_id"], server.url)
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("community.example.com", "invalid_url"),
        ("ftp://community.example.com", "invalid_url"),
        ("https://user:secret@community.example.com", "invalid_platform_address"),
        ("http://127.0.0.1#@evil.com", "invalid_platform_address"),
        ("https://community.example.com/app/login", "invalid_platform_address"),
        ("https://community.example.com?next=/", "invalid_platform_address"),
        ("http://[::1", "invalid_url"),
        ("http://community.example.com", "insecure_url"),
        ("http://192.0.2.10:8800", "insecure_url"),
    ],
)
async def test_address_is_checked_before_sending_anything(
    hass: HomeAssistant, url: str, error: str
) -> None:
    """Passwords never travel unprotected: plain http only for this machine."""
    form = await _login_form(hass)

    result = await _submit(hass, form["flow_id"], url)

    assert result["errors"] == {CONF_URL: error}
    strings = await async_get_translations(hass, "en", "config", {DOMAIN})
    # The form supplies every placeholder its error text names.
    assert strings[f"component.{DOMAIN}.config.error.{error}"].format(
        **result["description_placeholders"]
    )


async def test_unreachable(hass: HomeAssistant, unused_tcp_port: int) -> None:
    """Nothing listening at the address."""
    form = await _login_form(hass)

    result = await _submit(hass, form["flow_id"], f"http://127.0.0.1:{unused_tcp_port}")

    assert result["errors"] == {"base": "platform_unreachable"}


async def test_busy(hass: HomeAssistant, server: CommunityServer) -> None:
    """A rate-limited platform asks the resident to wait."""
    server.add_fault(429, path_prefix="/v1/auth")
    form = await _login_form(hass)

    result = await _submit(hass, form["flow_id"], server.url)

    assert result["errors"] == {"base": "rate_limited"}


type Serve = Callable[..., Awaitable[str]]


@pytest.fixture
async def serve(unused_tcp_port: int) -> AsyncIterator[Serve]:
    """Start a web server on loopback that answers the token request with handler."""
    runners: list[web.AppRunner] = []

    async def start(
        handler: Callable[[web.Request], Awaitable[web.Response]],
        ssl_context: ssl.SSLContext | None = None,
    ) -> str:
        app = web.Application()
        app.router.add_post("/v1/auth/token", handler)
        runner = web.AppRunner(app)
        await runner.setup()
        runners.append(runner)
        await web.TCPSite(runner, "127.0.0.1", unused_tcp_port, ssl_context=ssl_context).start()
        scheme = "https" if ssl_context else "http"
        return f"{scheme}://127.0.0.1:{unused_tcp_port}"

    yield start
    for runner in runners:
        await runner.cleanup()


async def test_not_a_platform(hass: HomeAssistant, serve: Serve) -> None:
    """Something answers, but not the Community API."""

    async def hello(request: web.Request) -> web.Response:
        return web.Response(text="<html>Welcome</html>", content_type="text/html")

    url = await serve(hello)
    form = await _login_form(hass)

    result = await _submit(hass, form["flow_id"], url)

    assert result["errors"] == {"base": "not_a_platform"}


async def test_unexpected_refusal(hass: HomeAssistant, serve: Serve) -> None:
    """An answer no resident can act on is reported as unknown, and logged."""

    async def gone(request: web.Request) -> web.Response:
        return web.json_response(
            {"error": {"code": "not_found", "message": "No such thing."}}, status=404
        )

    url = await serve(gone)
    form = await _login_form(hass)

    result = await _submit(hass, form["flow_id"], url)

    assert result["errors"] == {"base": "unknown"}


def _self_signed(directory: Path) -> ssl.SSLContext:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    (directory / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (directory / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(directory / "cert.pem", directory / "key.pem")
    return context


class _TokenHandler(BaseHTTPRequestHandler):
    """Counts token requests that got through the TLS handshake."""

    received = 0

    def do_POST(self) -> None:
        type(self).received += 1
        self.send_response(500)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base signature
        """Keep the test output quiet."""


async def test_untrusted_certificate(
    hass: HomeAssistant, tmp_path: Path, unused_tcp_port: int
) -> None:
    """Certificates are always verified: a self-signed one stops before the password is sent."""
    # In its own thread, so the handshake the client aborts is not an error of Home
    # Assistant's event loop.
    httpd = ThreadingHTTPServer(("127.0.0.1", unused_tcp_port), _TokenHandler)
    httpd.socket = _self_signed(tmp_path).wrap_socket(httpd.socket, server_side=True)
    httpd.handle_error = lambda request, address: None  # type: ignore[method-assign]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        form = await _login_form(hass)
        result = await _submit(hass, form["flow_id"], f"https://127.0.0.1:{unused_tcp_port}")
    finally:
        httpd.shutdown()
        thread.join()
        httpd.server_close()

    assert result["errors"] == {"base": "tls_error"}
    assert _TokenHandler.received == 0


async def test_reconfigure_moves_the_address(hass: HomeAssistant, server: CommunityServer) -> None:
    """The same account at another address keeps its entry."""
    entry = await add_account(hass, server.url)
    result = await _reconfigure(hass, entry)
    assert result["step_id"] == "community_reconfigure"
    new_url = f"{server.url}/"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_URL: new_url, CONF_USERNAME: USERNAME, CONF_PASSWORD: "wrong"},
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_URL: new_url, CONF_USERNAME: USERNAME, CONF_PASSWORD: PASSWORD},
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    # Stored as scheme, host and port only.
    assert entry.data[CONF_URL] == new_url.rstrip("/")


async def test_reconfigure_refuses_another_account(
    hass: HomeAssistant, server: CommunityServer
) -> None:
    """Another resident's login is not a reconfiguration of this entry."""
    entry = await add_account(hass, server.url)
    result = await _reconfigure(hass, entry)

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_URL: server.url, CONF_USERNAME: "resident2", CONF_PASSWORD: "demo-password-2"},
    )

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_account"


async def test_reconfigure_other_families_has_nothing(hass: HomeAssistant) -> None:
    """An entry without connection settings says so instead of showing an empty form."""
    entry = MockConfigEntry(domain=DOMAIN, data={CONF_FAMILY: Family.ZIGBEE})
    entry.add_to_hass(hass)

    result = await _reconfigure(hass, entry)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "not_supported"


async def test_options_only_for_accounts(hass: HomeAssistant, server: CommunityServer) -> None:
    """The options button shows for community accounts only."""
    account = await add_account(hass, server.url)
    other: ConfigEntry = MockConfigEntry(domain=DOMAIN, data={CONF_FAMILY: Family.ZIGBEE})

    assert account.supports_options
    assert not other.supports_options


async def test_entry_titled_with_the_username_is_migrated(
    hass: HomeAssistant, server: CommunityServer, caplog: pytest.LogCaptureFixture
) -> None:
    """1.1 entries were titled "community (username)": the login leaves the title and logs."""
    async with aiohttp.ClientSession() as http:
        client = CommunityClient(http, server.url)
        tokens = await client.login(USERNAME, PASSWORD)
    old = MockConfigEntry(
        domain=DOMAIN,
        version=1,
        minor_version=1,
        unique_id="res-1",
        title=f"Lychee Garden (荔枝苑) ({USERNAME})",
        data={
            CONF_FAMILY: Family.COMMUNITY,
            CONF_URL: server.url,
            CONF_USERNAME: USERNAME,
            "tokens": tokens_to_data(tokens),
        },
        options={},
    )
    old.add_to_hass(hass)
    caplog.set_level(logging.DEBUG)

    assert await hass.config_entries.async_setup(old.entry_id)
    await hass.async_block_till_done()

    assert (old.version, old.minor_version) == (1, 2)
    assert old.title == "Lychee Garden (荔枝苑) - Building 3, Unit 1, Room 1203"
    # Home Assistant's own slow-task warnings may name the old title; our lines never do.
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("custom_components.")]
    assert ours
    assert not [message for message in ours if USERNAME in message]
    await hass.config_entries.async_unload(old.entry_id)
    await hass.async_block_till_done()


async def test_a_renamed_entry_keeps_its_name(hass: HomeAssistant, server: CommunityServer) -> None:
    """Only a title the migration wrote is completed; one the resident chose stays."""
    entry = await add_account(hass, server.url)
    hass.config_entries.async_update_entry(entry, title="Home")
    await entry.runtime_data.async_refresh()
    assert entry.title == "Home"


async def test_other_families_only_change_version(hass: HomeAssistant) -> None:
    """Lock and Zigbee entries keep their title; an entry from a newer version is refused."""
    lock = MockConfigEntry(
        domain=DOMAIN, minor_version=1, title="SC-Lock-EE10", data={CONF_FAMILY: Family.LOCK}
    )
    newer = MockConfigEntry(domain=DOMAIN, version=2, data={CONF_FAMILY: Family.LOCK})
    for entry in (lock, newer):
        entry.add_to_hass(hass)

    assert await async_migrate_entry(hass, lock)
    assert not await async_migrate_entry(hass, newer)

    assert (lock.minor_version, lock.title) == (2, "SC-Lock-EE10")


async def test_saved_address_with_a_path_asks_for_reconfigure(
    hass: HomeAssistant, server: CommunityServer
) -> None:
    """An entry saved with a path in the address does not load, and says what to do."""
    entry = await add_account(hass, server.url)
    await hass.config_entries.async_unload(entry.entry_id)
    hass.config_entries.async_update_entry(
        entry, data={**entry.data, CONF_URL: f"{server.url}/app#@elsewhere"}
    )

    assert not await hass.config_entries.async_setup(entry.entry_id)

    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert entry.error_reason_translation_key == "saved_address_not_bare"
    result = await _reconfigure(hass, entry)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: server.url, CONF_USERNAME: USERNAME, CONF_PASSWORD: PASSWORD}
    )
    await hass.async_block_till_done()
    assert result["reason"] == "reconfigure_successful"
    assert entry.state is ConfigEntryState.LOADED
    await hass.config_entries.async_unload(entry.entry_id)
