# Copyright 2025 OdooSidecar contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from odoo import api, fields, models

EVENT_TYPES = [
    ("auth_success", "Authentication succeeded"),
    ("auth_failure", "Authentication failed"),
    ("model_access", "Read"),
    ("write_operation", "Write"),
    ("permission_denied", "Permission denied"),
    ("rate_limit", "Rate limit reached"),
    ("error", "Error"),
]
OUTCOMES = [
    ("pending", "Pending"),
    ("success", "Success"),
    ("fault", "Odoo fault"),
    ("denied", "Denied"),
    ("error", "Error"),
]


class McpLog(models.Model):
    """One audited call. Only the sidecar writes these rows, with SQL."""

    _name = "mcp.log"
    _description = "AI agent (MCP) audit log"
    _order = "create_date desc, id desc"

    create_date = fields.Datetime(string="Date", index=True, readonly=True)
    event_type = fields.Selection(EVENT_TYPES, required=True, index=True)
    outcome = fields.Selection(
        OUTCOMES,
        index=True,
        help="Pending: a change was recorded before the sidecar forwarded it to Odoo "
        "and no answer was recorded yet.",
    )
    user_id = fields.Many2one("res.users", string="User", index=True, ondelete="set null")
    api_key_used = fields.Char(
        string="API key", help="Name of the API key used (never the key itself)."
    )
    ip_address = fields.Char(string="IP address", size=45)
    endpoint = fields.Char()
    http_method = fields.Char(string="HTTP method")
    service = fields.Char(help="XML-RPC service: common, db or object.")
    method = fields.Char(help="Method called, such as search_read or action_confirm.")
    model_name = fields.Char(string="Model", index=True)
    operation = fields.Char(
        help="Kind of call: read, create, write, unlink, business_method, auth, "
        "meta or db_admin."
    )
    record_ids = fields.Char(string="Record IDs")
    request_data = fields.Text(help="Request, truncated, with secrets removed.")
    response_data = fields.Text(help="Response, truncated.")
    error_message = fields.Text()
    error_code = fields.Char()
    duration_ms = fields.Integer(string="Duration (ms)")
    user_agent = fields.Text(string="User agent")
    bridge = fields.Char(help="The bridge server that relayed the call, if any.")

    @api.depends("event_type", "model_name", "method")
    def _compute_display_name(self):
        labels = dict(self._fields["event_type"]._description_selection(self.env))
        for log in self:
            parts = [labels.get(log.event_type, log.event_type or ""), log.model_name, log.method]
            log.display_name = " ".join(part for part in parts if part)

    @api.model
    def _gc_old_logs(self):
        """Delete the rows older than mcp_server.log_retention_days (0 keeps all)."""
        param = self.env["ir.config_parameter"].sudo().get_param(
            "mcp_server.log_retention_days", "0"
        )
        days = int(param or 0)
        if days <= 0:
            return 0
        limit = fields.Datetime.now() - timedelta(days=days)
        # SQL rather than unlink(): nobody holds unlink rights on mcp.log, and the
        # table can be large. The statement is constant; the date is a parameter.
        self.env.cr.execute("DELETE FROM mcp_log WHERE create_date < %s", (limit,))
        deleted = self.env.cr.rowcount
        self.invalidate_model()
        return deleted

    @api.model
    def _ensure_gc_cron_repeats(self):
        """Make the retention cron repeat forever on Odoo 17.

        Odoo 17 defaults ir.cron.numbercall to 1 (run once); Odoo 18 removed the
        field. Setting it here keeps the XML data valid on both versions.
        """
        cron = self.env.ref("mcp_server.ir_cron_mcp_log_gc", raise_if_not_found=False)
        if cron and "numbercall" in cron._fields and cron.numbercall != -1:
            cron.numbercall = -1
