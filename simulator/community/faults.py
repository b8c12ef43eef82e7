"""Injected HTTP faults: delays, 5xx answers and 429 with Retry-After."""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

from .wire import ApiError

_CODES = {429: "rate_limited", 503: "unavailable"}


@dataclass(slots=True)
class Fault:
    """The next count requests under path_prefix wait delay s, then fail with status (0: pass)."""

    status: int
    count: int
    retry_after: int = 1
    delay: float = 0.0
    path_prefix: str = "/v1"


class Faults:
    """Pending faults, consumed in order by matching requests."""

    def __init__(self) -> None:
        """No faults."""
        self._pending: list[Fault] = []
        self.requests = 0

    def add(self, fault: Fault) -> None:
        """Queue a fault."""
        self._pending.append(fault)

    def clear(self) -> None:
        """Forget every pending fault."""
        self._pending.clear()

    def _take(self, path: str) -> Fault | None:
        for fault in self._pending:
            if path.startswith(fault.path_prefix):
                fault.count -= 1
                if fault.count <= 0:
                    self._pending.remove(fault)
                return fault
        return None

    @web.middleware
    async def middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Apply the first matching fault to an API request."""
        if request.path.startswith("/v1"):
            self.requests += 1
            fault = self._take(request.path)
            if fault is not None:
                if fault.delay:
                    await asyncio.sleep(fault.delay)
                if fault.status:
                    code = _CODES.get(fault.status, "internal_error")
                    retry_after = fault.retry_after if fault.status == 429 else None
                    return ApiError(fault.status, code, "Injected fault.", retry_after).response()
        return await handler(request)
