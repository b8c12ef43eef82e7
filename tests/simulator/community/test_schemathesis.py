"""Acceptance: Schemathesis, with every check, finds nothing wrong with the reference server.

A bounded, seeded run over every operation of openapi.yaml: examples, coverage, fuzzing and
the stateful phase, which follows the document's links (an account's homes to their doors
and passes, the call log to answer and decline, rights and gates to revoke and open), so
operations that need an identifier are exercised with real ones, not only 404s.
"""

import asyncio
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
import re
from urllib.parse import urlsplit

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events, from_schema

from simulator.community import CommunityServer
from tests.community.fixtures import HOME, PASSWORD, USERNAME
from tests.community.vectors import PROTOCOLS, openapi

SEED = 14
MAX_EXAMPLES = 200
# Calls that are still ringing when the run starts, for answer and decline to find.
RINGING_CALLS = 40
# positive_data_acceptance expects schema-valid requests to be accepted. Some rules cannot
# be written in JSON Schema, so these operations may also answer 400 to valid shapes: a
# window whose valid_until is not after valid_from, a plain GET of the WebSocket path, and
# an SDP offer or ICE candidate line that only the WebRTC peer can read.
CROSS_FIELD_RULES = [
    "/v1/homes/{home_id}/visitor-passes",
    "/v1/parking/rights",
    "/v1/events",
    "/v1/doors/{door_id}/webrtc",
    "/v1/webrtc/{session_id}/candidates",
]
NOT_EXERCISED = {401, 404, 405}


def _config(base_url: str) -> SchemathesisConfig:
    accepted = ["2xx", "400", "401", "404", "409", "429"]
    return SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "cache": {"enabled": False},
            "base-url": base_url,
            "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
            "auth": {
                "dynamic": {
                    "openapi": {
                        "bearer": {
                            "path": "/v1/auth/token",
                            "payload": {
                                "grant_type": "password",
                                "username": USERNAME,
                                "password": PASSWORD,
                            },
                            "extract_selector": "/access_token",
                        }
                    }
                }
            },
            "operations": [
                {
                    "include-path": CROSS_FIELD_RULES,
                    "checks": {"positive_data_acceptance": {"expected-statuses": accepted}},
                }
            ],
        }
    )


@dataclass
class Outcome:
    """What the run found and which statuses each operation answered."""

    failures: list[str] = field(default_factory=list)
    statuses: defaultdict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    requests: int = 0


def _operation_of(method: str, path: str) -> str | None:
    for template, item in openapi()["paths"].items():
        if method.lower() in item and re.fullmatch(re.sub(r"\{[a-z_]+\}", "[^/]+", template), path):
            return f"{method} {template}"
    return None


def _run(base_url: str) -> Outcome:
    schema = schemathesis.openapi.from_path(PROTOCOLS / "openapi.yaml", config=_config(base_url))
    outcome = Outcome()
    for event in from_schema(schema).execute():
        if isinstance(event, events.NonFatalError | events.FatalError):
            outcome.failures.append(f"{type(event).__name__}: {event}")
        if not isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
            continue
        for checks in event.recorder.checks.values():
            outcome.failures += [
                f"{event.recorder.label} {check.name}: {check.failure_info.failure}"
                for check in checks
                if check.failure_info is not None
            ]
        for interaction in event.recorder.interactions.values():
            if interaction.response is None:
                continue
            outcome.requests += 1
            label = _operation_of(
                interaction.request.method, urlsplit(interaction.request.uri).path
            )
            if label is not None:
                outcome.statuses[label][interaction.response.status_code] += 1
    return outcome


async def test_schemathesis_finds_nothing(server: CommunityServer) -> None:
    """0 failures over every operation, each answered beyond 401, 404 and 405 at least once."""
    for _ in range(RINGING_CALLS):
        server.ring("door-north-gate", HOME)
    # Asyncio's debug mode (on in these tests) would make the server the bottleneck.
    asyncio.get_running_loop().set_debug(False)
    # The engine is synchronous; it runs beside the server's event loop, not in it.
    with ThreadPoolExecutor(max_workers=1) as executor:
        outcome = await asyncio.get_running_loop().run_in_executor(executor, _run, server.url)

    assert outcome.failures == []
    declared = {
        f"{method.upper()} {template}"
        for template, item in openapi()["paths"].items()
        for method in item
    }
    assert len(declared) == 26
    exercised = {
        label for label, statuses in outcome.statuses.items() if set(statuses) - NOT_EXERCISED
    }
    assert exercised == declared, {label: outcome.statuses[label] for label in declared - exercised}
    assert outcome.requests > 2000
