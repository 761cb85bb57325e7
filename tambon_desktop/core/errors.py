"""Errors classified where they arise: a KnownError is something the user can act on
(bad input, a full disk, no network); anything else is a bug in our code."""

from __future__ import annotations


class KnownError(Exception):
    """An error with a message for the person at the keyboard.

    `message_th` is shown to clerks; `message_en` to admins on a command line.
    """

    def __init__(self, message_th: str, message_en: str | None = None, *, detail: str = ""):
        super().__init__(message_en or message_th)
        self.message_th = message_th
        self.message_en = message_en or message_th
        self.detail = detail

    def __str__(self) -> str:
        return self.message_en


class Cancelled(KnownError):
    """The person pressed cancel (a sync round, a bundle export, a print): the one exception
    every layer raises for it, which the UI's task helper ends quietly on."""

    def __init__(self, message_th: str = "ยกเลิกแล้ว", message_en: str | None = "cancelled"):
        super().__init__(message_th, message_en)


class FieldError(KnownError):
    """One field failed validation; `path` is the data path, `label_th` its Thai label."""

    def __init__(self, path: str, label_th: str, problem_th: str, problem_en: str):
        super().__init__(f"{label_th}: {problem_th}", f"{path}: {problem_en}")
        self.path = path
        self.label_th = label_th


class ValidationFailed(KnownError):
    """A record failed validation; holds every field error found."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        th = "ข้อมูลไม่ถูกต้อง: " + "; ".join(e.message_th for e in errors)
        en = "invalid record: " + "; ".join(e.message_en for e in errors)
        super().__init__(th, en)


class NotFound(KnownError):
    pass


class Conflict(KnownError):
    pass
