"""Entry point for `python -m indicators`."""
import os
import sys

from indicators.cli import main
from indicators.scoring.materialise import WARM_ENV

# a one-shot command starts no background warming (servers warm what they serve; `warm` works in the foreground): a
# warming thread still running when the interpreter exits could crash it, and a warming process started from
# `python -m indicators warm` itself would be a second one
os.environ[WARM_ENV] = "0"
try:
    sys.exit(main())
except BrokenPipeError:  # output piped into `head` and closed early
    sys.stderr.close()
    sys.exit(0)
