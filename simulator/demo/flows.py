"""Drives a config flow to its end with prepared answers, the way a user clicks through it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping

from .ha_client import HomeAssistantClient, HomeAssistantError, Json

# An answer is the input for a form (or {"next_step_id": ...} for a menu), or a function
# that builds it from the step Home Assistant shows, e.g. to pick a listed option.
type Answer = Json | Callable[[Json], Json]

_PROGRESS_POLL = 0.5


class FlowError(HomeAssistantError):
    """A flow showed a step the answers do not cover, or refused an answer."""


async def complete_flow(
    client: HomeAssistantClient,
    result: Json,
    answers: Mapping[str, Answer],
) -> Json:
    """Answer each step until the flow creates an entry or aborts; return that last result."""
    shown: set[str] = set()
    while True:
        flow_id = str(result.get("flow_id"))
        step = str(result.get("step_id"))
        match result.get("type"):
            case "create_entry" | "abort":
                return result
            case "progress":
                # Home Assistant moves a progress step on when it is asked again.
                await asyncio.sleep(_PROGRESS_POLL)
                result = await client.flow_state(flow_id)
            case "progress_done":
                result = await client.flow_state(flow_id)
            case "form" | "menu" if step in answers:
                if step in shown and result.get("errors"):
                    raise FlowError(f"step {step} refused the answer: {result['errors']}")
                shown.add(step)
                answer = answers[step]
                user_input = answer(result) if callable(answer) else answer
                result = await client.flow_step(flow_id, user_input)
            case _:
                raise FlowError(f"unexpected flow step: {result}")


def pick_option(field: str, starts_with: str) -> Callable[[Json], Json]:
    """An answer that chooses the listed option of `field` beginning with `starts_with`."""

    def answer(step: Json) -> Json:
        schema = step.get("data_schema")
        for item in schema if isinstance(schema, list) else []:
            if not isinstance(item, dict) or item.get("name") != field:
                continue
            options = item.get("options")
            for option in options if isinstance(options, list) else []:
                value = option[0] if isinstance(option, list) else option
                if isinstance(value, str) and value.startswith(starts_with):
                    return {field: value}
        raise FlowError(f"step {step.get('step_id')} offers no {starts_with!r} for {field}")

    return answer
