"""URL normalisation, so that one article is one Source whatever link it was pasted from."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.exceptions import ValidationError

# Query parameters that identify a click, not a document.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "_ga",
        "_gl",
        "ref_src",
        "ref_url",
        "cmpid",
        "ocid",
        "smid",
        "guccounter",
        "spm",
        "share",
        "s_cid",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "oly_")
ALLOWED_SCHEMES = frozenset({"http", "https"})


def validate_http_url(url: str) -> None:
    """Only http(s) links are accepted anywhere in the dataset."""
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:
        raise ValidationError("Enter a valid web address.", code="invalid_url") from exc
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not parts.hostname:
        raise ValidationError(
            "Only http:// and https:// web addresses are accepted.", code="url_scheme"
        )
    try:
        parts.port  # noqa: B018 — urlsplit checks the port only when it is read
    except ValueError as exc:
        raise ValidationError(
            "The port of this web address is not valid.", code="invalid_url"
        ) from exc


def normalise_url(url: str) -> str:
    """Canonical form of an article URL.

    Lower-case scheme and host, no default port, no fragment, no tracking parameters
    (utm_*, fbclid, …), remaining parameters sorted, no trailing slash on the path
    (except the root), so that the same article pasted twice is recognised.
    """
    url = url.strip()
    validate_http_url(url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    # An IPv6 address keeps its brackets: "[2001:db8::1]:8443", not "2001:db8::1:8443".
    netloc = f"[{host}]" if ":" in host else host
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc = f"{netloc}:{port}"
    path = parts.path or "/"
    while "//" in path:
        path = path.replace("//", "/")
    if len(path) > 1:
        path = path.rstrip("/")
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in TRACKING_PARAMS and not key.lower().startswith(TRACKING_PREFIXES)
    ]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))
