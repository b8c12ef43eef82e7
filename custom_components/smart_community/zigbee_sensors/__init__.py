"""The Zigbee sensor family: the vendor's sensors inside Home Assistant's ZHA integration.

ZHA owns the radio and the entities; the quirks themselves are in `..quirks`.
"""
