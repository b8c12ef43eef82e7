"""Tests of the virtual lock."""
