"""The ``svodka`` command: ``extract`` (cli/extract.py) and the knowledge-base commands
(cli/kb.py). Nothing imports this package; it imports the layers below it."""
from __future__ import annotations

import os
import sys

# slovnet's matrices are small: OpenBLAS threads gain nothing on them and, beside another busy
# process or --workers, spin against each other (NER measured 7x slower). Set before numpy loads;
# a user's own setting wins.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import typer  # noqa: E402

from svodka.cli import kb  # noqa: E402
from svodka.cli.extract import extract  # noqa: E402
from svodka.cli.options import err  # noqa: E402

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="svodka: Russian news as data — entities, values and facts with their evidence.")


@app.callback()
def main() -> None:
    """svodka reads Russian news into entities, values and facts."""


app.command()(extract)
for _command in kb.COMMANDS:
    app.command()(_command)


def run() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
