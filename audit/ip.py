"""The client's address, for the audit log and for django-axes' lockout."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or the header named by CLIENT_IP_HEADER when a trusted proxy sets it.

    With the header, the last address in it counts: a proxy appends the address
    it saw, anything before that came from the client and proves nothing.
    """
    value = request.META.get("REMOTE_ADDR", "")
    header = settings.CLIENT_IP_HEADER
    if header:
        key = "HTTP_" + header.upper().replace("-", "_")
        forwarded = request.META.get(key, "").split(",")[-1].strip()
        value = forwarded or value
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
