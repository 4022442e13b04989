from odoo import SUPERUSER_ID, api

# The portal rules of security/ir_rules.xml (noupdate): the record's commercial
# partner instead of `child_of` the user's, the same records in one subquery.
OWN_TREE = "('partner_id.commercial_partner_id', '=', user.commercial_partner_id.id)"
ACTIVE = "('active', '=', True)"
PORTAL_RULES = {
    "reseller_files.reseller_folder_rule_portal": f"[{OWN_TREE}, {ACTIVE}]",
    "reseller_files.reseller_file_rule_portal": f"[{OWN_TREE}, {ACTIVE}]",
    "reseller_files.reseller_file_request_rule_portal": f"[{OWN_TREE}]",
    "reseller_files.reseller_file_version_rule_portal": (
        f"[{OWN_TREE}, ('file_id.active', '=', True)]"
    ),
}


def rewrite_portal_rules(env):
    """Only a rule still as shipped is rewritten: an admin's own domain stays."""
    for xmlid, domain in PORTAL_RULES.items():
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule and "'child_of', user.commercial_partner_id.id" in rule.domain_force:
            rule.domain_force = domain


def migrate(cr, version):
    if not version:
        return
    rewrite_portal_rules(api.Environment(cr, SUPERUSER_ID, {}))
