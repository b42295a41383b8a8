"""``python -m svodka.cli``: the ``svodka`` command."""
from svodka.cli import run

run()
