"""Tambon Desktop: meeting minutes and project records for Thai district offices."""
__version__ = "0.1.0"
