"""The one-command demo: every simulator at once, Home Assistant set up through its own API.

`python -m simulator demo` runs the community server, the virtual Zigbee coordinator and the
virtual ESPHome Bluetooth proxy carrying one virtual lock; `python -m simulator provision`
sets Home Assistant up as a user would; `python -m simulator ctl` plays scenarios.
"""
