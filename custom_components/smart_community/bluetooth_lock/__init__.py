"""The Bluetooth lock family: one entry per lock, reached through Home Assistant's bluetooth.

Home Assistant glue around the lock protocol and client in `..blelock`.
"""
