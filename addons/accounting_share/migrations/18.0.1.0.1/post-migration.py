def migrate(cr, version):
    """Clients that already use the file center keep it.

    "Share Documents" used to hide a link only; it now opens or closes the
    client's file center. Before this version it was unticked by default, so
    every client with a folder tree would lose `/my/files` on upgrade. Clients
    with a folder tree get it ticked; staff untick it where it should be closed.
    """
    if not version:
        return
    cr.execute(
        """
        UPDATE res_partner
           SET accounting_share_documents = TRUE
         WHERE reseller_folder_id IS NOT NULL
           AND accounting_share_documents IS NOT TRUE
        """
    )
