"""A screenshot of the app for the README, taken headless: ``python scripts/screenshot.py``."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["CFDESK_NO_DIALOGS"] = "1"


def main(out: str = "docs/app.png") -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    w = MainWindow()
    w.resize(1400, 820)
    w.show()

    def wait(cond, ms=60000):
        loop = QEventLoop()
        t = QTimer()
        t.timeout.connect(lambda: cond() and loop.quit())
        t.start(50)
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    wait(lambda: (w.model is not None or w.model_error is not None) and w.doc is not None)
    w.tabs.setCurrentIndex(2)
    w.mode.setCurrentIndex(1)  # the app remembers the last mode; the first request is a formula
    w.request.setText("the total In Stock")
    w.generate()
    wait(lambda: w.results is not None and w.results.mode == "formula" and not w._anim_timer.isActive())
    w.insert()
    w.request.setText("highlight duplicate Supplier")
    w.mode.setCurrentIndex(2)
    w.generate()
    wait(lambda: w.results is not None and w.results.mode == "cf" and not w._anim_timer.isActive())
    app.processEvents()
    os.makedirs(os.path.dirname(out), exist_ok=True)
    w.grab().save(out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
