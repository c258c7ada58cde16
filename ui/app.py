"""Starting the desktop app: ``cfdesk`` (the sample workbook) or ``cfdesk open FILE``."""

from __future__ import annotations

import sys


def run(path: str | None = None, model_path: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("cfdesk")
    app.setOrganizationName("cfdesk")
    win = MainWindow(path, model_path=model_path)
    win.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1] if len(sys.argv) > 1 else None))
