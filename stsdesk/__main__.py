"""``python -m stsdesk``: the same as the ``stsdesk`` command."""

import sys

from stsdesk.launch import main

sys.exit(main())
