"""How stsdesk starts, the one way for the window and every sub-command alike.

``start`` makes the private folders, sets up logging, reads the organization policy and the
user's settings, and returns a ``StartupContext``. The practices on offer (the built-in pack
and the policy's packs, as its content rules offer them), the Learn cards and Home's notices
are read the first time something asks for them, so ``stsdesk stats`` never pays for loading
content; the window asks for all of them at once (``for_gui=True``).

``open_log`` opens the practice log, checks it and recovers it if it is damaged, the same way
for the window and the command line; what it found is a ``LogOpening`` that each front words
in its own way (notices with actions on Home, one line on stderr for a command). The window
does not wait for it: ``LogInBackground`` opens it on a worker thread once the window is
painted, and the window takes the log (and its notices) when the future resolves.

The store (and sqlite-utils behind it) is imported only when the log is opened, and the
catalogue is read through a cache in the user's cache folder (``stsdesk.infra.catalog_cache``),
so neither is on the path to the first painted window.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stsdesk.core.catalog import Catalog, PackLoader, load_catalog, load_pack
from stsdesk.core.errors import StoreError
from stsdesk.core.learn import LearnCard, load_learn
from stsdesk.core.policy import Policy
from stsdesk.core.ports import Journal, MemoryPracticeLog
from stsdesk.core.settings import Settings
from stsdesk.infra.catalog_cache import PackCache
from stsdesk.infra.logging_setup import collect_crash_log, setup_logging
from stsdesk.infra.paths import (
    AppPaths,
    PlaceProblem,
    can_write,
    places_notice,
    require_data_dir,
    resolve_paths,
    restrict_umask,
)
from stsdesk.infra.policy_file import load_policy
from stsdesk.infra.resources import asset, builtin_pack
from stsdesk.infra.settings_file import load_user_settings

if TYPE_CHECKING:  # imported when the log is opened: sqlite-utils is slow to import
    from stsdesk.store import recovery
    from stsdesk.store.database import Clock, PracticeStore

log = logging.getLogger(__name__)

CatalogueLoader = Callable[[Policy], tuple[Policy, Catalog]]
"""policy -> (the policy with its content-rule mistakes added, the practices it offers)."""

CRASHED_NOTICE = (
    "stsdesk closed unexpectedly last time. Your saved practices are safe; details for a "
    "technician are in the log file."
)


def offered_catalog(policy: Policy, *, cache: Path | None = None) -> tuple[Policy, Catalog]:
    """The built-in practices and the policy's packs, as its content rules offer them.

    Mistakes in the content rules (an id that names no practice) join the policy's problems.
    With ``cache`` (a folder), packs unchanged since they were last read in full are taken
    from it (``stsdesk.infra.catalog_cache``); packs with problems are always read in full.
    """
    load: PackLoader = load_pack if cache is None else PackCache(cache)
    catalog, problems = policy.restrict(load_catalog([builtin_pack(), *policy.packs], load))
    if problems:
        for problem in problems:
            log.warning("Organization policy: %s", problem)
        policy = replace(policy, problems=(*policy.problems, *problems))
    return policy, catalog


@dataclass(eq=False)
class StartupContext:
    """Everything that does not need Qt, the same for the window and the command line.

    ``policy``, ``catalog``, ``learn_cards`` and ``notices`` are read on first use and kept;
    ``notices`` is a list the window adds its own start-up sentences to.
    """

    paths: AppPaths
    log_file: Path
    settings: Settings  # the user's settings under the organization's policy
    policy_as_read: Policy  # the file as read, before its content rules met the catalogue
    places: tuple[PlaceProblem, ...] = ()  # folders that cannot be used as they should
    ignored_settings: tuple[str, ...] = ()  # entries of the user's settings file not used
    offer: CatalogueLoader | None = field(default=None, repr=False)  # None: the cached one

    @cached_property
    def _offered(self) -> tuple[Policy, Catalog]:
        if self.offer is None:
            cache = None if self.paths.cache is None else self.paths.cache / "catalogue"
            policy, catalog = offered_catalog(self.policy_as_read, cache=cache)
        else:
            policy, catalog = self.offer(self.policy_as_read)
        for problem in catalog.problems:
            log.warning("Content skipped: %s", problem)
        return policy, catalog

    @property
    def policy(self) -> Policy:
        """The organization policy in effect, with every problem found in it."""
        return self._offered[0]

    @property
    def catalog(self) -> Catalog:
        """The practices on offer."""
        return self._offered[1]

    @cached_property
    def learn_cards(self) -> list[LearnCard]:
        """The Learn cards: a list that reads them when it is first looked into (the window
        hands it to the Learn page, which is made when first shown)."""

        def load() -> list[LearnCard]:
            cards, problems = load_learn(asset("learn"))
            for problem in problems:
                log.warning("Learn card skipped: %s", problem)
            return list(cards)

        return ReadOnFirstUse(load)

    @cached_property
    def notices(self) -> list[str]:
        """What Home says about the start: unusable folders, ignored settings, the policy."""
        found = [places_notice(self.paths, list(self.places), self.log_file)] if self.places else []
        found += [f"Some settings were ignored: {problem}" for problem in self.ignored_settings]
        if self.policy.problems:
            found.append(policy_notice(self.policy))
        return found


def start(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    policy_file: str | os.PathLike[str] | None = None,
    debug: bool = False,
    for_gui: bool = False,
) -> StartupContext:
    """Private files, logging, the organization policy and the user's settings, in that order.

    A broken policy or settings file never stops the start: what can be used is, and the
    problems become notices. For the window (``for_gui``) a data folder that cannot be used is
    a notice too (it runs on a log in memory), and content is read now; for a command it raises
    ``DataDirError`` with one sentence, unless the folder is read-only and holds a log.
    """
    restrict_umask()
    paths = resolve_paths(data_dir)
    places = paths.ensure()  # a read-only or full disk is reported, never raised
    if not for_gui:
        require_data_dir(paths, places)
    log_file = setup_logging(paths.logs, debug=debug)
    log.info("stsdesk starting; data in %s", paths.data)
    for place in places:
        log.warning("Folder %s: %s", place.place, place.reason)
    policy = load_policy(policy_file)
    user, ignored = load_user_settings(paths.settings_file)
    context = StartupContext(
        paths, log_file, policy.settings(user), policy, tuple(places), tuple(ignored)
    )
    if for_gui:  # what Home shows, before it is built (the Learn cards when first looked at)
        _ = context.notices
    return context


class ReadOnFirstUse(list[LearnCard]):
    """A list whose items are read (``load()``, once) when it is first iterated, counted,
    indexed or compared; until then it costs nothing."""

    def __init__(self, load: Callable[[], list[LearnCard]]) -> None:
        super().__init__()
        self._load: Callable[[], list[LearnCard]] | None = load
        self._lock = threading.Lock()

    def _read(self) -> None:
        with self._lock:
            load, self._load = self._load, None
            if load is not None:
                super().extend(load())

    def __iter__(self) -> Iterator[LearnCard]:
        self._read()
        return super().__iter__()

    def __reversed__(self) -> Iterator[LearnCard]:
        self._read()
        return super().__reversed__()

    def __len__(self) -> int:
        self._read()
        return super().__len__()

    def __getitem__(self, index: Any) -> Any:  # an int or a slice, as a list's
        self._read()
        return super().__getitem__(index)

    def __contains__(self, item: object) -> bool:
        self._read()
        return super().__contains__(item)

    def __eq__(self, other: object) -> bool:
        self._read()
        return super().__eq__(other)

    def __repr__(self) -> str:
        self._read()
        return super().__repr__()


def policy_notice(policy: Policy) -> str:
    """Home's words for a policy with problems: calm for staff, exact for their administrator."""
    more = len(policy.problems) - 1
    rest = f" (and {more} more, listed under Settings)" if more else ""
    return (
        "Your organization's settings for stsdesk could not all be used, so stsdesk uses its "
        "usual settings where they did not apply. Everything else works as normal. For your "
        f"IT administrator: {policy.problems[0]}{rest}"
    )


@dataclass
class LogOpening:
    """The practice log to use, and what opening it found."""

    journal: Journal
    message: str = ""  # the window's sentence about it ("" when there is nothing to say)
    restored: bool = False
    needs_choice: bool = False  # damaged, no good backup: a new log, or quit
    backups_paused: bool = False
    kept: list[str] = field(default_factory=list)  # what an earlier run left and this one kept
    checkpoint_kept: bool = False
    report: recovery.OpenReport | None = None  # None when no file was opened
    error: StoreError | OSError | None = None  # why the log could not be opened at all
    waiting: bool = False  # a stand-in while the log is still being opened (LogInBackground)

    @property
    def store(self) -> PracticeStore | None:
        """The log on disk, or ``None`` when practices are only kept in memory."""
        from stsdesk.store.database import PracticeStore

        return self.journal if isinstance(self.journal, PracticeStore) else None


def open_log(context: StartupContext, *, clock: Clock | None = None) -> LogOpening:
    """Open (and if need be recover) the log; never raise because of it.

    A damaged log with no usable backup is left untouched: the journal is one in memory and
    ``needs_choice`` is set (the window offers a new log; a command refuses). A log that cannot
    be opened at all gives a journal in memory and the ``error``. ``clock`` is the store's
    (UTC now) unless given.
    """
    from stsdesk.store import recovery
    from stsdesk.store.database import utc_now

    paths = context.paths
    writable = can_write(paths.data)
    if not writable and not paths.database.is_file():
        log.warning("No practice log can be created in %s; using one in memory", paths.data)
        return LogOpening(MemoryPracticeLog())  # the start's notice says why
    try:
        result = recovery.open_log(paths, clock=clock or utc_now)
    except (StoreError, OSError) as error:
        log.error("The practice log could not be opened: %s", error)
        message = (
            f"Your practice log could not be opened: {error} Practices you do now are kept "
            "until stsdesk closes, but not saved to disk."
        )
        return LogOpening(MemoryPracticeLog(), message, error=error)
    report = result.report
    if result.store is None:
        return LogOpening(MemoryPracticeLog(), report.message, needs_choice=True, report=report)
    message = report.message
    if report.status is recovery.OpenStatus.READ_ONLY and not writable:
        message = ""  # the start's notice already names the folder
    return LogOpening(
        result.store,
        message,
        restored=report.status is recovery.OpenStatus.RESTORED,
        backups_paused=report.backups_paused,
        kept=kept_sentences(report),
        checkpoint_kept=report.recovered_checkpoint is not None,
        report=report,
    )


def kept_sentences(report: recovery.OpenReport) -> list[str]:
    """The sentences for what the last run left unfinished or unsaved, now in the log."""
    from stsdesk.store import recovery

    kept = []
    if report.recovered_checkpoint is not None:
        kept.append(recovery.checkpoint_notice(report.recovered_checkpoint))
    if report.imported_pending:
        kept.append(recovery.pending_notice(report.imported_pending))
    return kept


def crash_notice(context: StartupContext, opening: LogOpening) -> str:
    """Collect the last run's fatal error into the log file; Home's sentence for it, or "".

    Nothing is said when the practice it interrupted was kept: that notice says it already.
    """
    crashed = collect_crash_log(context.paths.logs)
    return CRASHED_NOTICE if crashed and not opening.checkpoint_kept else ""


class LogInBackground:
    """The practice log, opened (checked, recovered if need be) on a worker thread.

    The window is shown first: ``start`` is called once it has painted, and ``future``
    resolves with the ``LogOpening`` (``open_log`` never raises for the log's sake; anything
    unexpected is the future's exception). Until then the window uses ``stand_in``, a log in
    memory; ``adopt`` moves whatever was recorded there into the log that opened.
    """

    def __init__(self, context: StartupContext, *, clock: Clock | None = None) -> None:
        self.context = context
        self.future: Future[LogOpening] = Future()
        self.stand_in = MemoryPracticeLog()
        self._clock = clock
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> Future[LogOpening]:
        """Begin opening the log (once; later calls return the same future)."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="open-log", daemon=True)
                self._thread.start()
        return self.future

    def wait(self) -> LogOpening:
        """The opening, starting it if need be and blocking until it is done."""
        return self.start().result()

    def _run(self) -> None:
        if not self.future.set_running_or_notify_cancel():
            return
        try:
            opening = open_log(self.context, clock=self._clock)
        except BaseException as error:  # a bug: the window words it, the thread must not die
            log.exception("Opening the practice log failed")
            self.future.set_exception(error)
        else:
            self.future.set_result(opening)

    def adopt(self, opening: LogOpening) -> int:
        """Add what was recorded in the stand-in meanwhile to the opened log; how many."""
        kept = list(self.stand_in.records())
        if not kept or opening.journal is self.stand_in:
            return 0
        importer = getattr(opening.journal, "import_practices", None)
        if importer is not None:
            return int(importer(kept))
        for record in kept:
            opening.journal.add(record)
        return len(kept)
