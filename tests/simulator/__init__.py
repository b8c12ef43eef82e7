"""Tests of the simulators, each against its protocol document."""
