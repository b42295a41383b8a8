"""Inputs: paths, folders, globs, JSONL, stdin, in any encoding Russian text comes in."""
from svodka.read.encoding import NotText, decode
from svodka.read.sources import Source, count_documents, iter_sources, parse_date, split_date_header

__all__ = ["NotText", "Source", "count_documents", "decode", "iter_sources", "parse_date", "split_date_header"]
