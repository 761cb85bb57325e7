"""The form editor: widgets generated from forms/*.yaml definitions."""
