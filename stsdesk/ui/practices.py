"""Practices: every exercise as a card, grouped by skill family, with quiet filters."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from stsdesk.core.exercise import FAMILIES, TAGS, Exercise
from stsdesk.ui.context import Services
from stsdesk.ui.i18n import fmt
from stsdesk.ui.widgets import GRID, FlowLayout, Page, label, plain

LENGTH_FILTERS = (0, 1, 2, 3, 5, 10, 15, 20)


class Picker(QComboBox):
    """A combo box inside a scrolled page: the wheel scrolls the page, and changes the choice
    only once the box has the focus (clicked or tabbed to), never in passing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel alone never focuses it

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # on to the scroll area


def lengths_text(exercise: Exercise) -> str:
    """``1 · 3 · 5 min``: the lengths an exercise offers."""
    lengths = " · ".join(str(m) for m in exercise.lengths)
    return fmt(QCoreApplication.translate("ExerciseCard", "%1 min"), lengths)


def _words(text: str) -> str:
    """A family or tag name (the core's word tables, listed in ui/strings.py), translated."""
    return QCoreApplication.translate("Practices", text)


class ExerciseCard(QFrame):
    """One exercise: title, summary, lengths, tags and where it comes from.

    Signals:
        read_requested: the exercise id whose script the user wants to read.
        start_requested: exercise id, minutes and variant id ("" for the default).
    """

    read_requested = Signal(str)
    start_requested = Signal(str, int, str)

    def __init__(self, exercise: Exercise, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.exercise = exercise
        title = plain(exercise.title)
        self.setProperty("role", "card")
        self._fit()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3 * GRID, 2 * GRID, 3 * GRID, 2 * GRID)
        layout.setSpacing(GRID)
        layout.addWidget(label(exercise.title, "title"))
        layout.addWidget(label(exercise.summary))
        tags = [_words(TAGS[tag]) for tag in sorted(exercise.tags)]
        layout.addWidget(label(" · ".join([lengths_text(exercise), *tags]), "muted"))
        layout.addWidget(label(exercise.credit.text, "small"))
        layout.addStretch(1)
        if exercise.variants:
            self.variant = Picker()
            self.variant.setAccessibleName(self.tr("Breathing pattern"))
            for variant in exercise.variants:
                self.variant.addItem(plain(variant.label), variant.id)
            layout.addWidget(self.variant)
        row = QHBoxLayout()
        row.setSpacing(GRID)
        self.length = Picker()
        self.length.setAccessibleName(fmt(self.tr("Length of %1"), title))
        for minutes in exercise.lengths:
            self.length.addItem(self.tr("%n min", "", minutes), minutes)
        self.start = QPushButton(self.tr("Start"))
        self.start.setProperty("role", "primary")
        self.start.setAccessibleName(fmt(self.tr("Start %1"), title))
        self.start.clicked.connect(self._on_start)
        read = QPushButton(self.tr("Script"))
        read.setToolTip(self.tr("Read the whole script"))
        read.setAccessibleName(fmt(self.tr("Read the script of %1"), title))
        read.clicked.connect(lambda: self.read_requested.emit(exercise.id))
        row.addWidget(self.length)
        row.addWidget(self.start)
        row.addWidget(read)
        row.addStretch(1)
        layout.addLayout(row)
        self.setAccessibleName(title)
        self.setAccessibleDescription(f"{plain(exercise.summary)} {lengths_text(exercise)}")

    def _fit(self) -> None:
        # About 38 characters a line, so larger text makes wider cards, not taller slivers.
        self.setFixedWidth(max(40 * GRID, self.fontMetrics().averageCharWidth() * 38))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:  # the text size changed in Settings
            self._fit()
        super().changeEvent(event)

    def select_length(self, minutes: int) -> None:
        """Preselect the length to play for ``minutes`` (``Exercise.length_for``: the longest
        offered that fits, else the shortest)."""
        index = self.length.findData(self.exercise.length_for(minutes))
        self.length.setCurrentIndex(max(index, 0))

    def _on_start(self) -> None:
        variant = self.variant.currentData() if self.exercise.variants else ""
        self.start_requested.emit(self.exercise.id, self.length.currentData(), variant)


class ScriptDialog(QDialog):
    """The whole script of an exercise as text: to read, or to practise with no sound at all."""

    def __init__(self, exercise: Exercise, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(plain(exercise.title))
        self.setAccessibleName(plain(exercise.title))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3 * GRID, 3 * GRID, 3 * GRID, 2 * GRID)
        layout.addWidget(label(exercise.title, "title"))
        layout.addWidget(label(exercise.credit.text, "small"))
        if exercise.caution:
            layout.addWidget(label(exercise.caution, "muted"))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        inner = QWidget()
        lines = QVBoxLayout(inner)
        lines.setSpacing(GRID)
        for step in exercise.steps:
            text = step.say or step.show
            if text:
                lines.addWidget(label(text, selectable=True))
            if step.breathe is not None:
                lines.addWidget(label(self.tr("(Paced breathing with the circle.)"), "muted"))
        lines.addStretch(1)
        scroll.setWidget(inner)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(64 * GRID, 70 * GRID)


class PracticesPage(Page):
    """All exercises, grouped by family, filterable by length, discretion and sound.

    Signals:
        start_requested: exercise id, minutes and variant id ("" for the default).
    """

    start_requested = Signal(str, int, str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Practices"), parent)
        self.services = services
        filters_host = QWidget()
        filters = FlowLayout(filters_host, spacing=2 * GRID)
        self.length = Picker()
        self.length.setAccessibleName(self.tr("Length"))
        for minutes in LENGTH_FILTERS:
            text = self.tr("Any length") if minutes == 0 else self.tr("%n min", "", minutes)
            self.length.addItem(text, minutes)
        # What the practices are, not how they will sound: the voice switch (check-in,
        # player, Settings) decides that, and is remembered.
        self.discreet = QCheckBox(self.tr("Discreet (eyes open, at your desk)"))
        self.no_audio = QCheckBox(self.tr("No audio needed"))
        filters.addWidget(label(self.tr("Length:"), wrap=False))
        filters.addWidget(self.length)
        filters.addWidget(self.discreet)
        filters.addWidget(self.no_audio)
        self.body.addWidget(filters_host)
        self.count = label("", "muted")
        self.body.addWidget(self.count)

        self.cards: dict[str, ExerciseCard] = {}
        self._sections: list[tuple[QWidget, list[ExerciseCard]]] = []
        for family, exercises in services.catalog.by_family().items():
            section = QWidget()
            column = QVBoxLayout(section)
            column.setContentsMargins(0, GRID, 0, 0)
            column.addWidget(label(_words(FAMILIES[family]), "title"))
            flow_host = QWidget()
            flow = FlowLayout(flow_host)
            members = []
            for exercise in exercises:
                item = ExerciseCard(exercise)
                item.read_requested.connect(self.read_script)
                item.start_requested.connect(self.start_requested)
                item.select_length(int(services.settings["practice.default_minutes"]))
                flow.addWidget(item)
                self.cards[exercise.id] = item
                members.append(item)
            column.addWidget(flow_host)
            self.body.addWidget(section)
            self._sections.append((section, members))
        if services.catalog.problems:
            skipped = label(
                self.tr(
                    "%n content file(s) could not be loaded; see Settings → Content.",
                    "",
                    len(services.catalog.problems),
                ),
                "small",
            )
            self.body.addWidget(skipped)
        self.finish()
        self.length.currentIndexChanged.connect(self._on_length_filter)
        self.discreet.toggled.connect(self.apply_filters)
        self.no_audio.toggled.connect(self.apply_filters)
        self.apply_filters()

    def set_length(self, minutes: int) -> None:
        """Show the practices that fit ``minutes`` and preselect on each card the length to
        play."""
        index = self.length.findData(minutes)
        with QSignalBlocker(self.length):
            self.length.setCurrentIndex(max(index, 0))
        self._select_lengths(minutes)
        self.apply_filters()

    def _on_length_filter(self, _index: int) -> None:
        """The Length filter sets every card's picker too: Start then plays that length."""
        self._select_lengths(self.length.currentData())
        self.apply_filters()

    def _select_lengths(self, minutes: int) -> None:
        """Each card's picker on the length for ``minutes`` (0, any: the usual length)."""
        wanted = minutes or int(self.services.settings["practice.default_minutes"])
        for item in self.cards.values():
            item.select_length(wanted)

    def matches(self, exercise: Exercise) -> bool:
        minutes = self.length.currentData()
        if minutes and not exercise.fits(minutes):  # the one rule: a length of at most it
            return False
        if self.discreet.isChecked() and not exercise.discreet:
            return False
        return not (self.no_audio.isChecked() and exercise.needs_audio)

    def apply_filters(self) -> None:
        shown = 0
        for section, members in self._sections:
            visible = 0
            for item in members:
                ok = self.matches(item.exercise)
                item.setVisible(ok)
                visible += ok
            section.setVisible(visible > 0)
            section.layout().itemAt(1).widget().layout().invalidate()
            shown += visible
        self.count.setText(self.tr("%n practice(s)", "", shown))

    def read_script(self, exercise_id: str) -> None:
        ScriptDialog(self.services.catalog.get(exercise_id), self).open()
