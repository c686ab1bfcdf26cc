from . import test_mcp_enabled_model
from . import test_mcp_log
from . import test_presets
from . import test_bulk_add
from . import test_res_config_settings
from . import test_policy_notify
from . import test_xmlrpc
from . import test_i18n
