"""Curation: a curator's annotations of source texts built into a validated dataset."""
