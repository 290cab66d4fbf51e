"""The person's own contacts on the Support page: add, edit and remove, kept privately.

For someone without an organization (or beside its contacts): their therapist, a colleague.
Kept in an owner-only file in the data folder (``infra.contacts_file``), never sent anywhere.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QWidget

from stsdesk.core.personal_contacts import (
    MAX_NAME,
    MAX_REACH,
    PersonalContact,
    checked_contact,
    with_contact,
    without_contact,
)
from stsdesk.infra.contacts_file import load_contacts, save_contacts
from stsdesk.ui.i18n import fmt
from stsdesk.ui.widgets import GRID, card, label, plain

log = logging.getLogger(__name__)


class OwnContacts(QWidget):
    """A card listing the person's contacts, with a small form to add or change one."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.contacts, problems = load_contacts(path)
        self.editing: int | None = None
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        box, layout = card(reading=True)
        outer.addWidget(box)
        outer.addStretch(0)
        self.box = box
        layout.addWidget(label(self.tr("Your own contacts"), "title"))
        layout.addWidget(
            label(
                self.tr(
                    "Add people you can reach: your therapist, a colleague, a friend. They are "
                    "kept only on this computer, like your practice log, and never sent anywhere."
                ),
                "muted",
            )
        )
        self.list_host = QWidget()
        self.rows = QGridLayout(self.list_host)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setHorizontalSpacing(2 * GRID)
        layout.addWidget(self.list_host)
        form = QHBoxLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("Name"))
        self.name.setAccessibleName(self.tr("Contact's name"))
        self.name.setMaxLength(MAX_NAME)
        self.reach = QLineEdit()
        self.reach.setPlaceholderText(self.tr("How to reach them (phone, email, a note)"))
        self.reach.setAccessibleName(self.tr("How to reach them"))
        self.reach.setMaxLength(MAX_REACH)
        self.save = QPushButton(self.tr("Add contact"))
        self.save.setAccessibleName(self.tr("Add contact"))
        self.save.setAutoDefault(True)
        self.save.clicked.connect(self._save)
        self.reach.returnPressed.connect(self._save)
        self.name.returnPressed.connect(self.reach.setFocus)
        self.cancel = QPushButton(self.tr("Cancel"))
        self.cancel.setAccessibleName(self.tr("Cancel the change"))
        self.cancel.clicked.connect(self._stop_editing)
        self.cancel.setVisible(False)
        form.addWidget(self.name, 1)
        form.addWidget(self.reach, 2)
        form.addWidget(self.save)
        form.addWidget(self.cancel)
        layout.addLayout(form)
        self.message = label("", "small")
        self.message.setVisible(False)
        layout.addWidget(self.message)
        if problems:
            self._say(
                self.tr(
                    "Some of your saved contacts could not be read, so they are not shown. "
                    "The file is left as it was until you save a change."
                )
            )
        self._show_rows()

    # --- showing -------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _show_rows(self) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.row_labels: list[tuple[QWidget, QPushButton, QPushButton]] = []
        for index, contact in enumerate(self.contacts):
            name = label(contact.name, wrap=False, selectable=True)
            reach = label(contact.reach, selectable=True)
            reach.setAccessibleName(fmt(self.tr("%1: %2"), plain(contact.name), contact.reach))
            edit = QPushButton(self.tr("Edit"))
            edit.setProperty("role", "link")
            edit.setAccessibleName(fmt(self.tr("Edit %1"), plain(contact.name)))
            edit.clicked.connect(lambda _c=False, i=index: self._edit(i))
            remove = QPushButton(self.tr("Remove"))
            remove.setProperty("role", "link")
            remove.setAccessibleName(fmt(self.tr("Remove %1"), plain(contact.name)))
            remove.clicked.connect(lambda _c=False, i=index: self._remove(i))
            for column, widget in enumerate((name, reach, edit, remove)):
                self.rows.addWidget(widget, index, column)
            self.row_labels.append((reach, edit, remove))
        self.rows.setColumnStretch(1, 1)
        self.list_host.setVisible(bool(self.contacts))

    # --- changing ------------------------------------------------------------------------

    def _edit(self, index: int) -> None:
        contact = self.contacts[index]
        self.editing = index
        self.name.setText(contact.name)
        self.reach.setText(contact.reach)
        self.save.setText(self.tr("Save changes"))
        self.save.setAccessibleName(self.tr("Save changes"))
        self.cancel.setVisible(True)
        self._say("")
        self.name.setFocus()

    def _stop_editing(self) -> None:
        self.editing = None
        self.name.clear()
        self.reach.clear()
        self.save.setText(self.tr("Add contact"))
        self.save.setAccessibleName(self.tr("Add contact"))
        self.cancel.setVisible(False)

    def _save(self) -> None:
        try:
            contact = checked_contact(self.name.text(), self.reach.text())
            contacts = with_contact(self.contacts, contact, self.editing)
        except ValueError as error:
            self._say(str(error))  # core sentences, translated with the schema's later
            return
        if self._write(contacts, self.tr("The contact could not be saved")):
            self._stop_editing()
            self._say(fmt(self.tr("Saved %1."), plain(contact.name)))
            self.name.setFocus()

    def _remove(self, index: int) -> None:
        try:
            contacts = without_contact(self.contacts, index)
        except ValueError as error:
            self._say(str(error))  # core sentences, translated with the schema's later
            return
        name = self.contacts[index].name
        if self._write(contacts, self.tr("The contact could not be removed")):
            if self.editing is not None:
                self._stop_editing()
            self._say(fmt(self.tr("Removed %1."), plain(name)))

    def _write(self, contacts: tuple[PersonalContact, ...], what: str) -> bool:
        try:
            save_contacts(self.path, contacts)
        except OSError as error:
            log.warning("Personal contacts not saved: %s", error)
            reason = f" ({error.strerror})" if error.strerror else ""
            again = self.tr("%1%2. Your contacts are as they were; you can try again.")
            self._say(fmt(again, what, reason))
            return False
        self.contacts = contacts
        self._show_rows()
        return True
