"""A bare PySide6 window: the baseline the frozen app's start is measured against. Prints
'painted <seconds>' once its first paint is done and quits.

The moment is the app's (tambon_desktop.ui.app._FirstPaint): a zero timer started by the first
Paint event, so it fires after the window and its text are drawn. (Printing inside the event
filter, as this file once did, stops the clock before the label has loaded a font or drawn.)"""

import sys
import time

START = time.perf_counter()

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402


def report() -> None:
    print(f"painted {time.perf_counter() - START:.4f}", flush=True)
    QApplication.quit()


class FirstPaint(QObject):
    def eventFilter(self, obj, event):  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Paint and not getattr(self, "done", False):
            self.done = True
            QTimer.singleShot(0, report)
        return False


app = QApplication(sys.argv)
label = QLabel("รายงานการประชุม")
watcher = FirstPaint()
label.installEventFilter(watcher)
label.resize(800, 600)
label.show()
sys.exit(app.exec())
