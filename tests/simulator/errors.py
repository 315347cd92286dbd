# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One exception type for every API error, so handlers can stop anywhere with the right status."""

from __future__ import annotations


class ApiError(Exception):
    """An error answer: HTTP status, message, optional list of error items (422 details)."""

    def __init__(self, status, message, errors=None, headers=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors or []
        self.headers = headers or {}

    def body(self):
        """The JSON body; the body status always equals the HTTP status (401 has no body)."""
        if self.status == 401:
            return None
        data = {"status": self.status, "error_message": self.message}
        if self.errors:
            data["errors"] = self.errors
        return data

    def batch_item(self, identifier):
        """The 207 error item form: {status, identifier, error_message[, errors]}."""
        item = {"status": self.status, "identifier": identifier, "error_message": self.message}
        if self.errors:
            item["errors"] = self.errors
        return item


def invalid(errors, message=None):
    """422 naming every offending field or item."""
    if not message:
        message = "Unprocessable Entity: " + "; ".join(e["error_message"] for e in errors)
    return ApiError(422, message, errors)


def not_found(what="Not Found"):
    """404 with a message."""
    return ApiError(404, what)


def forbidden(message):
    """403 with a message."""
    return ApiError(403, "Forbidden: " + message)
