"""``manage.py release``: a dated, immutable release of the published record (see /data/)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat

from timeline.releases.building import make_release


class Command(BaseCommand):
    help = (
        "Make a release: the published record as CSV and JSON with a Frictionless data "
        "package, saved for good and listed on /data/."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--site-url",
            default=settings.SITE_URL,
            help="The public site's address, for the permalinks in the files "
            "(default: the SITE_URL setting).",
        )

    def handle(self, *args, site_url: str, **options) -> None:
        if not site_url:
            raise CommandError("Give the public site's address: --site-url or SITE_URL.")
        try:
            URLValidator(schemes=["http", "https"])(site_url)
        except ValidationError as error:
            raise CommandError(f"--site-url {site_url!r} is not an http(s) address.") from error
        release = make_release(site_url)
        counts, changes = release.counts, release.changes
        self.stdout.write(
            f"Release {release.version}: {counts['events']} events "
            f"({counts['withdrawn']} withdrawn kept), {counts['statements']} statements, "
            f"{counts['sources']} sources, {counts['actors']} actors, "
            f"{counts['places']} places; "
            f"{filesizeformat(release.size)}."
        )
        if release.previous:
            self.stdout.write(
                f"Since {release.previous.version}: {len(changes['added'])} added, "
                f"{len(changes['changed'])} changed, {len(changes['withdrawn'])} withdrawn."
            )
