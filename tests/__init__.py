"""The test suite (see tests/README.md for where the tests of each module live)."""
