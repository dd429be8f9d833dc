"""`python -m desktop.cli`: the same as the `chronicle` command."""

import sys

from desktop.cli import main

sys.exit(main())
