"""A bare PySide6 window: the baseline the frozen app's start is measured against. Prints
'painted <seconds>' at its first paint and quits."""

import sys
import time

START = time.perf_counter()

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402


class FirstPaint(QObject):
    def eventFilter(self, obj, event):  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Paint and not getattr(self, "done", False):
            self.done = True
            print(f"painted {time.perf_counter() - START:.4f}", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


app = QApplication(sys.argv)
label = QLabel("รายงานการประชุม")
watcher = FirstPaint()
label.installEventFilter(watcher)
label.resize(800, 600)
label.show()
sys.exit(app.exec())
