"""Entry point of the frozen desktop app."""

import sys

from tambon_desktop.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
