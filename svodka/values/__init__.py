"""Values: money, quantities, percents and dates found in a document's text and normalized
(amounts as numbers, currencies as ISO 4217, units as symbols, dates as periods)."""
from svodka.values.extractor import ValueExtractor, extract_values

__all__ = ["ValueExtractor", "extract_values"]
