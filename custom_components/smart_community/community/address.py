"""The platform address: scheme, host and port, nothing else."""

import ipaddress

from yarl import URL

from .errors import CommunityAddressError


def platform_address(text: str) -> str:
    """The address as the client uses it, or CommunityAddressError saying why not.

    A path, query, fragment or login in the address is refused rather than dropped:
    `http://127.0.0.1#@evil.com` reads as one host to a person and as another to a parser.
    Passwords and tokens never cross a network in clear text, so plain http is only
    accepted for a platform on this machine (the reference server).
    """
    try:
        url = URL(text.strip())
        port = url.explicit_port
    except ValueError:
        raise CommunityAddressError("invalid") from None
    if url.scheme not in ("http", "https") or not url.host or not url.is_absolute():
        raise CommunityAddressError("invalid")
    if url.raw_user is not None or url.raw_password is not None:
        raise CommunityAddressError("not_bare")
    if url.raw_path not in ("", "/") or url.raw_query_string or url.raw_fragment:
        raise CommunityAddressError("not_bare")
    if "#" in text or "?" in text:
        # An empty fragment or query still hides what follows from a reader.
        raise CommunityAddressError("not_bare")
    if url.scheme == "http" and not _on_this_machine(url.host):
        raise CommunityAddressError("insecure")
    # yarl lowercases an ASCII host but not the ASCII labels of one it IDNA-encodes.
    origin = str(url.origin()).lower()
    return origin if port is None or f":{port}" in origin else f"{origin}:{port}"


def _on_this_machine(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
