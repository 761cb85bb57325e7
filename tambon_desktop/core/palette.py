"""The overview's chart colours, shared by the page (ui/charts.py) and the printed report
(pdf/charts.py) so the picture on screen and on paper read the same: blue and orange (told
apart without colour vision too), late and silent districts on the overview table's tints."""

DISBURSED = "#1f5fa8"
PHYSICAL = "#e07b00"
LATE = "#fff4ce"
SILENT = "#fde2e1"
GRID = "#c8c8c8"
