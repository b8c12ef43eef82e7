"""The community account family: intercom doors, visitor passes, notices, elevator and parking.

Home Assistant glue around the Community API client in `..community`.
"""
