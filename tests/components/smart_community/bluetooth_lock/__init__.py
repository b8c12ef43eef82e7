"""Tests of the Bluetooth lock family in Home Assistant."""
