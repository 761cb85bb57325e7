"""Helpers shared by the tests and the benchmarks (servers, PCs, proxies, bundles, PDFs,
keystrokes, generated data): `from tests.helpers.sync_harness import make_pc`.

The repository root is on sys.path for pytest (`pythonpath` in pyproject.toml) and for any
`uv run python ...` (the project is installed editable), so nothing here edits sys.path."""
