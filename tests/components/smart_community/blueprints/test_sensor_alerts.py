"""Safety alarm and sensor upkeep, on sensor states as ZHA reports them."""

from homeassistant.core import HomeAssistant
from homeassistant.helpers import area_registry as ar, entity_registry as er
from pytest_homeassistant_custom_component.common import async_mock_service

from .conftest import Phone, UseBlueprint, add_phone, minutes_pass, wait_for_calls

LEAK = "binary_sensor.kitchen_leak_water_leak"
SMOKE = "binary_sensor.hall_smoke_smoke"
TAMPER = "binary_sensor.kitchen_leak_tamper"
BATTERY = "sensor.kitchen_leak_battery"


def _sensor(hass: HomeAssistant, entity_id: str, state: str, device_class: str, name: str) -> None:
    hass.states.async_set(entity_id, state, {"device_class": device_class, "friendly_name": name})


async def test_leak_alerts_every_phone_flashes_and_acts(
    hass: HomeAssistant, phone: Phone, use_blueprint: UseBlueprint
) -> None:
    """A leak: a loud alert on both phones, the lights flash, the valve closes."""
    other = add_phone(hass, "Li's iPhone")
    lights = async_mock_service(hass, "light", "turn_on")
    valve = async_mock_service(hass, "valve", "close_valve")
    kitchen = ar.async_get(hass).async_create("Kitchen")
    er.async_get(hass).async_get_or_create(
        "binary_sensor", "zha", "leak-1", suggested_object_id="kitchen_leak_water_leak"
    )
    er.async_get(hass).async_update_entity(LEAK, area_id=kitchen.id)
    _sensor(hass, LEAK, "off", "moisture", "Kitchen leak Water leak")
    _sensor(hass, SMOKE, "off", "smoke", "Hall smoke Smoke")
    await use_blueprint(
        "safety_alarm",
        {
            "sensors": [LEAK, SMOKE],
            "notify_devices": [phone.device_id, other.device_id],
            "lights": {"entity_id": ["light.living_room"]},
            "safety_actions": [
                {"action": "valve.close_valve", "target": {"entity_id": "valve.water_main"}}
            ],
        },
    )

    _sensor(hass, LEAK, "on", "moisture", "Kitchen leak Water leak")
    [valve_call] = await wait_for_calls(hass, valve, 1)

    assert valve_call.data["entity_id"] == ["valve.water_main"]
    [flash] = lights
    assert flash.data == {"entity_id": ["light.living_room"], "flash": "long"}
    for notified in (phone, other):
        [alert] = notified.notifications
        assert alert.data["title"] == "Water leak"
        assert alert.data["message"] == "Water leak: Kitchen leak Water leak (Kitchen)!"
        assert alert.data["data"]["push"]["sound"]["critical"] == 1
        assert alert.data["data"]["channel"] == "alarm_stream"


async def test_smoke_without_extras_and_quietly(
    hass: HomeAssistant, phone: Phone, use_blueprint: UseBlueprint
) -> None:
    """With no lights, no actions and no critical sound: just the alert; coming back is not one."""
    _sensor(hass, SMOKE, "unavailable", "smoke", "Hall smoke Smoke")
    await use_blueprint(
        "safety_alarm",
        {"sensors": [SMOKE], "notify_devices": [phone.device_id], "critical": False},
    )

    _sensor(hass, SMOKE, "on", "smoke", "Hall smoke Smoke")
    await hass.async_block_till_done()
    assert phone.notifications == []
    _sensor(hass, SMOKE, "off", "smoke", "Hall smoke Smoke")
    _sensor(hass, SMOKE, "on", "smoke", "Hall smoke Smoke")
    [alert] = await wait_for_calls(hass, phone.notifications, 1)

    assert alert.data == {"title": "Smoke", "message": "Smoke: Hall smoke Smoke!", "data": {}}


async def test_upkeep_is_quiet(
    hass: HomeAssistant, phone: Phone, use_blueprint: UseBlueprint
) -> None:
    """Tamper and a low battery each get one quiet notification."""
    _sensor(hass, TAMPER, "off", "tamper", "Kitchen leak Tamper")
    _sensor(hass, BATTERY, "60", "battery", "Kitchen leak Battery")
    await use_blueprint(
        "sensor_upkeep",
        {
            "tamper_sensors": [TAMPER],
            "batteries": [BATTERY],
            "low_battery": 20,
            "notify_devices": [phone.device_id],
        },
    )

    _sensor(hass, TAMPER, "on", "tamper", "Kitchen leak Tamper")
    _sensor(hass, BATTERY, "30", "battery", "Kitchen leak Battery")
    _sensor(hass, BATTERY, "15", "battery", "Kitchen leak Battery")
    _sensor(hass, BATTERY, "14", "battery", "Kitchen leak Battery")
    tamper, battery = await wait_for_calls(hass, phone.notifications, 2)
    await hass.async_block_till_done()

    assert tamper.data["title"] == "Sensor tampered"
    assert tamper.data["message"] == "The cover of Kitchen leak Tamper was opened."
    assert battery.data["title"] == "Low battery"
    assert battery.data["message"] == "Kitchen leak Battery is low: 15%. Please change the battery."
    assert battery.data["data"] == {"push": {"interruption-level": "passive"}, "priority": "low"}
    assert len(phone.notifications) == 2


async def test_upkeep_warns_of_a_safety_sensor_gone_quiet(
    hass: HomeAssistant, phone: Phone, use_blueprint: UseBlueprint
) -> None:
    """A smoke sensor unavailable past the limit gets one insistent notification; a short
    drop, or a sensor that is not watched, gets none."""
    _sensor(hass, SMOKE, "off", "smoke", "Hall smoke Smoke")
    _sensor(hass, LEAK, "off", "moisture", "Kitchen leak Water leak")
    await use_blueprint(
        "sensor_upkeep",
        {
            "safety_sensors": [SMOKE],
            "unavailable_for": {"minutes": 30},
            "notify_devices": [phone.device_id],
        },
    )

    # Back within the limit: nothing.
    _sensor(hass, SMOKE, "unavailable", "smoke", "Hall smoke Smoke")
    minutes_pass(hass, 20)
    await hass.async_block_till_done()
    _sensor(hass, SMOKE, "off", "smoke", "Hall smoke Smoke")
    minutes_pass(hass, 40)
    await hass.async_block_till_done()
    assert phone.notifications == []

    # Gone for good, and an unwatched sensor gone too.
    _sensor(hass, SMOKE, "unavailable", "smoke", "Hall smoke Smoke")
    _sensor(hass, LEAK, "unavailable", "moisture", "Kitchen leak Water leak")
    minutes_pass(hass, 29)
    await hass.async_block_till_done()
    assert phone.notifications == []
    minutes_pass(hass, 31)
    [warning] = await wait_for_calls(hass, phone.notifications, 1)
    await hass.async_block_till_done()

    assert warning.data["title"] == "Safety sensor unreachable"
    assert warning.data["message"] == (
        "Hall smoke Smoke cannot be reached, so it cannot raise an alarm. Check its battery and"
        " that it is within range of your Zigbee network."
    )
    assert warning.data["data"] == {
        "push": {"interruption-level": "time-sensitive"},
        "priority": "high",
    }
    assert len(phone.notifications) == 1
