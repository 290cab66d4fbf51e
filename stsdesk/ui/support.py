"""Support and Learn: who to reach, what STS is, and where the practices come from."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from stsdesk.core.learn import LearnCard
from stsdesk.ui.context import Services
from stsdesk.ui.widgets import GRID, Page, card, label

READING_WIDTH = 90 * GRID

NOT_AFFILIATED = (
    "stsdesk's practices are our own writing, modeled on skills described by the programs "
    "credited here. stsdesk is not affiliated with, certified by or endorsed by any of them."
)


class SupportPage(Page):
    """Contacts first; the page is always one click away (sidebar, Home, tray)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Support"), parent)
        self.services = services
        urgent, urgent_layout = card()
        urgent.setProperty("role", "banner")
        urgent.setMaximumWidth(READING_WIDTH)
        urgent_layout.addWidget(label(self.tr("If you are in danger right now"), "title"))
        urgent_layout.addWidget(
            label(
                self.tr(
                    "If you have thoughts of harming yourself, or you feel unsafe, call your "
                    "local emergency number or a crisis line now. In the US, call or text 988, "
                    "day or night."
                )
            )
        )
        self.body.addWidget(urgent)
        people, people_layout = card()
        people.setMaximumWidth(READING_WIDTH)
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
        people_layout.addWidget(self.contacts_note)
        self.body.addWidget(people)
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
        credits, credits_layout = card()
        credits.setMaximumWidth(READING_WIDTH)
        seen: set[str] = set()
        for pack in services.catalog.packs:
            for credit in pack.credits.values():
                if credit.text in seen:
                    continue
                seen.add(credit.text)
                line = credit.text + (f"\n{credit.url}" if credit.url else "")
                credits_layout.addWidget(label(line, selectable=True))
        credits_layout.addWidget(label(self.tr(NOT_AFFILIATED), "muted"))
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
        box, layout = card()
        box.setMaximumWidth(READING_WIDTH)
        toggle = QPushButton("▸  " + learn_card.title)
        toggle.setProperty("role", "link")
        toggle.setCheckable(True)
        toggle.setAccessibleName(learn_card.title)
        layout.addWidget(toggle)
        text = QWidget()
        paragraphs = QVBoxLayout(text)
        paragraphs.setContentsMargins(0, 0, 0, 0)
        for paragraph in learn_card.paragraphs:
            paragraphs.addWidget(label(paragraph, selectable=True))
        text.setVisible(False)
        toggle.toggled.connect(text.setVisible)
        toggle.toggled.connect(
            lambda shown: toggle.setText(("▾  " if shown else "▸  ") + learn_card.title)
        )
        layout.addWidget(text)
        self.body.addWidget(box)
        self.cards[learn_card.id] = (toggle, text)
