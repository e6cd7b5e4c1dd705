"""The `lottery-analytics` command line."""

from __future__ import annotations

import click

from lottery_analytics import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lottery-analytics")
def main() -> None:
    """Analytics warehouse of an online lottery ticket seller."""


def _register() -> None:
    from lottery_analytics.generator.cli import generate

    main.add_command(generate)


_register()
