from odoo import _, api, models
from odoo.exceptions import AccessError


class ProtectedFieldsMixin(models.AbstractModel):
    """Fields that only the model's own code may set.

    Any public method is reachable over RPC, so a field that records what the
    system did (a state reached through a process, evidence, a checksum, who
    sent what) must not be writable by a user, staff included, even where the
    view shows it read-only. A model lists such fields in
    `_get_protected_fields()`; this mixin refuses them on create and write
    unless the code runs as superuser, which is how the model's own private
    steps set them (`self.sudo()`).

    On create, a caller may give a protected field its empty or default value
    only: the web client sends defaults back, and they say nothing new.
    """

    _name = "reseller.protected.fields.mixin"
    _description = "Fields Only Code May Set"

    def _get_protected_fields(self):
        """The names of the fields that only code may set. Extend with `|`."""
        return frozenset()

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            protected = self._get_protected_fields()
            typed = {
                name
                for vals in vals_list
                for name in protected.intersection(vals)
                if not self._is_protected_default(name, vals[name])
            }
            # default_<field> in the context would set the field on create as well
            typed |= {
                name
                for name in protected
                if f"default_{name}" in self.env.context
                and not self._is_protected_default(
                    name, self.env.context[f"default_{name}"]
                )
            }
            self._raise_protected_fields(typed)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._raise_protected_fields(
                self._get_protected_fields().intersection(vals)
            )
        return super().write(vals)

    def _is_protected_default(self, name, value):
        field = self._fields[name]
        if not value:
            return True
        default = field.default(self) if field.default else None
        if field.type == "many2one" and isinstance(default, models.BaseModel):
            default = default.id
        return value == default

    def _raise_protected_fields(self, names):
        if not names:
            return
        labels = sorted(self._fields[name].string for name in names)
        raise AccessError(
            _(
                "These fields are set by the system and cannot be changed by hand: "
                "%(fields)s.",
                fields=", ".join(labels),
            )
        )
