"""The lifecycle table, for the desktop's services, UI and CLI. It lives in
protocol.lifecycle, the one copy the server re-checks ops against; the desktop asks the same
check_edit / check_transition, so a clerk reads the same words here as in a server refusal."""

from tambon_desktop.core.errors import KnownError
from tambon_desktop.protocol.lifecycle import (
    DELETABLE,
    EDITABLE,
    INITIAL_STATUS,
    LIFECYCLES,
    ROLE_LABELS,
    ROLES,
    STATUS_LABELS,
    Action,
    Refusal,
    actions_for,
    check_edit,
    check_transition,
    find_action,
)

__all__ = ["DELETABLE", "EDITABLE", "INITIAL_STATUS", "LIFECYCLES", "ROLE_LABELS", "ROLES",
           "STATUS_LABELS", "Action", "Refusal", "actions_for", "check_edit", "check_transition",
           "find_action", "refuse"]


def refuse(refusal: Refusal | None) -> None:
    """Raise a protocol refusal as the KnownError a clerk reads (Thai) or an admin (English)."""
    if refusal is not None:
        raise KnownError(refusal.message_th, refusal.message_en)
