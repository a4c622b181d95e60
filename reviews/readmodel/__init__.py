"""The read model: what readers get, and nothing else.

One Publication per article that has ever been signed off, and the tables every public
page, the API, the feed, search and the navigator read, all written from signed-off
documents only by publishing.py, in the transaction of the sign-off or withdrawal that
changes them. listings.py keeps the per-condition and per-category summaries,
search/ the search rows (and the search queries: the read model's SQL lives here, each
database's in search/dialects.py), clock.py tells every server process that something
changed.
"""
