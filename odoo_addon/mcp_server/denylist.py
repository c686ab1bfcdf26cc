# Copyright 2025 OdooSidecar contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The models AI agents may never reach, read from data/denied_models.txt.

The sidecar reads the same file, so the addon and the sidecar cannot drift.
"""

import functools

from odoo.tools import file_open

DENYLIST_PATH = "mcp_server/data/denied_models.txt"


@functools.lru_cache(maxsize=1)
def denied_models():
    """Return (exact names, prefixes) parsed once per process.

    Each prefix keeps its trailing dot: "ir.actions.*" becomes "ir.actions.".
    """
    exact = set()
    prefixes = set()
    with file_open(DENYLIST_PATH) as denylist:
        for raw_line in denylist:
            entry = raw_line.split("#", 1)[0].strip()
            if not entry:
                continue
            if entry.endswith(".*"):
                prefixes.add(entry[:-1])
            else:
                exact.add(entry)
    return frozenset(exact), tuple(sorted(prefixes))


def is_denied_model(model_name):
    """Whether the denylist covers this model name."""
    exact, prefixes = denied_models()
    return model_name in exact or model_name.startswith(prefixes)


def allowed_model_domain():
    """A domain on ir.model that leaves out denylisted and transient models."""
    exact, prefixes = denied_models()
    domain = [("transient", "=", False), ("model", "not in", sorted(exact))]
    for prefix in prefixes:
        domain += ["!", ("model", "=like", prefix.replace("_", "\\_") + "%")]
    return domain
