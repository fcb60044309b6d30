"""Source watch: the record notices new incidents itself.

Watched sources (feeds and listing pages, ``models``) are polled in the background
(``scheduler`` claims what is due, ``tasks`` runs one poll on Django's task framework,
``polling`` reads the feed and each new item through the article importer's safe fetch).
Each item is scored for relevance (``relevance`` with the word lists of ``lexicon``), matched
to an event the record already has or grouped with other reports of the same new incident
(``matching``), and waits in the editors' inbox (``inbox``) until an editor creates a draft
event from it, adds it to the event it reports, or dismisses it (``confirm``).
"""
