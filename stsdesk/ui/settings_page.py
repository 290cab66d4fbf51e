"""Settings, generated from the schema; values the organization locked are shown greyed."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QSignalBlocker, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from stsdesk.core.errors import StsdeskError
from stsdesk.core.policy import Policy
from stsdesk.core.settings import (
    BY_KEY,
    SCHEMA,
    SECTIONS,
    Kind,
    Setting,
    format_value,
    parse_value,
)
from stsdesk.ui.context import Services
from stsdesk.ui.i18n import fmt
from stsdesk.ui.widgets import (
    GRID,
    FlowLayout,
    Form,
    Page,
    card,
    failure_text,
    label,
    show_failure,
)

log = logging.getLogger(__name__)


def _words(text: str) -> str:
    """The schema's words (``N_`` in the core, listed in ui/strings.py), translated."""
    return QCoreApplication.translate("Settings", text)


class SettingsPage(Page):
    """One card per section; every change is saved at once (``services.settings.set``),
    and every control follows its setting, whoever changed it."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Settings"), parent)
        self.services = services
        self.controls: dict[str, QWidget] = {}
        self._weekday_boxes: dict[str, list[QCheckBox]] = {}
        self.policy_box: QWidget | None = None
        forms: dict[str, Form] = {}
        for setting in SCHEMA:
            form = forms.get(setting.section)
            if form is None:
                box, layout = card()
                layout.addWidget(label(_words(SECTIONS[setting.section]), "title"))
                form = Form()
                form.setVerticalSpacing(2 * GRID)
                layout.addLayout(form)
                self.body.addWidget(box)
                forms[setting.section] = form
            control = self._control(setting)
            form.addRow(
                self._row_label(setting), control, left=isinstance(control, QCheckBox | QSpinBox)
            )
        self._add_content_problems()
        self.finish()
        services.live.setting_changed.connect(self._on_setting_changed)

    @Slot(str)
    def _on_setting_changed(self, key: str) -> None:
        if key in self.controls:
            self.show_value(BY_KEY[key])

    def show_policy(self, policy: Policy) -> None:
        """Say who set stsdesk up, from which file, and what of it could not be used."""
        if not policy.file:
            return
        box, layout = card()
        layout.addWidget(label(self.tr("Your organization"), "title"))
        who = (
            fmt(self.tr("stsdesk was set up for you by %1."), policy.name)
            if policy.name
            else self.tr("stsdesk was set up for you by your organization.")
        )
        layout.addWidget(label(who))
        layout.addWidget(
            label(
                self.tr(
                    'Settings it fixed are marked "Set by your organization". It cannot see '
                    "your practice log, your ratings or your notes."
                ),
                "muted",
            )
        )
        layout.addWidget(label(fmt(self.tr("Policy file: %1"), policy.file), "small"))
        if policy.problems:
            layout.addWidget(
                label(self.tr("These parts of it could not be used (for your IT administrator):"))
            )
            for problem in policy.problems:
                layout.addWidget(label(str(problem), "small", selectable=True))
        self.policy_box = box
        self.body.insertWidget(1, box)

    def _row_label(self, setting: Setting) -> QWidget:
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(label(_words(setting.label)))
        if setting.help:
            layout.addWidget(label(_words(setting.help), "small"))
        if self.services.settings.is_locked(setting.key):
            layout.addWidget(label(self.tr("Set by your organization"), "small"))
        return column

    def _control(self, setting: Setting) -> QWidget:
        value = self.services.settings[setting.key]
        widget: QWidget
        if setting.kind is Kind.BOOL:
            widget = QCheckBox()
            widget.setChecked(bool(value))
            widget.toggled.connect(lambda v, s=setting: self._store(s, v))
        elif setting.kind is Kind.INT:
            widget = QSpinBox()
            widget.setRange(setting.minimum, setting.maximum)
            widget.setValue(int(value))
            widget.valueChanged.connect(lambda v, s=setting: self._store(s, v))
        elif setting.kind is Kind.CHOICE:
            widget = QComboBox()
            for name, text in setting.choices:
                widget.addItem(_words(text), name)
            widget.setCurrentIndex(max(widget.findData(value), 0))
            widget.currentIndexChanged.connect(
                lambda _i, s=setting, w=widget: self._store(s, w.currentData())
            )
        elif setting.kind is Kind.WEEKDAYS:
            widget = self._weekdays(setting, value)
        else:
            widget = self._text(setting, value)
        widget.setAccessibleName(_words(setting.label))
        if self.services.settings.is_locked(setting.key):
            widget.setEnabled(False)
            widget.setToolTip(self.tr("Set by your organization"))
        self.controls[setting.key] = widget
        return widget

    def _text(self, setting: Setting, value: Any) -> QLineEdit:
        """Times, spans and names, typed as text and checked by the schema when done."""
        edit = QLineEdit(format_value(setting, value))

        def store() -> None:
            try:
                parsed = parse_value(setting, edit.text())
            except ValueError as error:
                self.show_value(setting)
                show_failure(self, _words(str(error)))
                return
            if parsed != self.services.settings[setting.key]:
                self._store(setting, parsed)

        edit.editingFinished.connect(store)
        return edit

    def _weekdays(self, setting: Setting, value: Any) -> QWidget:
        host = QWidget()
        row = FlowLayout(host, spacing=GRID)  # the days wrap at large text
        locale = QLocale()
        boxes: list[QCheckBox] = []
        for day in range(1, 8):
            box = QCheckBox(locale.dayName(day, QLocale.FormatType.ShortFormat))
            box.setChecked(day in value)
            box.setAccessibleName(locale.dayName(day))
            boxes.append(box)
            row.addWidget(box)

        def store(_checked: bool) -> None:
            self._store(setting, [i + 1 for i, b in enumerate(boxes) if b.isChecked()])

        for box in boxes:
            box.toggled.connect(store)
        self._weekday_boxes[setting.key] = boxes
        return host

    def _store(self, setting: Setting, value: Any) -> None:
        """Save a change at once; if it cannot be saved, show the value still in effect."""
        try:
            self.services.settings.set(setting.key, value)
        except (StsdeskError, OSError, ValueError) as error:
            log.warning("Setting %s could not be saved: %s", setting.key, error)
            self.show_value(setting)
            text = failure_text(error, self.tr("Your change could not be saved"))
            show_failure(
                self,
                text + " " + self.tr("The setting shows the value still in effect."),
                lambda: self._store(setting, value),
            )
            return
        self.show_value(setting)

    def show_value(self, setting: Setting) -> None:
        """Set the control to the value in effect, without saving it again."""
        value = self.services.settings[setting.key]
        widget = self.controls[setting.key]
        with QSignalBlocker(widget):
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(value))
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(widget.findData(value), 0))
            elif isinstance(widget, QLineEdit):
                widget.setText(format_value(setting, value))
        for day, box in enumerate(self._weekday_boxes.get(setting.key, []), start=1):
            with QSignalBlocker(box):
                box.setChecked(day in value)

    def _add_content_problems(self) -> None:
        problems = self.services.catalog.problems
        box, layout = card()
        layout.addWidget(label(self.tr("Content"), "title"))
        layout.addWidget(
            label(
                self.tr("%n practice(s) loaded.", "", len(self.services.catalog.exercises)),
                "muted",
            )
        )
        if problems:
            layout.addWidget(label(self.tr("These files were skipped:")))
            for problem in problems:
                layout.addWidget(label(str(problem), "small", selectable=True))
        self.body.addWidget(box)
