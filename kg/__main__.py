"""``python -m kg``: the same command line as ``kg``."""

from .cli import app

app(prog_name="kg")
