"""The one error of the open-data layer: a status and a reason the API answers as JSON."""
from __future__ import annotations


class ApiError(Exception):
    """A request the read API cannot answer: HTTP status (4xx) and a reason in plain words."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason
