"""Inputs: paths, folders, JSONL and standard input, in any encoding Russian text comes in."""
from svodka.read.encoding import NotText, decode
from svodka.read.sources import Source, iter_sources, parse_date, split_date_header

__all__ = ["NotText", "Source", "decode", "iter_sources", "parse_date", "split_date_header"]
