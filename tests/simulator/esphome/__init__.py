"""Tests of the virtual ESPHome Bluetooth proxy."""
