"""The gate of the upload page's write paths (check, commit, retract): a valid working-group credential first, then
the rate limits per group and per address (counted with the HTTP API's, indicators.uploads.throttle); a refusal is an
alert saying why, and nothing of the file is read before the gate is passed."""
from __future__ import annotations

import dash_bootstrap_components as dbc
import flask

from indicators.i18n import _
from indicators.store.config import data_dir
from indicators.uploads import auth, throttle


def client_address() -> str | None:
    """The address of the browser making this callback request (a trusted proxy's forwarded one, see web)."""
    try:
        return flask.request.remote_addr
    except RuntimeError:                              # outside a request (a callback called directly)
        return None


def gate(token: str | None, what: str, alert_id: str) -> tuple[str | None, dbc.Alert | None]:
    """(group, None) when the credential is valid and within the limits, else (None, an alert saying why); `what`
    ('Not checked', ...) in the language in force."""
    try:
        group = auth.authenticate(token, str(data_dir()))
    except auth.AuthError as exc:
        reason = (_("sign in with your working group's token first: files are checked only for working groups")
                  if exc.status == 401 and not (token or "").strip() else exc.message)
        return None, dbc.Alert(f"{what}: {reason}.", color="danger", id=alert_id)
    refused = throttle.admit(group, client_address())
    if refused:
        return None, dbc.Alert(f"{what}: {refused}.", color="warning", id="upload-throttled")
    return group, None
