"""Background work for the app: model loading and generation, off the event loop."""

from __future__ import annotations

import traceback

from PySide6.QtCore import QObject, QRunnable, Signal


class Signals(QObject):
    done = Signal(object)
    failed = Signal(str)


class Task(QRunnable):
    """Runs fn() in Qt's thread pool; reports the result or a one-line error."""

    def __init__(self, fn):
        super().__init__()
        self.fn = fn
        self.signals = Signals()
        self.cancelled = False
        self.setAutoDelete(False)

    def run(self) -> None:
        from cfdesk.errors import CfdeskError

        try:
            result = self.fn()
        except CfdeskError as e:
            if not self.cancelled:
                self.signals.failed.emit(str(e))
            return
        except Exception as e:  # noqa: BLE001 (shown to the user as a dialog, never a crash)
            if not self.cancelled:
                self.signals.failed.emit(f"{type(e).__name__}: {e}\n\n{traceback.format_exc(limit=3)}")
            return
        if not self.cancelled:
            self.signals.done.emit(result)
