# Copyright 2025 OdooSidecar contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def uninstall_hook(env):
    """Remove the notification trigger Odoo does not drop with our tables.

    The trigger on mcp_enabled_model goes away with its table; the one on
    ir_config_parameter and the function must be dropped here.
    """
    env.cr.execute(
        "DROP TRIGGER IF EXISTS ir_config_parameter_notify_policy"
        " ON ir_config_parameter"
    )
    env.cr.execute("DROP FUNCTION IF EXISTS mcp_server_notify_policy_change() CASCADE")
