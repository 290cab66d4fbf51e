"""Support and Learn: who to reach, what STS is, and where the practices come from."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from stsdesk.core.learn import LearnCard
from stsdesk.core.policy import Policy
from stsdesk.infra.contacts_file import contacts_file
from stsdesk.ui.context import Services
from stsdesk.ui.i18n import fmt
from stsdesk.ui.own_contacts import OwnContacts
from stsdesk.ui.widgets import GRID, Page, WrapButton, card, label, plain

log = logging.getLogger(__name__)

MAX_LOGO_PIXELS = 4096


def logo_pixmap(path: Path, height: int) -> QPixmap | None:
    """The organization's logo scaled to ``height``, or None if it cannot be drawn.

    Decoded at the target size, and refused if it claims absurd dimensions, so a huge image
    costs nothing.
    """
    reader = QImageReader(str(path))
    size = reader.size()
    if size.isValid():
        if max(size.width(), size.height()) > MAX_LOGO_PIXELS or size.height() <= 0:
            log.warning("Organization logo %s is too large to show", path)
            return None
        width = max(1, round(size.width() * height / size.height()))
        reader.setScaledSize(QSize(width, height))
    image = reader.read()
    if image.isNull():
        log.warning("Organization logo %s cannot be shown: %s", path, reader.errorString())
        return None
    if image.height() != height:
        image = image.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)
    return QPixmap.fromImage(image)


def organization_badge(policy: Policy, text: str, height: int) -> QWidget | None:
    """A discreet row: the logo (if any) and ``text`` naming the organization."""
    if not policy.name:
        return None
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(GRID)
    pixmap = logo_pixmap(policy.logo, height) if policy.logo is not None else None
    if pixmap is not None:
        logo = QLabel()
        logo.setPixmap(pixmap)
        logo.setAccessibleName(plain(policy.name))
        layout.addWidget(logo)
    layout.addWidget(label(fmt(text, policy.name), "small"), 1)
    return row


class SupportPage(Page):
    """Contacts first; the page is always one click away (sidebar, Home, tray)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Support"), parent)
        self.services = services
        urgent, urgent_layout = card(reading=True)
        urgent.setProperty("role", "banner")
        urgent_layout.addWidget(label(self.tr("If you are in danger right now"), "title"))
        urgent_layout.addWidget(
            label(
                self.tr(
                    "If you have thoughts of harming yourself, or you feel unsafe, call your "
                    "local emergency number or a crisis line now, day or night."
                )
            )
        )
        self.crisis_lines = label(
            self.tr(
                "US and Canada: call or text 988.\n"
                "UK and Ireland: Samaritans, 116 123.\n"
                "Australia: Lifeline, 13 11 14.\n"
                "Elsewhere: your local emergency number, or a helpline directory such as "
                "findahelpline.com."
            ),
            selectable=True,
        )
        self.crisis_lines.setAccessibleName(self.tr("Crisis lines"))
        urgent_layout.addWidget(self.crisis_lines)
        self.body.addWidget(urgent)
        people, people_layout = card(reading=True)
        people_layout.addWidget(label(self.tr("People who can help"), "title"))
        people_layout.addWidget(
            label(
                self.tr(
                    "Your supervisor, peer support, your Employee Assistance Program (EAP) if "
                    "you have one, a therapist of your own, or your doctor. Reaching out early "
                    "is good judgment, not weakness."
                )
            )
        )
        self.contacts_note = label(
            self.tr("Your organization has not added its own contacts to stsdesk."), "small"
        )
        self.contacts_note.setVisible(False)  # said only where a policy exists
        people_layout.addWidget(self.contacts_note)
        self.urgent_layout = urgent_layout
        self.people_layout = people_layout
        self.contacts: dict[str, QLabel] = {}
        self.body.addWidget(people)
        self.own_contacts = OwnContacts(contacts_file(services.paths))
        self.body.addWidget(self.own_contacts)
        self.body.addWidget(
            label(
                self.tr(
                    "stsdesk is a set of self-care practices. It is not a treatment, and nothing "
                    "in it is a diagnosis."
                ),
                "muted",
            )
        )
        self.finish()

    def show_organization(self, policy: Policy) -> None:
        """Put the organization's contacts here; its crisis line goes in the urgent card."""
        contacts = policy.contacts
        if contacts.crisis_line:
            line = fmt(self.tr("Your organization's crisis line: %1"), contacts.crisis_line)
            self.urgent_layout.addWidget(label(line, "title", selectable=True))
        others = [(t, v) for t, v in contacts.entries() if v != contacts.crisis_line]
        self.contacts_note.setVisible(bool(policy.file) and not (others or contacts.note))
        if not (others or contacts.note or policy.name):
            return
        badge = organization_badge(policy, self.tr("From %1"), 6 * GRID)
        if badge is not None:
            self.people_layout.addWidget(badge)
        form = QFormLayout()
        form.setHorizontalSpacing(3 * GRID)
        for text, value in others:
            shown = label(value, selectable=True)
            name = QCoreApplication.translate("Contacts", text)
            shown.setAccessibleName(fmt(self.tr("%1: %2"), name, plain(value)))
            form.addRow(label(name), shown)
            self.contacts[text] = shown
        self.people_layout.addLayout(form)
        if contacts.note:
            self.people_layout.addWidget(label(contacts.note, selectable=True))


class LearnPage(Page):
    """Short, original psychoeducation cards, then the credits for the practices."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Learn"), parent)
        self.services = services
        self.body.addWidget(
            label(
                self.tr("A few minutes of reading about the stress that comes with caring work."),
                "muted",
            )
        )
        self.cards: dict[str, tuple[QPushButton, QWidget]] = {}
        for learn_card in services.learn_cards:
            self._add_card(learn_card)
        self.body.addWidget(label(self.tr("Credits"), "title"))
        credits, credits_layout = card(reading=True)
        seen: set[str] = set()
        for pack in services.catalog.packs:
            for credit in pack.credits.values():
                if credit.text in seen:
                    continue
                seen.add(credit.text)
                line = credit.text + (f"\n{credit.url}" if credit.url else "")
                credits_layout.addWidget(label(line, selectable=True))
        not_affiliated = self.tr(
            "stsdesk's practices are our own writing, modeled on skills described by the "
            "programs credited here. stsdesk is not affiliated with, certified by or endorsed "
            "by any of them."
        )
        credits_layout.addWidget(label(not_affiliated, "muted"))
        self.voice_credit = label(
            self.tr(
                "Voice: the narration is synthetic speech, not a recorded person. It was made "
                "offline with the hibari-tts engine (its bundled heart voice), under the Apache "
                "License 2.0."
            ),
            "small",
        )
        credits_layout.addWidget(self.voice_credit)
        credits_layout.addWidget(
            label(
                self.tr(
                    "Type: Atkinson Hyperlegible by the Braille Institute, under the SIL Open "
                    "Font License."
                ),
                "small",
            )
        )
        self.body.addWidget(credits)
        self.finish()

    def _add_card(self, learn_card: LearnCard) -> None:
        box, layout = card(reading=True)
        title = plain(learn_card.title)
        toggle = WrapButton("▸  " + title)  # a long title wraps at large text
        toggle.setProperty("role", "link")
        toggle.setCheckable(True)
        toggle.setAccessibleName(title)
        layout.addWidget(toggle)
        text = QWidget()
        paragraphs = QVBoxLayout(text)
        paragraphs.setContentsMargins(0, 0, 0, 0)
        for paragraph in learn_card.paragraphs:
            paragraphs.addWidget(label(paragraph, selectable=True))
        text.setVisible(False)
        toggle.toggled.connect(text.setVisible)
        toggle.toggled.connect(lambda shown: toggle.setText(("▾  " if shown else "▸  ") + title))
        layout.addWidget(text)
        self.body.addWidget(box)
        self.cards[learn_card.id] = (toggle, text)
