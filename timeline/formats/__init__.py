"""Input formats for forms, overriding the locale's (``FORMAT_MODULE_PATH``): one date format
everywhere, ISO 8601, in every language. A locale's default would show and expect 09/06/2023
(en-gb) or 09.06.2023 (ru) in date fields while the import pages, the filters and the exports
say 2023-06-09."""
