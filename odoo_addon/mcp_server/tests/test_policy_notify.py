# Copyright 2025 OdooSidecar contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import select
import time

import psycopg2

from odoo.sql_db import connection_info_for
from odoo.tests.common import TransactionCase, tagged

CHANNEL = "mcp_server_policy"


class TestPolicyTriggers(TransactionCase):
    def test_the_function_and_both_triggers_exist(self):
        self.env.cr.execute(
            """
            SELECT c.relname, t.tgname, p.proname
              FROM pg_trigger t
              JOIN pg_class c ON c.oid = t.tgrelid
              JOIN pg_proc p ON p.oid = t.tgfoid
             WHERE NOT t.tgisinternal AND p.proname = 'mcp_server_notify_policy_change'
            """
        )
        self.assertEqual(
            sorted(self.env.cr.fetchall()),
            [
                ("ir_config_parameter", "ir_config_parameter_notify_policy", "mcp_server_notify_policy_change"),
                ("mcp_enabled_model", "mcp_enabled_model_notify_policy", "mcp_server_notify_policy_change"),
            ],
        )

    def test_reinstalling_the_triggers_is_idempotent(self):
        self.env["mcp.enabled.model"].init()
        self.env["mcp.enabled.model"].init()
        self.env.cr.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname LIKE %s", ("%\\_notify\\_policy",)
        )
        self.assertEqual(self.env.cr.fetchone()[0], 2)


@tagged("post_install", "-at_install")
class TestPolicyNotifications(TransactionCase):
    """Changes committed by another connection reach a LISTENer, as the sidecar sees them.

    NOTIFY is delivered on commit only, so these statements run on their own
    autocommit connections; they change nothing that stays (no-op updates, and a
    probe parameter that is deleted again).
    """

    def setUp(self):
        super().setUp()
        _dsn_name, info = connection_info_for(self.env.cr.dbname)
        self.listener = psycopg2.connect(**info)
        self.listener.autocommit = True
        self.addCleanup(self.listener.close)
        self.writer = psycopg2.connect(**info)
        self.writer.autocommit = True
        self.addCleanup(self.writer.close)
        with self.listener.cursor() as cr:
            cr.execute("LISTEN " + CHANNEL)

    def execute(self, query, params=()):
        with self.writer.cursor() as cr:
            cr.execute(query, params)

    def received(self, wait=2.0):
        """Payloads received on the channel within `wait` seconds."""
        payloads = []
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if select.select([self.listener], [], [], max(0.0, deadline - time.monotonic()))[0]:
                self.listener.poll()
                while self.listener.notifies:
                    notify = self.listener.notifies.pop(0)
                    if notify.channel == CHANNEL:
                        payloads.append(notify.payload)
        return payloads

    def test_any_statement_on_enabled_models_notifies(self):
        self.execute("UPDATE mcp_enabled_model SET notes = notes WHERE false")
        self.assertEqual(self.received(), ["mcp_enabled_model"])

    def test_mcp_server_parameters_notify_on_insert_update_and_delete(self):
        key = "mcp_server.test_notify_probe"
        self.addCleanup(self.execute, "DELETE FROM ir_config_parameter WHERE key = %s", (key,))
        self.execute("INSERT INTO ir_config_parameter (key, value) VALUES (%s, '1')", (key,))
        self.execute("UPDATE ir_config_parameter SET value = '2' WHERE key = %s", (key,))
        self.execute("DELETE FROM ir_config_parameter WHERE key = %s", (key,))
        self.assertEqual(self.received(), ["ir_config_parameter"] * 3)

    def test_other_parameters_do_not_notify(self):
        # "mcpXserver" checks that the underscore of the pattern is literal.
        for key in ("mcpXserver.test_notify_probe", "web.test_notify_probe"):
            self.addCleanup(self.execute, "DELETE FROM ir_config_parameter WHERE key = %s", (key,))
            self.execute("INSERT INTO ir_config_parameter (key, value) VALUES (%s, '1')", (key,))
            self.execute("DELETE FROM ir_config_parameter WHERE key = %s", (key,))
        self.assertEqual(self.received(wait=1.0), [])
