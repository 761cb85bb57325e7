"""The lifecycle table, for the desktop's services, UI and CLI. It lives in
protocol.lifecycle, the one copy the server re-checks ops against."""

from tambon_desktop.protocol.lifecycle import (
    DELETABLE,
    EDITABLE,
    INITIAL_STATUS,
    LIFECYCLES,
    ROLE_LABELS,
    ROLES,
    STATUS_LABELS,
    Action,
    actions_for,
    find_action,
)

__all__ = ["DELETABLE", "EDITABLE", "INITIAL_STATUS", "LIFECYCLES", "ROLE_LABELS", "ROLES",
           "STATUS_LABELS", "Action", "actions_for", "find_action"]
