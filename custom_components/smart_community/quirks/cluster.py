"""The vendor's manufacturer-specific cluster, shared by every sensor of the line."""

from typing import Final, cast

import zigpy.types as t
from zigpy.zcl import Cluster
from zigpy.zcl.foundation import BaseAttributeDefs, ZCLAttributeAccess, ZCLAttributeDef

# Chosen so that no ZHA or zha-quirks matcher claims them; docs/protocols/zigbee-devices.md
# records the search that shows it.
CLUSTER_ID: Final = 0xFC5A
MANUFACTURER_CODE: Final = 0x1A5C

_READ: Final = ZCLAttributeAccess.Read | ZCLAttributeAccess.Report
_READ_WRITE: Final = _READ | ZCLAttributeAccess.Write


class Sensitivity(t.enum8):
    """How easily the sensor raises its alarm."""

    Low = 0
    Medium = 1
    High = 2


class SelfTestResult(t.enum8):
    """Outcome of the last self-test the device ran."""

    Not_tested = 0
    Passed = 1
    Failed = 2


def _attribute(
    attribute_id: int, kind: type, access: ZCLAttributeAccess = _READ_WRITE
) -> ZCLAttributeDef:
    # zigpy's integer types have untyped constructors; the values already fit 16 bits.
    return ZCLAttributeDef(
        id=cast(t.uint16_t, attribute_id),
        type=kind,
        access=access,
        manufacturer_code=cast(t.uint16_t, MANUFACTURER_CODE),
    )


class SmartCommunityCluster(Cluster):
    """Tamper, sensitivity, self-test, alarm silence and LED settings."""

    cluster_id = cast(t.uint16_t, CLUSTER_ID)
    ep_attribute = "smart_community"
    # Device-specific: it must not replace whatever zigpy knows under this id.
    _skip_registry = True

    class AttributeDefs(BaseAttributeDefs):
        """Attributes, all under the vendor's manufacturer code."""

        tamper_alarm_enabled: Final = _attribute(0x0000, t.Bool)
        sensitivity: Final = _attribute(0x0001, Sensitivity)
        self_test_result: Final = _attribute(0x0002, SelfTestResult, _READ)
        alarm_silence: Final = _attribute(0x0003, t.Bool)
        self_test: Final = _attribute(0x0004, t.Bool, ZCLAttributeAccess.Write)
        led_indicator: Final = _attribute(0x0005, t.Bool)
        occupancy_timeout: Final = _attribute(0x0006, t.uint16_t)
