"""Discovery, pairing, reauth and reconfigure of a Bluetooth lock."""

from collections.abc import Callable

from homeassistant.config_entries import SOURCE_BLUETOOTH, ConfigEntry, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.smart_community.const import DOMAIN
from simulator.blelock import VirtualLock, VirtualProxy

from .conftest import ADDRESS, SETUP_CODE


async def test_discovery_and_pairing(
    hass: HomeAssistant,
    virtual_lock: VirtualLock,
    advertise: Callable[[], None],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An advertising lock is discovered; the setup code pairs it and the key is stored."""
    advertise()
    await hass.async_block_till_done(wait_background_tasks=True)

    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert len(flows) == 1
    assert flows[0]["context"]["source"] == SOURCE_BLUETOOTH
    assert flows[0]["step_id"] == "lock_pair"
    flow_id = flows[0]["flow_id"]

    result = await hass.config_entries.flow.async_configure(flow_id, {"setup_code": SETUP_CODE})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "not_in_pairing_mode"}

    virtual_lock.press_pairing_button()
    result = await hass.config_entries.flow.async_configure(flow_id, {"setup_code": "11111111"})
    assert result["errors"] == {"base": "invalid_setup_code"}
    result = await hass.config_entries.flow.async_configure(flow_id, {"setup_code": "1234"})
    assert result["errors"] == {"base": "invalid_setup_code"}

    result = await hass.config_entries.flow.async_configure(flow_id, {"setup_code": SETUP_CODE})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "SC-Lock-EE10"
    entry = result["result"]
    assert entry.unique_id == ADDRESS
    key_id = entry.data["key_id"]
    assert virtual_lock.keys[key_id].hex() == entry.data["long_term_key"]
    assert entry.data["advertising_key"] == virtual_lock.advertising_key.hex()
    assert entry.data["long_term_key"] not in caplog.text
    assert entry.data["advertising_key"] not in caplog.text
    assert SETUP_CODE not in caplog.text
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED


async def test_discovery_of_a_configured_lock_aborts(
    hass: HomeAssistant, lock_entry: ConfigEntry, advertise: Callable[[], None]
) -> None:
    """A lock already added is not offered again."""
    advertise()
    await hass.async_block_till_done(wait_background_tasks=True)
    assert not hass.config_entries.flow.async_progress_by_handler(DOMAIN)


async def test_manual_address(
    hass: HomeAssistant, virtual_lock: VirtualLock, advertise: Callable[[], None]
) -> None:
    """Adding by address refuses a malformed address and a lock that was never heard."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": "user"})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "lock"}
    )
    assert result["step_id"] == "lock"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"address": "not an address"}
    )
    assert result["errors"] == {"address": "invalid_address"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"address": ADDRESS.lower()}
    )
    assert result["step_id"] == "lock_pair"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"setup_code": SETUP_CODE}
    )
    assert result["errors"] == {"base": "lock_not_found"}


async def test_reauth_after_reset(
    hass: HomeAssistant, lock_entry: ConfigEntry, virtual_lock: VirtualLock
) -> None:
    """A reset lock refuses the key: a command fails, reauth pairs again, commands work."""
    virtual_lock.factory_reset()
    await hass.async_block_till_done()

    with pytest.raises(Exception, match="no longer accepts") as failure:
        await hass.services.async_call(
            "lock", "unlock", {"entity_id": "lock.sc_lock_ee10"}, blocking=True
        )
    assert getattr(failure.value, "translation_key", None) == "bad_key"
    await hass.async_block_till_done()
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]

    virtual_lock.press_pairing_button()
    result = await hass.config_entries.flow.async_configure(
        flows[0]["flow_id"], {"setup_code": SETUP_CODE}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert lock_entry.data["long_term_key"] == virtual_lock.keys[lock_entry.data["key_id"]].hex()

    await hass.services.async_call(
        "lock", "unlock", {"entity_id": "lock.sc_lock_ee10"}, blocking=True
    )
    assert hass.states.get("lock.sc_lock_ee10").state == "unlocked"


async def test_reconfigure_pairs_again(
    hass: HomeAssistant, lock_entry: ConfigEntry, virtual_lock: VirtualLock
) -> None:
    """Reconfigure replaces the key with a fresh pairing."""
    old_key_id = lock_entry.data["key_id"]
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": "reconfigure", "entry_id": lock_entry.entry_id}
    )
    assert result["step_id"] == "lock_pair"
    virtual_lock.press_pairing_button()
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"setup_code": SETUP_CODE}
    )
    assert result["reason"] == "reconfigure_successful"
    assert lock_entry.data["key_id"] != old_key_id


def _stored_entry(hass: HomeAssistant, **keys: str | int) -> MockConfigEntry:
    """A lock entry as an earlier run of Home Assistant left it."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=ADDRESS,
        title="SC-Lock-EE10",
        data={"family": "lock", "address": ADDRESS, "key_id": 1, "long_term_key": "00" * 16} | keys,
    )
    entry.add_to_hass(hass)
    return entry


async def test_not_ready_until_heard(hass: HomeAssistant, proxy: VirtualProxy) -> None:
    """An entry whose lock has not advertised yet retries later instead of failing."""
    entry = _stored_entry(hass, advertising_key="00" * 16)
    await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_RETRY


async def test_entry_paired_under_v1_asks_to_pair_again(
    hass: HomeAssistant,
    virtual_lock: VirtualLock,
    advertise: Callable[[], None],
) -> None:
    """An entry from protocol v1 (no advertising key) is not set up; a reauth flow explains
    why and pairs again, keeping the entry; then the lock works."""
    entry = _stored_entry(hass, next_log_index=0)
    await hass.config_entries.async_setup(entry.entry_id)
    advertise()
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.SETUP_ERROR

    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]
    assert flows[0]["step_id"] == "lock_pair_again"
    virtual_lock.press_pairing_button()
    result = await hass.config_entries.flow.async_configure(
        flows[0]["flow_id"], {"setup_code": "00000000"}
    )
    assert result["step_id"] == "lock_pair_again"
    assert result["errors"] == {"base": "invalid_setup_code"}
    result = await hass.config_entries.flow.async_configure(
        flows[0]["flow_id"], {"setup_code": SETUP_CODE}
    )

    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED
    assert entry.data["next_log_index"] == 0
    assert bytes.fromhex(entry.data["advertising_key"]) == virtual_lock.advertising_key
    await hass.services.async_call(
        "lock", "unlock", {"entity_id": "lock.sc_lock_ee10"}, blocking=True
    )
    assert hass.states.get("lock.sc_lock_ee10").state == "unlocked"
