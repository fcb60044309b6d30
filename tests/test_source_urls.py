import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from incidents.models import Source
from incidents.urlnorm import normalise_url


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("HTTPS://Tass.COM/economy/1410631/", "https://tass.com/economy/1410631"),
        ("https://tass.com/economy/1410631#comments", "https://tass.com/economy/1410631"),
        (
            "https://www.reuters.com/world/x?utm_source=tw&utm_medium=social&id=5&fbclid=abc",
            "https://www.reuters.com/world/x?id=5",
        ),
        ("http://example.com:80/a//b/", "http://example.com/a/b"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/?b=2&a=1", "https://example.com/?a=1&b=2"),
        # IPv6 hosts keep their brackets (without them the address and port run together).
        ("http://[2001:DB8::1]/a", "http://[2001:db8::1]/a"),
        ("https://[2001:db8::1]:8443/a/", "https://[2001:db8::1]:8443/a"),
        ("http://[::1]:80/", "http://[::1]/"),
    ],
)
def test_urls_are_normalised(raw, normal):
    assert normalise_url(raw) == normal


@pytest.mark.parametrize(
    "bad",
    [
        "javascript:alert(1)",
        "data:text/html,<script>",
        "ftp://example.com/x",
        "not a url",
        "",
        "https://example.com:99999/x",
        "https://example.com:port/x",
        "http://[2001:db8::1/x",
    ],
)
def test_only_http_urls_are_accepted(bad):
    with pytest.raises(ValidationError):
        normalise_url(bad)


def test_same_article_with_tracking_parameters_is_a_duplicate(db, make):
    first = make.source(url="https://tass.com/economy/1410631")
    duplicate = Source(url="https://TASS.com/economy/1410631/?utm_campaign=x#top", title="Copy")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert f"source #{first.pk}" in str(excinfo.value)
    with pytest.raises(IntegrityError):
        Source.objects.create(url="https://tass.com/economy/1410631?utm_source=feed", title="Copy")
