"""Tests of the reference Community API server."""
