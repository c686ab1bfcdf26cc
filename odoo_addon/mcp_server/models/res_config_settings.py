# Copyright 2025 OdooSidecar contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


# Settings where 0 means "no limit" and a negative number means nothing.
NON_NEGATIVE_FIELDS = (
    "mcp_log_retention_days",
    "mcp_rate_limit_per_minute",
    "mcp_rate_limit_per_hour",
    "mcp_rate_limit_per_day",
    "mcp_bridge_rate_limit_per_minute",
    "mcp_bridge_rate_limit_per_hour",
    "mcp_bridge_rate_limit_per_day",
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    mcp_enabled = fields.Boolean(
        string="AI agent access",
        config_parameter="mcp_server.enabled",
        help="When off, the sidecar refuses every AI agent and bridge call for this "
        "database. When on, it lets through what the enabled models allow.",
    )
    mcp_enable_logging = fields.Boolean(
        string="Audit read calls",
        config_parameter="mcp_server.enable_logging",
        help="When on, the sidecar also records allowed read calls in the audit log. "
        "Denied calls, errors, authentication and every change are always recorded.",
    )
    mcp_log_retention_days = fields.Integer(
        string="Keep audit rows (days)",
        config_parameter="mcp_server.log_retention_days",
        help="A daily job deletes audit rows older than this many days. 0 keeps them all.",
    )
    mcp_rate_limit_per_minute = fields.Integer(
        string="Calls per minute",
        config_parameter="mcp_server.rate_limit_per_minute",
        help="The sidecar refuses a user's calls beyond this many per minute "
        "(fault 429 on XML-RPC, HTTP 429 on REST; audited). 0 means no limit.",
    )
    mcp_rate_limit_per_hour = fields.Integer(
        string="Calls per hour",
        config_parameter="mcp_server.rate_limit_per_hour",
        help="The sidecar refuses a user's calls beyond this many per hour "
        "(fault 429 on XML-RPC, HTTP 429 on REST; audited). 0 means no limit.",
    )
    mcp_rate_limit_per_day = fields.Integer(
        string="Calls per day",
        config_parameter="mcp_server.rate_limit_per_day",
        help="The sidecar refuses a user's calls beyond this many per day "
        "(fault 429 on XML-RPC, HTTP 429 on REST; audited). 0 means no limit.",
    )
    mcp_bridge_rate_limit_per_minute = fields.Integer(
        string="Bridge calls per minute",
        config_parameter="mcp_server.bridge_rate_limit_per_minute",
        help="The sidecar refuses a bridge server's calls, for all the users it relays, "
        "beyond this many per minute (fault 429 on XML-RPC, HTTP 429 on REST; audited). "
        "0 means no limit.",
    )
    mcp_bridge_rate_limit_per_hour = fields.Integer(
        string="Bridge calls per hour",
        config_parameter="mcp_server.bridge_rate_limit_per_hour",
        help="The sidecar refuses a bridge server's calls, for all the users it relays, "
        "beyond this many per hour (fault 429 on XML-RPC, HTTP 429 on REST; audited). "
        "0 means no limit.",
    )
    mcp_bridge_rate_limit_per_day = fields.Integer(
        string="Bridge calls per day",
        config_parameter="mcp_server.bridge_rate_limit_per_day",
        help="The sidecar refuses a bridge server's calls, for all the users it relays, "
        "beyond this many per day (fault 429 on XML-RPC, HTTP 429 on REST; audited). "
        "0 means no limit.",
    )
    mcp_allow_plain_passwords = fields.Boolean(
        string="Accept passwords",
        config_parameter="mcp_server.allow_plain_passwords",
        help="When off, the sidecar accepts only API keys and refuses a user's login "
        "password. Turn on only for clients that cannot use an API key.",
    )
    mcp_allowed_databases = fields.Char(
        string="Allowed databases",
        config_parameter="mcp_server.allowed_databases",
        help="Comma-separated database names the sidecar serves. Empty: only the "
        "database the sidecar is configured for. Calls naming another database "
        "are refused.",
    )

    @api.constrains(*NON_NEGATIVE_FIELDS)
    def _check_mcp_non_negative(self):
        for settings in self:
            if any(settings[name] < 0 for name in NON_NEGATIVE_FIELDS):
                raise ValidationError(
                    _("Retention and rate limits cannot be negative; use 0 for no limit.")
                )
