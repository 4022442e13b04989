from odoo import models
from odoo.tools import SQL


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _reseller_set_filestore_location(self, fname, size, checksum, mimetype):
        """Record where content already copied to the filestore lives.

        The ORM cannot: ir.attachment's create() and write() drop `store_fname`,
        `file_size` and `checksum` from their values and compute them from `raw`
        or `datas`, which would load the whole upload in memory (and copy it a
        second time) when it is already in place. One parameterised UPDATE of
        the attachment just created, then the cache forgets the old values.
        """
        self.ensure_one()
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                "UPDATE ir_attachment SET store_fname = %s, file_size = %s,"
                " checksum = %s, db_datas = NULL, mimetype = %s WHERE id = %s",
                fname,
                size,
                checksum,
                mimetype,
                self.id,
            )
        )
        self.invalidate_recordset(
            ["store_fname", "file_size", "checksum", "db_datas", "mimetype"]
        )
