"""The far side of the intercom benchmark, in a process of its own so that its CPU is not counted.

`community`: the reference server with N door stations, its rings and readers driven by the
server's own operations (what its control interface calls), in its process; `mqtt`: a paho
client on the local mosquitto broker that announces, by MQTT discovery, a doorbell and an
access event entity per station. Both then take commands on stdin, one a line:

    rate R S      one event every 1/R seconds for S seconds
    burst K       K events, as fast as the producer can send them
    pictures off  from now on rings come without their picture (`on`: with it again)
    quit

Events alternate between a ring and a door opened, station after station. Each has a key
the event entity shows in its attributes (the call's id for a ring, the person's name for an
access event); each command is answered with one line, {"stamps": {key: send time}}.

The send time is when the event is handed to the transport towards Home Assistant: for MQTT
just before the publish, for the community server when it puts the stored event on the
resident's event stream (what the door station's own request and the server's database cost
before that is the platform's, not Home Assistant's). A ring brings the visitor's picture on
both sides: the reference server sends it on the stream right after the ring, as the
integration asks when its "take a picture" option is on (by default); the MQTT peer
publishes it on an image entity's topic right after the ring, as camera bridges do.
"""

import argparse
import asyncio
from collections.abc import Awaitable, Callable
import json
from pathlib import Path
import sys
import tempfile
import time

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

MQTT_PREFIX = "bench_intercom"
HOME = "home-3-1-1203"
RESIDENT_ID = "res-1"
# Connections the burst keeps busy at once, as that many stations sending together.
BURST_SENDERS = 20

# Sends event number n (a ring when even, an access event when odd); returns its key and
# its send time.
type Send = Callable[[int], Awaitable[tuple[str, float]]]


async def _stamped(send: Send, number: int, stamps: dict[str, float]) -> None:
    key, stamp = await send(number)
    stamps[key] = stamp


async def _burst(send: Send, first: int, count: int) -> dict[str, float]:
    stamps: dict[str, float] = {}
    numbers = iter(range(first, first + count))

    async def sender() -> None:
        for number in numbers:
            await _stamped(send, number, stamps)

    await asyncio.gather(*(sender() for _ in range(BURST_SENDERS)))
    return stamps


async def _paced(send: Send, first: int, rate: float, seconds: float) -> dict[str, float]:
    stamps: dict[str, float] = {}
    start = time.monotonic()
    async with asyncio.TaskGroup() as tasks:
        for n in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, start + n / rate - time.monotonic()))
            tasks.create_task(_stamped(send, first + n, stamps))
    return stamps


async def _commands(send: Send, pictures: Callable[[bool], None] = lambda _on: None) -> None:
    """Obey the commands on stdin until told to quit; pictures(on) obeys `pictures`."""
    loop = asyncio.get_running_loop()
    sent = 0
    while line := (await loop.run_in_executor(None, sys.stdin.readline)).split():
        if line[0] == "quit":
            return
        if line[0] == "pictures":
            pictures(line[1] == "on")
            print("done", flush=True)
            continue
        if line[0] == "burst":
            stamps = await _burst(send, sent, int(line[1]))
        else:
            stamps = await _paced(send, sent, float(line[1]), float(line[2]))
        sent += len(stamps)
        print(json.dumps({"stamps": stamps}), flush=True)


async def community(doors: int) -> None:
    """The reference server with `doors` stations, its rings and readers driven in-process."""
    from simulator.community import CommunityServer, seed  # noqa: PLC0415
    from simulator.community.stations import NewDoor  # noqa: PLC0415
    from simulator.community.store import Row  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        async with CommunityServer(Path(folder) / "bench.sqlite3") as server:
            for number in range(len(seed.DOORS), doors):
                server.add_door(
                    NewDoor(
                        name=f"Bench door {number + 1}",
                        home_ids=seed.ALL_HOMES,
                        capabilities=seed.ALL_CAPABILITIES,
                    )
                )
            stations = list(server.state.doors)[:doors]
            published: dict[str, float] = {}
            to_streams = server.state.on_events

            def stamp_and_publish(rows: list[Row]) -> None:
                now = time.time()
                for row in rows:
                    data = json.loads(row[3])
                    key = data.get("call_id") or (data.get("person") or {}).get("name")
                    if isinstance(key, str):
                        published[key] = now
                to_streams(rows)

            server.state.on_events = stamp_and_publish
            print(json.dumps({"url": server.url, "doors": stations}), flush=True)

            async def send(number: int) -> tuple[str, float]:
                # The server's own operations, as its control interface calls them: a door
                # station's request is the platform's part, as the MQTT producer publishes
                # straight to its broker.
                door = stations[(number // 2) % len(stations)]
                if number % 2 == 0:
                    key = server.ring(door, HOME)
                    return key, published.pop(key)
                key = f"bench-{number}"
                person = {"id": RESIDENT_ID, "name": key}
                data = {"door_id": door, "method": "face", "person": person}
                server.emit("door.opened", data, home_id=HOME)
                return key, published.pop(key)

            await _commands(send)


async def mqtt(doors: int, port: int) -> None:
    """A doorbell and an access event entity per station by discovery, then their events."""
    import paho.mqtt.client as paho  # noqa: PLC0415

    from simulator.community.snapshot import snapshot  # noqa: PLC0415

    client = paho.Client(paho.CallbackAPIVersion.VERSION2)
    client.connect("127.0.0.1", port)
    client.loop_start()
    for door in range(doors):
        for platform, kind, config in (
            ("event", "doorbell", {"device_class": "doorbell", "event_types": ["ring"]}),
            ("event", "access", {"event_types": ["opened", "denied"]}),
            ("image", "picture", {"content_type": "image/jpeg"}),
        ):
            name = f"door_{door}_{kind}"
            topic = "image_topic" if platform == "image" else "state_topic"
            config |= {
                "name": name,
                "unique_id": f"{MQTT_PREFIX}_{name}",
                "object_id": f"{MQTT_PREFIX}_{name}",
                topic: f"{MQTT_PREFIX}/{name}",
            }
            client.publish(
                f"homeassistant/{platform}/{name}/config", json.dumps(config), qos=1, retain=True
            )
    # The same picture our side's door stations serve.
    pictures = [snapshot(f"Bench door {door + 1}") for door in range(doors)]
    # Our side fetches its pictures itself when its option says so; here the producer sends.
    sending = {"pictures": True}

    def switch(on: bool) -> None:
        sending["pictures"] = on

    print(json.dumps({"announced": 3 * doors}), flush=True)

    async def send(number: int) -> tuple[str, float]:
        door = (number // 2) % doors
        stamp = time.time()
        if number % 2 == 0:
            key = f"call-{number}"
            payload = {"event_type": "ring", "call_id": key, "home_id": HOME}
            client.publish(f"{MQTT_PREFIX}/door_{door}_doorbell", json.dumps(payload))
            if sending["pictures"]:
                client.publish(f"{MQTT_PREFIX}/door_{door}_picture", pictures[door])
            return key, stamp
        key = f"bench-{number}"
        payload = {"event_type": "opened", "method": "face", "person": key}
        client.publish(f"{MQTT_PREFIX}/door_{door}_access", json.dumps(payload))
        return key, stamp

    await _commands(send, switch)
    client.loop_stop()
    client.disconnect()


def main() -> None:
    """Run one producer until told to quit."""
    parser = argparse.ArgumentParser()
    parser.add_argument("side", choices=["community", "mqtt"])
    parser.add_argument("--doors", type=int, default=20)
    parser.add_argument("--port", type=int, default=1883)
    args = parser.parse_args()
    if args.side == "community":
        asyncio.run(community(args.doors))
    else:
        asyncio.run(mqtt(args.doors, args.port))


if __name__ == "__main__":
    main()
