"""Ingest: wire files in, articles out, through the same services as the newsroom's.

Check → do → record: `intake.ingest_file` parses (or quarantines), `filing.ingest_item`
decides what one item means for its story (create, update, unchanged, withdraw) and calls
`dateline.articles.services` for every change; each outcome leaves an `IngestRecord` for the
desk. Nothing is dropped: a file that cannot be read, or an item that cannot be filed, is
quarantined with its bytes and a reason (`quarantine`). `routing` finds an item's agency,
section and topics, `dedup` its near-duplicates, `polling` runs a source's transport,
`records` holds the report and context they share.
"""
