"""revops: command-line toolkit for Revenue Operations analysts.

The library lives in :mod:`revops_cli.core` (pure pandas functions), the
file handling in :mod:`revops_cli.io`, and the Typer commands in
:mod:`revops_cli.cli`, which only parse options, call the core and render.
"""

__version__ = "0.1.0"
