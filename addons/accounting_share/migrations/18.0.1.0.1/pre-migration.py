def migrate(cr, version):
    """One published version per client, report and period, before its index.

    Before this version, two managers publishing one period at once could both
    publish it. The model's init() now creates a unique index on the published
    versions of a period: the latest stays current, the others are replaced first.
    """
    if not version:
        return
    cr.execute(
        """
        UPDATE accounting_share_publication p
           SET state = 'replaced', replaced_by_id = latest.id
          FROM (SELECT DISTINCT ON (partner_id, report_type, date_from, date_to)
                       id, partner_id, report_type, date_from, date_to
                  FROM accounting_share_publication
                 WHERE state = 'published'
              ORDER BY partner_id, report_type, date_from, date_to,
                       version DESC, id DESC) latest
         WHERE p.state = 'published'
           AND p.id != latest.id
           AND p.partner_id = latest.partner_id
           AND p.report_type = latest.report_type
           AND p.date_from = latest.date_from
           AND p.date_to = latest.date_to
        """
    )
