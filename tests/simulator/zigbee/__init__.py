"""Tests of the virtual Zigbee coordinator."""
