"""Run the virtual ESPHome Bluetooth proxy."""

from .cli import main

main()
