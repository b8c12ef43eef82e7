"""Fixtures for reference server tests, shared with the client tests."""

from tests.community.fixtures import *  # noqa: F403 - pytest finds fixtures by name
