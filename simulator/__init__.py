"""Virtual counterparts of everything Smart Community talks to, for tests and demos.

Not shipped with the integration, and independent of it: each piece implements the other
side of a protocol from the documents in docs/protocols/.
"""
