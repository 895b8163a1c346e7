"""Entry point for `python -m indicators`."""
import sys

from indicators.cli import main

try:
    sys.exit(main())
except BrokenPipeError:  # output piped into `head` and closed early
    sys.stderr.close()
    sys.exit(0)
