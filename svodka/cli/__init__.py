"""The ``svodka`` command: ``extract`` (cli/extract.py) and the knowledge-base commands
(cli/kb.py). Nothing imports this package; it imports the layers below it.

The command line speaks English to people (tables, messages, help); the web pages speak Russian.
Exit statuses are listed in cli/options.py."""
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
from svodka.cli.serve import serve  # noqa: E402

app = typer.Typer(add_completion=False, rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]},
                  help="svodka: Russian news as data — entities, values and facts with their evidence.")


@app.callback(invoke_without_command=True)
def main(ctx: typer.Context,
         version: bool = typer.Option(False, "--version", is_eager=True, help="Print svodka's version and exit.")) -> None:
    """svodka reads Russian news into entities, values and facts, and keeps them in a knowledge base."""
    if version:
        from importlib.metadata import version as installed
        print(f"svodka {installed('svodka')}")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        print(ctx.get_help())
        raise typer.Exit()


app.command()(extract)
for _command in kb.COMMANDS:
    app.command()(_command)
app.command()(serve)


def command():
    """The click command behind ``app``, its arguments' help without typer's type labels
    («PATH... <list[str]>», «{PATH...}...»): an argument's metavar says all it needs."""
    cli = typer.main.get_command(app)
    for sub in getattr(cli, "commands", {}).values():
        for param in sub.params:
            if param.param_type_name == "argument" and param.metavar:
                param.display_type = lambda ctx: None
                param._usage_display_name = lambda p=param: p.metavar if p.required else f"[{p.metavar.strip('[]')}]"
    return cli


def run() -> None:
    try:
        command()(prog_name="svodka")
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
