"""Fixtures for Community API tests: plain asyncio tests, loopback sockets allowed."""

from .fixtures import *  # noqa: F403 - pytest finds fixtures by name
