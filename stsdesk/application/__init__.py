"""Use cases between the core and the widgets, free of Qt: start-up, practice runs, the log.

May import ``stsdesk.core``, ``stsdesk.infra`` and ``stsdesk.store``; never PySide6, pygame,
``stsdesk.ui``, ``stsdesk.audio``, ``stsdesk.app`` or ``stsdesk.cli`` (import-linter checks).
"""
