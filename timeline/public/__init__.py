"""The public pages: the timeline and its filters, event/actor/source pages, about, sitemaps.

The research outputs (timeline/exports/, timeline/api/) build on this package's query layer
(filters, search, caching, references); nothing here imports an output.
"""
