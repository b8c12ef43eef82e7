"""End-to-end tests: the demo stack with a real Home Assistant in a subprocess."""
