"""Tests of the pure lock protocol package."""
