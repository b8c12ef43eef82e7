"""The far side of the parking benchmark, in a process of its own so that its CPU is not counted.

`community`: the reference server with a lot of N spaces; `mqtt`: a paho client on the local
mosquitto broker that announces N binary sensors by MQTT discovery. Both then take commands on
stdin, one a line, and answer each with one line on stdout:

    burst K    K occupancy changes, as fast as the producer can send them
    rate R S   one change every 1/R seconds for S seconds, each stamped with its send time
    quit

`rate` is answered with {"stamps": {...}}: the exact send time of each change the payload
cannot carry exactly (the community protocol's times have milliseconds), keyed by
"<space id> <time the event says>"; the MQTT payload carries the exact time itself. A change
is sent when it is handed to the transport towards Home Assistant: by the server when it
puts the stored event on the stream, by the MQTT producer when it publishes.
"""

import argparse
import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
import json
from pathlib import Path
import sys
import tempfile
import time

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

MQTT_PREFIX = "bench_parking"


def space_topic(index: int) -> str:
    """The state topic of space index on the MQTT side."""
    return f"{MQTT_PREFIX}/space_{index}"


class Lot:
    """The producer's own view of the spaces, so that every change really flips one."""

    def __init__(self, occupied: dict[str, bool]) -> None:
        """Start from these spaces and states."""
        self.occupied = occupied
        self._spaces = list(occupied)
        self._next = 0

    def flips(self, count: int) -> list[tuple[str, bool]]:
        """count changes, spread over the lot."""
        changes = []
        for _ in range(count):
            space = self._spaces[(self._next * 7919) % len(self._spaces)]
            self._next += 1
            self.occupied[space] = not self.occupied[space]
            changes.append((space, self.occupied[space]))
        return changes


# Sends the changes; returns the exact send times the payloads do not carry.
type Send = Callable[[list[tuple[str, bool]]], dict[str, float]]


async def _commands(lot: Lot, send: Send) -> None:
    """Obey the commands on stdin until told to quit."""
    loop = asyncio.get_running_loop()
    while line := (await loop.run_in_executor(None, sys.stdin.readline)).split():
        if line[0] == "quit":
            return
        if line[0] == "burst":
            send(lot.flips(int(line[1])))
            print("done", flush=True)
            continue
        rate, seconds = float(line[1]), float(line[2])
        start = time.monotonic()
        stamps: dict[str, float] = {}
        for n in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, start + n / rate - time.monotonic()))
            stamps |= send(lot.flips(1))
        print(json.dumps({"stamps": stamps}), flush=True)


async def community(spaces: int) -> None:
    """The reference server, its lot grown to `spaces` spaces over two areas."""
    from simulator.community import CommunityServer, seed  # noqa: PLC0415
    from simulator.community.store import Row  # noqa: PLC0415
    from simulator.community.wire import iso  # noqa: PLC0415

    seed.SPACES_PER_AREA = spaces // 2
    with tempfile.TemporaryDirectory() as folder:
        async with CommunityServer(Path(folder) / "bench.sqlite3") as server:
            state = server.state
            free_spaces = [sid for sid in state.spaces if sid not in seed.ASSIGNED_SPACES]
            lot = Lot({sid: state.spaces[sid].occupied for sid in free_spaces})
            # A change is sent when the server puts it, stored, on the residents' streams (as
            # the MQTT producer's is when it publishes); the database is the platform's part.
            published: dict[str, float] = {}
            to_streams = state.on_events

            def stamp_and_publish(rows: list[Row]) -> None:
                now = time.time()
                for row in rows:
                    data = json.loads(row[3])
                    published[f"{data['space_id']} {data['detection_update_time']}"] = now
                to_streams(rows)

            state.on_events = stamp_and_publish
            print(json.dumps({"url": server.url}), flush=True)

            def emit(changes: list[tuple[str, bool]]) -> dict[str, float]:
                # The flips are already counted in `occupied`; replay the count change by change.
                taken = sum(lot.occupied.values()) - sum(1 if on else -1 for _, on in changes)
                keys = []
                with state.change():
                    for space_id, now_occupied in changes:
                        taken += 1 if now_occupied else -1
                        since = iso(datetime.now(UTC))
                        keys.append(f"{space_id} {since}")
                        state.emit(
                            "parking.occupancy_changed",
                            {
                                "place_id": str(seed.LOT["id"]),
                                "space_id": space_id,
                                "occupied": now_occupied,
                                "lot_occupied": taken,
                                "lot_free": len(state.spaces) - taken,
                                "detection_update_time": since,
                            },
                        )
                return {key: published.pop(key) for key in keys}

            await _commands(lot, emit)


async def mqtt(spaces: int, port: int) -> None:
    """Discovery of `spaces` binary sensors, then their state changes, over mosquitto."""
    import paho.mqtt.client as paho  # noqa: PLC0415

    client = paho.Client(paho.CallbackAPIVersion.VERSION2)
    client.connect("127.0.0.1", port)
    client.loop_start()
    names = [f"space_{index}" for index in range(spaces)]
    lot = Lot(dict.fromkeys(names, False))
    for index, name in enumerate(names):
        config = {
            "name": name,
            "unique_id": f"{MQTT_PREFIX}_{name}",
            "object_id": f"{MQTT_PREFIX}_{name}",
            "device_class": "occupancy",
            "state_topic": space_topic(index),
            "value_template": "{{ value_json.state }}",
            "json_attributes_topic": space_topic(index),
            "json_attributes_template": '{{ {"since": value_json.since} | tojson }}',
        }
        client.publish(
            f"homeassistant/binary_sensor/{name}/config", json.dumps(config), qos=1, retain=True
        )
    print(json.dumps({"announced": spaces}), flush=True)

    def send(changes: list[tuple[str, bool]]) -> dict[str, float]:
        for name, now_occupied in changes:
            payload = {"state": "ON" if now_occupied else "OFF", "since": time.time()}
            client.publish(space_topic(int(name.removeprefix("space_"))), json.dumps(payload))
        return {}

    await _commands(lot, send)
    client.loop_stop()
    client.disconnect()


def main() -> None:
    """Run one producer until told to quit."""
    parser = argparse.ArgumentParser()
    parser.add_argument("side", choices=["community", "mqtt"])
    parser.add_argument("--spaces", type=int, default=2000)
    parser.add_argument("--port", type=int, default=1883)
    args = parser.parse_args()
    if args.side == "community":
        asyncio.run(community(args.spaces))
    else:
        asyncio.run(mqtt(args.spaces, args.port))


if __name__ == "__main__":
    main()
