"""Each addon installs alone and with the others, upgrades without change, and
uninstalls without leaving its models behind."""

import ast

import pytest

from .conftest import ADDONS, ROOT

# What an addon put in the database, independent of dates and of row order.
FINGERPRINT_QUERIES = {
    "xmlids": """
        SELECT model, name, noupdate FROM ir_model_data WHERE module = %(module)s
    """,
    "fields": """
        SELECT f.model, f.name, f.ttype, f.required, f.relation, f.store
          FROM ir_model_fields f
          JOIN ir_model_data d
            ON d.model = 'ir.model.fields' AND d.res_id = f.id AND d.module = %(module)s
    """,
    "views": """
        SELECT v.key, v.name, v.mode, v.priority, md5(v.arch_db::text)
          FROM ir_ui_view v
          JOIN ir_model_data d
            ON d.model = 'ir.ui.view' AND d.res_id = v.id AND d.module = %(module)s
    """,
    "access": """
        SELECT a.name, a.perm_read, a.perm_write, a.perm_create, a.perm_unlink
          FROM ir_model_access a
          JOIN ir_model_data d
            ON d.model = 'ir.model.access' AND d.res_id = a.id AND d.module = %(module)s
    """,
    "rules": """
        SELECT r.name, r.domain_force, r.perm_read, r.perm_write, r.perm_create,
               r.perm_unlink, r.active
          FROM ir_rule r
          JOIN ir_model_data d
            ON d.model = 'ir.rule' AND d.res_id = r.id AND d.module = %(module)s
    """,
    "columns": """
        SELECT c.table_name, c.column_name, c.data_type, c.is_nullable
          FROM information_schema.columns c
          JOIN ir_model m ON replace(m.model, '.', '_') = c.table_name
          JOIN ir_model_data d
            ON d.model = 'ir.model' AND d.res_id = m.id AND d.module = %(module)s
    """,
}


def fingerprint(site, dbname, module):
    return {
        name: sorted(map(repr, site.query(dbname, sql, {"module": module})))
        for name, sql in FINGERPRINT_QUERIES.items()
    }


def own_models(site, dbname, module):
    """Models the module itself creates (not those it only extends)."""
    return [
        row[0]
        for row in site.query(
            dbname,
            """
            SELECT m.model FROM ir_model m
              JOIN ir_model_data d
                ON d.model = 'ir.model' AND d.res_id = m.id AND d.module = %s
             WHERE NOT EXISTS (
                   SELECT 1 FROM ir_model_data o
                    WHERE o.model = 'ir.model' AND o.res_id = m.id
                      AND o.module <> %s)
            """,
            (module, module),
        )
    ]


def module_state(site, dbname, module):
    rows = site.query(
        dbname, "SELECT state FROM ir_module_module WHERE name = %s", (module,)
    )
    return rows[0][0] if rows else None


def uninstall(site, dbname, module):
    site.script(
        dbname,
        f"env['ir.module.module'].search([('name', '=', {module!r})])"
        ".button_immediate_uninstall()",
    )


def assert_uninstalled(site, dbname, module, models):
    assert module_state(site, dbname, module) == "uninstalled"
    left_models = site.query(
        dbname, "SELECT model FROM ir_model WHERE model = ANY(%s)", (models,)
    )
    assert not left_models, f"{module} left models behind: {left_models}"
    tables = [m.replace(".", "_") for m in models]
    left_tables = site.query(
        dbname,
        "SELECT table_name FROM information_schema.tables WHERE table_name = ANY(%s)",
        (tables,),
    )
    assert not left_tables, f"{module} left tables behind: {left_tables}"
    left_xmlids = site.query(
        dbname, "SELECT model, name FROM ir_model_data WHERE module = %s", (module,)
    )
    assert not left_xmlids, f"{module} left records behind: {left_xmlids[:10]}"


def suite_dependencies(addon):
    """The suite's addons that `addon` needs, directly or not."""
    found, todo = set(), [addon]
    while todo:
        manifest = ast.literal_eval(
            (ROOT / "addons" / todo.pop() / "__manifest__.py").read_text()
        )
        for dependency in set(manifest["depends"]) & set(ADDONS) - found:
            found.add(dependency)
            todo.append(dependency)
    return found


@pytest.fixture(scope="module", params=ADDONS)
def alone(request, site):
    """A database where one addon was installed alone, with its dependencies."""
    addon = request.param
    dbname = f"reseller_cross_{addon}"
    site.copy_template(dbname)
    site.odoo(dbname, "-i", addon)
    yield site, dbname, addon
    site.drop(dbname)


def test_installs_alone(alone):
    site, dbname, addon = alone
    assert module_state(site, dbname, addon) == "installed"
    others = [a for a in ADDONS if a != addon]
    installed = site.query(
        dbname,
        "SELECT name FROM ir_module_module"
        " WHERE name = ANY(%s) AND state = 'installed'",
        (others,),
    )
    # Only what the manifests ask for comes along.
    assert sorted(name for (name,) in installed) == sorted(suite_dependencies(addon))


def test_upgrade_changes_nothing(alone):
    site, dbname, addon = alone
    before = fingerprint(site, dbname, addon)
    site.odoo(dbname, "-u", addon)
    after = fingerprint(site, dbname, addon)
    assert module_state(site, dbname, addon) == "installed"
    for part in FINGERPRINT_QUERIES:
        assert after[part] == before[part], f"upgrade changed {part} of {addon}"


def test_uninstalls_cleanly(alone):
    site, dbname, addon = alone
    models = own_models(site, dbname, addon)
    uninstall(site, dbname, addon)
    assert_uninstalled(site, dbname, addon, models)
