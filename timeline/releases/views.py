"""/data/: the releases, each with its files, counts, checksums, changelog and citation; the
files themselves; and an event as a release holds it, to cite exactly that."""

from __future__ import annotations

import zlib

from django.db.models import Prefetch, Sum
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from incidents.models import Release, ReleaseEntry, ReleaseFile

from ..public.references import LICENSE_NAME, LICENSE_URL
from .citing import cite_entry, cite_release

# Every column but the bytes: the listing shows sizes and checksums, never reads the files.
FILE_FIELDS = ("id", "release_id", "name", "media_type", "size", "sha256")


def _site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _releases():
    files = ReleaseFile.objects.only(*FILE_FIELDS).order_by("id")
    return (
        Release.objects.newest_first()
        .select_related("previous")
        .annotate(total_size=Sum("files__size"))
        .prefetch_related(Prefetch("files", queryset=files))
    )


@require_safe
def data(request: HttpRequest) -> HttpResponse:
    """Every release, newest first, with what changed since the one before."""
    site = _site(request)
    releases = list(_releases())
    context = {
        "releases": [(release, cite_release(release, site)) for release in releases],
        "license_name": LICENSE_NAME,
        "license_url": LICENSE_URL,
    }
    return render(request, "timeline/data.html", context)


@require_safe
def release_detail(request: HttpRequest, version: str) -> HttpResponse:
    release = get_object_or_404(_releases(), version=version)
    context = {
        "release": release,
        "citation": cite_release(release, _site(request)),
        "license_name": LICENSE_NAME,
        "license_url": LICENSE_URL,
    }
    return render(request, "timeline/release.html", context)


def _inflated(content: bytes, block: int = 1 << 20):
    """The gzip ``content`` decompressed a block at a time (a file may be hundreds of MB)."""
    inflate = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    view = memoryview(content)
    for start in range(0, len(view), block):
        yield inflate.decompress(view[start : start + block])
    yield inflate.flush()


@require_safe
def release_file(request: HttpRequest, version: str, name: str) -> StreamingHttpResponse:
    """A file of a release, as it was made: never changes, so cached for good."""
    file = get_object_or_404(ReleaseFile, release__version=version, name=name)
    charset = "; charset=utf-8" if file.media_type.startswith(("text/", "application/json")) else ""
    content_type = file.media_type + charset
    # Streamed, so that no response cache keeps one encoding for every client.
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        # Stored compressed: sent as stored.
        response = StreamingHttpResponse([bytes(file.content)], content_type=content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = StreamingHttpResponse(_inflated(file.content), content_type=content_type)
        response["Content-Length"] = str(file.size)
    patch_vary_headers(response, ["Accept-Encoding"])
    response["Content-Disposition"] = content_disposition_header(
        not name.endswith("datapackage.json"), f"rj-timeline-{version}-{name}"
    )
    response["ETag"] = f'"{file.sha256}"'
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["Link"] = f'<{LICENSE_URL}>; rel="license"'
    return response


@require_safe
def release_event(request: HttpRequest, version: str, slug: str) -> HttpResponse:
    """An event as release ``version`` holds it (published or withdrawn), to cite it so."""
    entry = (
        ReleaseEntry.objects.select_related("release")
        .filter(release__version=version, slug=slug)
        .order_by("-id")  # a slug reused after a deletion: the later event
        .first()
    )
    if entry is None:
        raise Http404("No such event in this release.")
    context = {
        "entry": entry,
        "record": entry.record,
        "release": entry.release,
        "citation": cite_entry(entry, _site(request)),
    }
    return render(request, "timeline/release_event.html", context)
