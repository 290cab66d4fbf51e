"""The frozen program's entry point: the same as ``python -m stsdesk``."""

import sys

from stsdesk.launch import main

sys.exit(main())
