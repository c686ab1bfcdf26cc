#!/usr/bin/env python3
"""Checks of the Odoo addons that need no Odoo, for CI (python3 standard library only).

- every .py under odoo_addon/ compiles and every .xml parses;
- each manifest is a literal dict with a series-free version (x.y.z: Odoo 17 reads it as 17.0.x.y.z, Odoo 18 as
  18.0.x.y.z, while a 17.0.x.y.z manifest makes Odoo 18 refuse the whole addons path), lists its security files
  first, lists only files that exist, and every .xml/.csv data file of the addon (outside static/ and tests/) is
  listed in it or loaded by the addon's own code (its path appears in one of the addon's .py files);
- no data file uses what only one of Odoo 17 and 18 accepts: a <tree> view root or "tree" in a view_mode (Odoo 18
  renamed the type "list"; the addon writes <list> and its loader adapts the root on 17);
- mcp_server's i18n/mcp_server.pot and i18n/es.po parse, and every msgid of the .pot has a non-empty
  msgstr in es.po;
- tests/schema/odoo17.sql (the schema the sidecar's tests load) has, for mcp_enabled_model and mcp_log,
  exactly the columns the addon's model files declare as stored fields, plus Odoo's magic columns.

Exits non-zero with a message per failure. Usage: python3 tests/addon/check_addon.py [repository root]
"""

import ast
import pathlib
import re
import sys
import xml.etree.ElementTree as ElementTree

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2])
ADDONS = ROOT / "odoo_addon"
ADDON = ADDONS / "mcp_server"
SCHEMA = ROOT / "tests" / "schema" / "odoo17.sql"
SCHEMA_MODELS = ("mcp.enabled.model", "mcp.log")
MAGIC_COLUMNS = {"id", "create_uid", "create_date", "write_uid", "write_date"}
NOT_COLUMNS = {"One2many", "Many2many"}

failures = []


def fail(message):
    failures.append(message)


def rel(path):
    return path.relative_to(ROOT).as_posix()


def check_python():
    files = sorted(ADDONS.rglob("*.py"))
    for path in files:
        try:
            compile(path.read_text(encoding="utf-8"), str(path), "exec", dont_inherit=True)
        except (SyntaxError, ValueError, UnicodeDecodeError) as error:
            fail(f"{rel(path)}: does not compile: {error}")
    return len(files)


def check_xml():
    files = sorted(ADDONS.rglob("*.xml"))
    for path in files:
        try:
            ElementTree.parse(path)
        except ElementTree.ParseError as error:
            fail(f"{rel(path)}: does not parse: {error}")
    return len(files)


def check_manifest(addon):
    manifest_path = addon / "__manifest__.py"
    try:
        manifest = ast.literal_eval(manifest_path.read_text(encoding="utf-8"))
    except (SyntaxError, ValueError) as error:
        fail(f"{rel(manifest_path)}: not a literal dict: {error}")
        return 0
    if not isinstance(manifest, dict):
        fail(f"{rel(manifest_path)}: not a dict")
        return 0
    if not re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", str(manifest.get("version", ""))):
        fail(f"{rel(manifest_path)}: version {manifest.get('version')!r} is not x.y.z (Odoo adds its series)")
    if manifest.get("license") not in ("LGPL-3", "AGPL-3"):
        fail(f"{rel(manifest_path)}: license {manifest.get('license')!r} is neither LGPL-3 nor AGPL-3")
    listed = [*manifest.get("data", []), *manifest.get("demo", [])]
    for name in listed:
        if not (addon / name).is_file():
            fail(f"{rel(manifest_path)}: lists {name}, which does not exist")
    data = manifest.get("data", [])
    security = [index for index, name in enumerate(data) if name.startswith("security/")]
    if security and security != list(range(len(security))):
        fail(f"{rel(manifest_path)}: security files must come first in data")
    code = "\n".join(path.read_text(encoding="utf-8") for path in addon.rglob("*.py"))
    for path in sorted([*addon.rglob("*.xml"), *addon.rglob("*.csv")]):
        inner = path.relative_to(addon)
        if inner.parts[0] in ("static", "tests"):
            continue
        if inner.as_posix() not in listed and f"{addon.name}/{inner.as_posix()}" not in code:
            fail(f"{rel(path)}: neither listed in {rel(manifest_path)} nor loaded by the addon's code (orphan data file)")
        if path.suffix == ".xml":
            check_portable_views(path)
    return len(listed)


def check_portable_views(path):
    """Odoo 18 refuses a <tree> view root and opens no "tree" view; Odoo 17 refuses <list> (adapted by the loader)."""
    try:
        records = ElementTree.parse(path).getroot().iter("record")
    except ElementTree.ParseError:
        return  # reported by check_xml
    for record in records:
        for field in record.iter("field"):
            name = field.get("name")
            if name == "arch" and any(child.tag == "tree" for child in field):
                fail(f"{rel(path)}: record {record.get('id')} has a <tree> root, which Odoo 18 refuses (write <list>)")
            if name == "view_mode" and "tree" in (field.text or "").split(","):
                fail(f"{rel(path)}: record {record.get('id')} opens a 'tree' view, which Odoo 18 has not (write list)")


PO_STRING = re.compile(r'^"(.*)"$')


def parse_po(path):
    """Return {msgid: msgstr} of a .po/.pot file (msgctxt and plurals are refused: Odoo uses neither)."""
    entries = {}
    msgid = msgstr = None
    target = None

    def flush():
        if msgid is not None:
            if msgid in entries and msgid:
                fail(f"{rel(path)}: duplicate msgid {msgid!r}")
            entries[msgid] = msgstr if msgstr is not None else ""

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        if word == "msgid":
            flush()
            msgid, msgstr, target = "", None, "msgid"
            line = rest
        elif word == "msgstr":
            if msgid is None or msgstr is not None:
                fail(f"{rel(path)}:{number}: msgstr without its msgid")
                return entries
            msgstr, target = "", "msgstr"
            line = rest
        elif word in ("msgctxt", "msgid_plural") or word.startswith("msgstr["):
            fail(f"{rel(path)}:{number}: unexpected {word}")
            return entries
        match = PO_STRING.match(line)
        if not match or target is None:
            fail(f"{rel(path)}:{number}: cannot parse {raw!r}")
            return entries
        text = bytes(match.group(1), "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
        if target == "msgid":
            msgid += text
        else:
            msgstr += text
    flush()
    return entries


def check_translations():
    pot_path = ADDON / "i18n" / "mcp_server.pot"
    es_path = ADDON / "i18n" / "es.po"
    for path in (pot_path, es_path):
        if not path.is_file():
            fail(f"{rel(path)}: missing")
            return 0
    template = parse_po(pot_path)
    spanish = parse_po(es_path)
    msgids = [msgid for msgid in template if msgid]
    if not msgids:
        fail(f"{rel(pot_path)}: no msgid")
    for msgid in msgids:
        if not spanish.get(msgid):
            fail(f"{rel(es_path)}: no Spanish for {msgid!r}")
        elif msgid.count("%") != spanish[msgid].count("%"):
            fail(f"{rel(es_path)}: placeholders differ for {msgid!r}")
    for msgid in spanish:
        if msgid and msgid not in template:
            fail(f"{rel(es_path)}: {msgid!r} is not in the .pot (stale translation)")
    return len(msgids)


def keyword(call, name):
    for item in call.keywords:
        if item.arg == name:
            return item.value
    return None


def is_true(node):
    return isinstance(node, ast.Constant) and node.value is True


def declared_columns():
    """{table: set of columns} for SCHEMA_MODELS, from the addon's model files."""
    tables = {}
    for path in sorted((ADDON / "models").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.ClassDef):
                continue
            attributes = {}
            columns = set()
            for statement in node.body:
                if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1):
                    continue
                target = statement.targets[0]
                if not isinstance(target, ast.Name):
                    continue
                value = statement.value
                if isinstance(value, ast.Constant):
                    attributes[target.id] = value.value
                if not (
                    isinstance(value, ast.Call)
                    and isinstance(value.func, ast.Attribute)
                    and isinstance(value.func.value, ast.Name)
                    and value.func.value.id == "fields"
                ):
                    continue
                if value.func.attr in NOT_COLUMNS:
                    continue
                computed = keyword(value, "compute") or keyword(value, "related")
                if computed is not None and not is_true(keyword(value, "store")):
                    continue
                if keyword(value, "store") is not None and not is_true(keyword(value, "store")):
                    continue
                columns.add(target.id)
            name = attributes.get("_name")
            if name in SCHEMA_MODELS:
                table = attributes.get("_table") or name.replace(".", "_")
                tables[table] = columns | MAGIC_COLUMNS
    return tables


def schema_columns(sql):
    """{table: set of columns} of the CREATE TABLE statements of a pg_dump."""
    tables = {}
    for match in re.finditer(r"CREATE TABLE (?:public\.)?(\w+) \((.*?)\n\);", sql, re.S):
        columns = set()
        for line in match.group(2).splitlines():
            line = line.strip().rstrip(",")
            if not line or line.startswith(("CONSTRAINT", "--")):
                continue
            columns.add(line.split()[0].strip('"'))
        tables[match.group(1)] = columns
    return tables


def check_schema():
    if not SCHEMA.is_file():
        fail(f"{rel(SCHEMA)}: missing (run tests/schema/generate.sh)")
        return 0
    declared = declared_columns()
    dumped = schema_columns(SCHEMA.read_text(encoding="utf-8"))
    checked = 0
    for model in SCHEMA_MODELS:
        table = model.replace(".", "_")
        if table not in declared:
            fail(f"odoo_addon/mcp_server/models: no class declares _name = {model!r}")
            continue
        if table not in dumped:
            fail(f"{rel(SCHEMA)}: no CREATE TABLE {table}")
            continue
        only_addon = sorted(declared[table] - dumped[table])
        only_schema = sorted(dumped[table] - declared[table])
        if only_addon:
            fail(f"{rel(SCHEMA)}: {table} lacks columns the addon declares: {', '.join(only_addon)} "
                 "(regenerate with tests/schema/generate.sh)")
        if only_schema:
            fail(f"{rel(SCHEMA)}: {table} has columns the addon does not declare: {', '.join(only_schema)}")
        checked += len(declared[table])
    return checked


def main():
    python_files = check_python()
    xml_files = check_xml()
    addons = sorted(path.parent for path in ADDONS.glob("*/__manifest__.py"))
    if ADDON not in addons:
        fail(f"{rel(ADDON)}: no __manifest__.py")
    listed = sum(check_manifest(addon) for addon in addons)
    msgids = check_translations()
    columns = check_schema()
    print(f"check_addon: {python_files} Python files compile, {xml_files} XML files parse")
    print(f"check_addon: {len(addons)} manifest(s) with {listed} data files checked for presence and orphans")
    print(f"check_addon: {msgids} msgids of mcp_server.pot checked against es.po")
    print(f"check_addon: {columns} declared columns of {', '.join(SCHEMA_MODELS)} compared with {rel(SCHEMA)}")
    if failures:
        print(f"check_addon: {len(failures)} FAILURE(S):", file=sys.stderr)
        for message in failures:
            print(f"  - {message}", file=sys.stderr)
        return 1
    print("check_addon: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
