"""The far side of the lock benchmark: the virtual ESPHome Bluetooth proxy carrying a virtual lock.

In a process of its own, as a real proxy is a device of its own. It counts the GATT
operations the proxy's API clients ask of the lock and the notifications it forwards, and
takes commands on stdin, one a line, each answered with one line of JSON on stdout:

    pairing    hold the lock's pairing button
    counts     the GATT operations since the last `counts`, by kind
    quit
"""

import asyncio
from collections import Counter
import json
from pathlib import Path
import sys

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

ADDRESS = "02:5C:10:CC:00:01"
SETUP_CODE = "11223344"


def _count_operations(counts: Counter[str]) -> None:
    """Count what reaches the proxy's sessions, without changing how they answer."""
    from simulator.esphome import replies, session  # noqa: PLC0415
    from simulator.esphome.requests import (  # noqa: PLC0415
        DeviceRequest,
        DeviceRequestType,
        GetServices,
        Notify,
        Read,
        Write,
    )

    handle = session.ApiSession._handle  # noqa: SLF001

    def counted(self: session.ApiSession, request: object) -> bool:
        match request:
            case DeviceRequest(request_type=kind) if kind is not DeviceRequestType.DISCONNECT:
                counts["connect"] += 1
            case GetServices():
                counts["get services"] += 1
            case Read():
                counts["read"] += 1
            # A descriptor write is the CCCD half of a start notify, counted there.
            case Write(descriptor=False):
                counts["write"] += 1
            case Notify(enable=True):
                counts["start notify"] += 1
        return handle(self, request)

    notification = replies.notification

    def counted_notification(address: int, handle: int, data: bytes) -> object:
        counts["notification"] += 1
        return notification(address, handle, data)

    session.ApiSession._handle = counted  # type: ignore[method-assign] # noqa: SLF001
    replies.notification = counted_notification  # type: ignore[assignment]


async def serve() -> None:
    """Run the proxy with the lock until told to quit."""
    from simulator.blelock import VirtualLock  # noqa: PLC0415
    from simulator.esphome import VirtualBluetoothProxy  # noqa: PLC0415
    from simulator.esphome.lock_adapter import LockPeripheral  # noqa: PLC0415

    counts: Counter[str] = Counter()
    _count_operations(counts)
    lock = VirtualLock(ADDRESS, SETUP_CODE)
    async with VirtualBluetoothProxy() as proxy:
        proxy.add(LockPeripheral(lock))
        print(json.dumps({"port": proxy.port, "address": ADDRESS}), flush=True)
        loop = asyncio.get_running_loop()
        while line := (await loop.run_in_executor(None, sys.stdin.readline)).strip():
            if line == "quit":
                return
            if line == "pairing":
                lock.press_pairing_button()
                print(json.dumps({"pairing": True}), flush=True)
            else:
                print(json.dumps(dict(counts)), flush=True)
                counts.clear()


if __name__ == "__main__":
    asyncio.run(serve())
