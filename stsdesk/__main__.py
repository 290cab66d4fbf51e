"""``python -m stsdesk``: the same as the ``stsdesk`` command."""

import sys

from stsdesk.cli import main

sys.exit(main())
