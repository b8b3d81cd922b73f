"""A tracker store that fails loudly: no conversation goes on from a forgotten state.

Rasa wraps every tracker store in ``FailSafeTrackerStore``: a failed save is written to an
in-memory store instead, a failed read gives a *new, empty* tracker. While the database could
not be written, turns were kept only in the memory of one process and then forgotten, and the
assistant asked for the municipality again.

`OutageSafeStore` (a mixin for the project's SQL tracker store) does this instead:

* **save**: a few quick tries (``SAVE_RETRIES``); when the store still cannot be written, the
  tracker is *kept* (in this process's memory, as Rasa keeps a live tracker anyway) and a
  background task writes it as soon as the store takes writes again: the turn is not lost,
  and the reply already given stays true;
* **read**: while a kept turn of the conversation is not written yet (or the store cannot be
  read), the read fails with `TrackerStoreUnavailable` after a few quick tries; Rasa's
  processor stops and the channel layer answers with its own words: 112 and the national
  numbers ("probeer het zo nog eens"). The conversation never goes on from an older state.

`install()` lets these errors pass ``FailSafeTrackerStore`` (for this store only).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, Optional, Text

logger = logging.getLogger(__name__)

SAVE_RETRIES = (0.1, 0.3)  # seconds between the tries of a save: ≈ 0.4 s plus the tries
READ_RETRIES = (0.1,)
FLUSH_EVERY = 0.5  # how often kept trackers are tried again
_installed = False


class TrackerStoreUnavailable(RuntimeError):
    """The tracker store cannot be read, or a turn of this conversation is not written yet."""


class OutageSafeStore:
    """Mixin: ``save``/``retrieve`` with short retries and kept turns (see the module text).
    The store class provides ``_write(tracker)``, its real save."""

    _kept: Dict[Text, Any]
    _flusher: Optional[asyncio.Task] = None

    def _kept_trackers(self) -> Dict[Text, Any]:
        if not hasattr(self, "_kept"):
            self._kept = {}
        return self._kept

    async def save(self, tracker: Any) -> None:
        kept = self._kept_trackers()
        try:
            await self._retrying(lambda: self._write(tracker), SAVE_RETRIES)
        except Exception as exc:  # noqa: BLE001 - any database error: keep the turn
            kept[tracker.sender_id] = tracker.copy() if hasattr(tracker, "copy") else tracker
            logger.error("tracker store not writable (%s); the turn is kept until it is (%d waiting)",
                         type(exc).__name__, len(kept))
            self._start_flusher()
            return
        kept.pop(tracker.sender_id, None)

    async def retrieve(self, sender_id: Text) -> Any:
        await self._flush_one(sender_id)
        return await self._retrying(lambda: super(OutageSafeStore, self).retrieve(sender_id), READ_RETRIES,
                                    loud=True)

    async def retrieve_full_tracker(self, sender_id: Text) -> Any:
        await self._flush_one(sender_id)
        return await self._retrying(lambda: super(OutageSafeStore, self).retrieve_full_tracker(sender_id),
                                    READ_RETRIES, loud=True)

    async def _flush_one(self, sender_id: Text) -> None:
        """Write this conversation's kept turn first; fail loudly when that is not possible yet."""
        tracker = self._kept_trackers().get(sender_id)
        if tracker is None:
            return
        try:
            await self._write(tracker)
        except Exception as exc:  # noqa: BLE001
            raise TrackerStoreUnavailable("a kept turn is not written yet") from exc
        self._kept_trackers().pop(sender_id, None)

    @staticmethod
    async def _retrying(operation, delays, loud: bool = False) -> Any:
        for delay in (*delays, None):
            try:
                return await operation()
            except Exception as exc:  # noqa: BLE001
                if delay is None:
                    if loud:
                        raise TrackerStoreUnavailable(type(exc).__name__) from exc
                    raise
                await asyncio.sleep(delay)
        return None  # pragma: no cover - the loop returns or raises

    def _start_flusher(self) -> None:
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.get_running_loop().create_task(self._flush_kept())

    async def _flush_kept(self) -> None:
        kept = self._kept_trackers()
        while kept:
            await asyncio.sleep(FLUSH_EVERY)
            for sender_id, tracker in list(kept.items()):
                try:
                    await self._write(tracker)
                except Exception:  # noqa: BLE001 - still down: try again later
                    break
                if kept.get(sender_id) is tracker:
                    del kept[sender_id]
                logger.warning("a kept turn was written to the tracker store (%d waiting)", len(kept))


def install() -> None:
    """Let `TrackerStoreUnavailable` pass Rasa's FailSafeTrackerStore (idempotent)."""
    global _installed
    if _installed:
        return
    from rasa.core.tracker_store import FailSafeTrackerStore

    for name in ("save", "retrieve", "retrieve_full_tracker"):
        original = getattr(FailSafeTrackerStore, name)

        def passthrough(original):
            async def method(self, *args: Any) -> Any:
                if isinstance(self._tracker_store, OutageSafeStore):
                    return await getattr(self._tracker_store, original.__name__)(*args)
                return await original(self, *args)

            method.__wrapped__ = original  # type: ignore[attr-defined]
            return method

        setattr(FailSafeTrackerStore, name, passthrough(original))
    _installed = True
