"""Releases: `manage.py release` snapshots the published record as a valid Frictionless data
package; /data/ lists releases with checksums, changelog and citations; nothing rewrites one."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError
from frictionless import Package

from incidents.models import Place, Release, ReleaseEntry, ReleaseFile, ReleaseImmutable, Status
from incidents.models.releases import Packer
from timeline.exports.citation import cite_event

SITE = "https://rj-timeline.example"
pytestmark = pytest.mark.django_db


def release(**options) -> Release:
    out = io.StringIO()
    call_command("release", site_url=SITE, stdout=out, **options)
    return Release.objects.newest_first().first()


def content(made: Release, name: str) -> bytes:
    return made.files.get(name=name).data


def csv_rows(made: Release, name: str) -> list[dict[str, str]]:
    text = content(made, name).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def unpack(made: Release, folder: Path) -> Path:
    for file in made.files.all():
        (folder / file.name).write_bytes(file.data)
    return folder / "datapackage.json"


@pytest.fixture
def record(make):
    japan = make.actor("Japan", slug="japan", kind="state")
    summons = make.event(
        "Russia summons the ambassador",
        date="2023-06-09",
        slug="summons",
        actors=[(japan, "target")],
        latitude="-33.86880",
        longitude="151.20930",
    )
    make.statement(summons, japan, "We regret this.")
    ban = make.event("=Entry ban announced", date="2023-05", slug="ban", type="entry_ban")
    ban.responds_to.add(summons)
    draft = make.event("A draft nobody may see", slug="draft", status=Status.DRAFT)
    hokkaido = Place.objects.create(name_en="Hokkaido", kind="region", slug="hokkaido-test")
    rebun = Place.objects.create(
        name_en="Rebun", kind="island", slug="rebun-test", parent=hokkaido, longitude="-1.5"
    )
    summons.places.add(rebun)
    draft.places.add(Place.objects.create(name_en="Secret Bay", kind="city", slug="secret-bay"))
    return summons, ban


def test_a_release_of_the_seed_data_is_a_valid_frictionless_data_package(seeded, tmp_path):
    made = release()
    report = Package(str(unpack(made, tmp_path))).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    descriptor = json.loads(content(made, "datapackage.json"))
    assert descriptor["version"] == made.version
    assert descriptor["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"
    assert f"(Version {made.version}) [Data set]" in descriptor["citation"]["apa"]
    names = {resource["name"] for resource in descriptor["resources"]}
    assert names == {"events", "statements", "sources", "actors", "places", "record"}
    assert made.counts["events"] > 40 and made.counts["statements"] > 30


def test_the_release_holds_the_published_record_only(record, tmp_path):
    made = release()
    events = {row["permalink"].rsplit("/", 2)[-2]: row for row in csv_rows(made, "events.csv")}
    assert set(events) == {"summons", "ban"}
    assert events["summons"]["longitude"] == "151.20930"
    assert events["summons"]["latitude"] == "-33.86880"  # a number, not a neutralised formula
    assert events["ban"]["title"] == "'=Entry ban announced"  # as /export.csv writes it
    assert events["ban"]["responds_to"] == "summons"
    assert events["summons"]["responses"] == "ban"
    assert {row["state"] for row in events.values()} == {"published"}
    for file in made.files.all():
        assert b"A draft nobody may see" not in file.data
    assert made.counts == {
        "events": 2,
        "withdrawn": 0,
        "statements": 1,
        "sources": 2,
        "actors": 1,
        "places": 2,
    }
    # A published event's place, and the place it lies in; never a draft's only.
    places = {row["slug"]: row for row in csv_rows(made, "places.csv")}
    assert set(places) == {"rebun-test", "hokkaido-test"}
    assert places["rebun-test"]["parent"] == "hokkaido-test"
    assert places["rebun-test"]["longitude"] == "-1.50000"
    report = Package(str(unpack(made, tmp_path))).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_sizes_and_checksums_are_those_of_the_stored_bytes(record):
    made = release()
    descriptor = json.loads(content(made, "datapackage.json"))
    for resource in descriptor["resources"]:
        data = content(made, resource["path"])
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    for file in made.files.all():
        assert file.sha256 == hashlib.sha256(file.data).hexdigest()


def test_the_changelog_names_events_added_changed_and_withdrawn(make, record):
    summons, ban = record
    first = release()
    assert first.changes["added"] == ["ban", "summons"]
    summons.title = "Russia summons Japan's ambassador"
    summons.save()
    ban.status = Status.DRAFT  # withdrawn
    ban.save()
    make.event("A new protest", slug="protest")
    second = release()
    assert second.previous == first
    assert second.version == f"{first.version}.2"  # the same day
    assert second.changes == {
        "added": ["protest"],
        "changed": {"summons": ["title"]},
        "withdrawn": ["ban"],
    }
    # The withdrawn event stays, as the last release held it, marked withdrawn.
    rows = {row["id"]: row for row in csv_rows(second, "events.csv")}
    assert rows[str(ban.pk)]["state"] == "withdrawn"
    assert rows[str(ban.pk)]["title"] == "'=Entry ban announced"
    assert second.counts["withdrawn"] == 1 and second.counts["events"] == 2
    held = json.loads(content(second, "record.json"))
    assert {(e["slug"], e["state"]) for e in held["events"]} >= {("ban", "withdrawn")}
    # ...in the release after too, and the first release still publishes it.
    third = release()
    assert third.changes == {"added": [], "changed": {}, "withdrawn": []}
    assert {r["id"]: r["state"] for r in csv_rows(third, "events.csv")}[str(ban.pk)] == (
        "withdrawn"
    )
    assert {r["id"]: r["state"] for r in csv_rows(first, "events.csv")}[str(ban.pk)] == (
        "published"
    )


def test_a_release_is_never_rewritten(record):
    made = release()
    file = made.files.get(name="events.csv")
    with pytest.raises(ReleaseImmutable):
        made.save()
    with pytest.raises(ReleaseImmutable):
        file.save()
    # The database refuses too, however the update comes.
    for rows, change in (
        (ReleaseFile.objects.filter(pk=file.pk), {"content": b"forged"}),
        (Release.objects.filter(pk=made.pk), {"counts": {"events": 1}}),
        (ReleaseEntry.objects.filter(release=made), {"slug": "forged"}),
    ):
        with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
            rows.update(**change)
    file.refresh_from_db()
    assert hashlib.sha256(file.data).hexdigest() == file.sha256


def test_the_command_needs_the_site_address(record):
    with pytest.raises(CommandError, match="site"):
        call_command("release", site_url="", stdout=io.StringIO())
    with pytest.raises(CommandError, match="not an http"):
        call_command("release", site_url="javascript:alert(1)", stdout=io.StringIO())
    assert not Release.objects.exists()


def test_data_lists_releases_with_counts_sizes_checksums_changes_and_citations(
    client, record, django_assert_max_num_queries
):
    summons, _ban = record
    first = release()
    summons.title = "Russia summons Japan's ambassador"
    summons.save()
    second = release()
    with django_assert_max_num_queries(6):
        page = client.get("/data/")
    html = page.content.decode()
    assert html.index(f'id="release-{second.version}"') < html.index(
        f'id="release-{first.version}"'
    )
    for file in second.files.all():
        assert file.sha256 in html
        assert f'href="/data/{second.version}/{file.name}"' in html
    assert "2 published events" in html
    assert re.search(r"1 changed: .*summons</a> \(title\)", html)
    assert f"(Version {second.version}) [Data set]" in html  # APA
    assert f"version = {{{second.version}}}" in html  # BibTeX
    assert f"&quot;version&quot;: &quot;{second.version}&quot;" in html  # CSL-JSON


def test_data_lists_more_releases_in_the_same_queries(client, record, django_assert_num_queries):
    release()
    with django_assert_num_queries(3) as few:
        client.get("/data/")
    release()
    release()
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/data/")


def test_a_release_file_downloads_as_stored(client, record):
    made = release()
    response = client.get(f"/data/{made.version}/events.csv")
    file = made.files.get(name="events.csv")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == file.data  # a client that takes no gzip
    compressed = client.get(f"/data/{made.version}/events.csv", headers={"Accept-Encoding": "gzip"})
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(b"".join(compressed.streaming_content)) == file.data
    assert response["ETag"] == f'"{file.sha256}"'
    assert "immutable" in response["Cache-Control"]
    assert client.get(f"/data/{made.version}/nothing.csv").status_code == 404
    assert client.get("/data/1999.01.01/events.csv").status_code == 404


def test_an_event_is_cited_as_a_release_holds_it(client, record):
    summons, _ban = record
    made = release()
    summons.title = "A later title"
    summons.save()
    page = client.get(f"/data/{made.version}/events/summons/").content.decode()
    assert "Russia summons the ambassador (9 June 2023)" in page
    assert "A later title" not in page
    assert f"[Event record, release {made.version}]" in page
    assert f"http://testserver/data/{made.version}/events/summons/" in page
    # The event's page links to it.
    event_page = client.get("/events/summons/").content.decode()
    assert f'href="/data/{made.version}/events/summons/"' in event_page
    assert client.get(f"/data/{made.version}/events/draft/").status_code == 404


def test_an_event_citation_dates_the_record_and_keeps_the_event_date_in_the_title(make):
    event = make.event("Russia summons the ambassador", date="2023-05", slug="x")
    cite = cite_event(event, "https://rj.example/events/x/")
    changed = event.updated_at.date()
    assert cite.apa.startswith(
        f"Russia–Japan Incident Timeline. ({changed.year}, {changed:%B} {changed.day}). "
        "Russia summons the ambassador (May 2023) [Event record]."
    )
    assert cite.csl["issued"] == {"date-parts": [[changed.year, changed.month, changed.day]]}
    assert cite.csl["event-date"] == {"date-parts": [[2023, 5]]}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_releases_made_one_after_another_chain_their_changelogs(record):
    first, second = release(), release()
    assert second.previous == first and first.previous is None


def test_a_backup_restores_releases_byte_for_byte(record, tmp_path):
    from tests.test_backup import empty_the_database, snapshot

    first = release()
    release()
    before = snapshot()
    stored = {file.name: file.data for file in first.files.all()}
    path = tmp_path / "backup.json.gz"
    call_command("backup_data", str(path), verbosity=0)
    for model in (ReleaseEntry, ReleaseFile):
        model.objects.all().delete()
    Release.objects.filter(previous__isnull=False).delete()
    Release.objects.all().delete()
    # The gazetteer (migration-loaded places) is restored from the backup too.
    Place.objects.update(parent=None)
    Place.objects.all().delete()
    empty_the_database()
    call_command("restore_data", str(path), verbosity=0)
    assert snapshot() == before
    restored = Release.objects.get(version=first.version)
    assert {file.name: file.data for file in restored.files.all()} == stored


def test_the_sitemap_lists_the_releases_and_the_patterns_pages(client, record):
    text = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/data/</loc>" in text
    assert "<loc>http://testserver/analysis/</loc>" in text


def test_a_file_written_in_pieces_is_stored_as_one_written_whole():
    # Releases are built a chunk at a time; what they store must stay the bytes earlier
    # releases stored for the same file (gzip.compress at level 6, no timestamp).
    data = "".join(f"{n},Событие {n},出来事\r\n" for n in range(20_000)).encode()
    packer = Packer()
    for start in range(0, len(data), 7919):
        packer.write(data[start : start + 7919])
    assert (packer.size, packer.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert packer.finish() == gzip.compress(data, compresslevel=6, mtime=0)
