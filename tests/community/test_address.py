"""The platform address: scheme + host (+ port), nothing a reader could misread."""

from hypothesis import example, given, strategies as st
import pytest

from custom_components.smart_community.community import CommunityAddressError, platform_address


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("https://community.example.com", "https://community.example.com"),
        ("  https://community.example.com/  ", "https://community.example.com"),
        ("https://community.example.com:8443", "https://community.example.com:8443"),
        ("http://127.0.0.1:8800", "http://127.0.0.1:8800"),
        ("http://[::1]:8800", "http://[::1]:8800"),
        ("http://localhost", "http://localhost"),
        ("HTTPS://Community.\u00e9xample.COM", "https://community.xn--xample-9ua.com"),
    ],
)
def test_accepted(text: str, address: str) -> None:
    """https anywhere; plain http on this machine, where the reference server runs."""
    assert platform_address(text) == address


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("community.example.com", "invalid"),
        ("ftp://community.example.com", "invalid"),
        ("http://[::1", "invalid"),
        ("https://", "invalid"),
        ("http://127.0.0.1#@evil.com", "not_bare"),
        ("http://127.0.0.1#", "not_bare"),
        ("https://community.example.com/api", "not_bare"),
        ("https://community.example.com?x=1", "not_bare"),
        ("https://user:secret@community.example.com", "not_bare"),
        ("https://evil.com@community.example.com", "not_bare"),
        ("http://community.example.com", "insecure"),
        ("http://192.0.2.10:8800", "insecure"),
    ],
)
def test_refused(text: str, reason: str) -> None:
    """Anything beyond scheme, host and port is refused, with the reason."""
    with pytest.raises(CommunityAddressError) as refused:
        platform_address(text)
    assert refused.value.reason == reason


@given(text=st.text(max_size=60) | st.builds("https://{}".format, st.text(max_size=40)))
@example(text="HTTPS://A.\u00a1")
def test_any_text_is_an_address_or_a_typed_refusal(text: str) -> None:
    """Whatever is typed, the answer is a bare address or CommunityAddressError."""
    try:
        address = platform_address(text)
    except CommunityAddressError:
        return
    assert platform_address(address) == address
    assert "#" not in address
    assert "?" not in address
    assert "@" not in address
