"""Tests of the Community API client, alone and against the reference server."""
