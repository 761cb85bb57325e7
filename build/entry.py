"""Entry point of the frozen desktop app. Started as tambon.exe (the Windows bundle's console
program beside tambon-desktop.exe) it runs the `tambon` command line instead."""

import sys
from pathlib import Path

if __name__ == "__main__":
    if Path(sys.executable).stem.lower() == "tambon":
        from tambon_desktop.cli import main
    else:
        from tambon_desktop.ui.app import main
    sys.exit(main())
