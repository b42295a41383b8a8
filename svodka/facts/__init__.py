"""Facts: meetings, occupations, statements, indicators, targets, decisions and agreements, each
with the sentence it came from. ``schema`` declares the fact types (and is all a store or a server
needs); ``stage`` runs the rules, and is loaded only when asked for."""
from __future__ import annotations

__all__ = ["extract_facts", "extract_facts_many"]


def __getattr__(name: str):
    if name in __all__:
        from svodka.facts import stage
        return getattr(stage, name)
    raise AttributeError(name)
