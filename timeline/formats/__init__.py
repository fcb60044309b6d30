"""Input formats for forms, overriding the locale's (``FORMAT_MODULE_PATH``): one date format
everywhere, ISO 8601. en-gb's default would show and expect 09/06/2023 in the admin's date
fields and calendar while the import pages, the filters and the exports say 2023-06-09."""
