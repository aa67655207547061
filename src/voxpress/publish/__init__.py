"""Narrated on publish: sources (RSS, Atom, news sitemaps) polled on a schedule, a signed webhook,
stories that keep their identity across edits.

``feeds`` parses feeds safely, ``fetching`` fetches them conditionally through the address
policy, ``models`` holds the sources and stories tables, ``publisher`` narrates and schedules,
``webhook`` verifies signatures, ``commands`` is the ``voxpress sources`` CLI.
"""
