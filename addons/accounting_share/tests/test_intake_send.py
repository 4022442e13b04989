from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .intake_common import IntakeCommon, build_pdf, draw_darf, draw_das, make_cnpj


@tagged("post_install", "-at_install")
class TestIntakeSend(IntakeCommon):
    def _sent_files(self, client):
        folder = client.sudo().reseller_folder_id
        return (
            self.env["reseller.file"]
            .sudo()
            .search(
                [
                    ("folder_id.parent_id", "=", folder.id),
                    ("folder_id.name", "=", "Sent documents"),
                ]
            )
        )

    def test_confirmed_guias_land_in_the_clients_sent_folder(self):
        project = self.env["project.project"].create({"name": "Obligations"})
        obligation = self.env["accounting.share.obligation"].create(
            {
                "name": "DAS",
                "code": "DAS",
                "project_id": project.id,
                "partner_ids": [Command.set(self.client_a.ids)],
            }
        )
        self.document_type_das.obligation_id = obligation
        content = build_pdf(
            (draw_das, self.cnpj_a, "Padaria Aurora ME"),
            (draw_darf, self.cpf_d, "Maria da Silva"),
        )
        intake = self._intake(("guias.pdf", content))
        self._send_all(intake)
        self.assertEqual(intake.state, "done")
        self.assertEqual(intake.send_user_id, self.staff)
        line_a = intake.line_ids.filtered(lambda line: line.partner_id == self.client_a)
        self.assertEqual(intake.line_ids.mapped("state"), ["sent", "sent"])
        dispatch = line_a.dispatch_id
        self.assertEqual(dispatch.state, "sent")
        self.assertEqual(dispatch.document_type, "guia")
        self.assertEqual(dispatch.res_model, "ir.attachment")
        self.assertEqual(dispatch.res_id, line_a.attachment_id.id)
        self.assertEqual(dispatch.partner_id, self.client_a)
        self.assertEqual(dispatch.period, "03/2024")
        self.assertEqual(str(dispatch.due_date), "2024-04-22")
        self.assertAlmostEqual(dispatch.amount, 1234.56)
        self.assertEqual(dispatch.user_id, self.staff)
        self.assertEqual(dispatch.obligation_id, obligation)
        self.assertEqual(str(dispatch.obligation_period), "2024-03-01")
        sent = self._sent_files(self.client_a)
        self.assertEqual(sent, dispatch.file_id)
        self.assertEqual(sent.name, "DAS 03-2024 Padaria Aurora ME.pdf")
        self.assertEqual(sent.attachment_id.raw, line_a.attachment_id.raw)
        self.assertEqual(
            self._sent_files(self.client_d).name, "DARF 03-2024 Maria da Silva.pdf"
        )
        # Sent lines are history.
        with self.assertRaises(UserError):
            line_a.with_user(self.staff).write({"amount": 1})
        # The same file again, to the same client for the same period: flagged.
        again = self._intake(("guias.pdf", content))
        self.assertEqual(again.line_ids.mapped("state"), ["duplicate", "duplicate"])
        self.assertIn(intake.name, again.line_ids[0].reason)

    def test_unconfirmed_and_unmatched_are_not_sent(self):
        content_a = build_pdf((draw_das, self.cnpj_a, "Aurora"))
        content_x = build_pdf((draw_das, make_cnpj(12312312), "?"))
        intake = self._intake(("a.pdf", content_a), ("x.pdf", content_x))
        line_a = intake.line_ids.filtered("partner_id")
        line_a.with_user(self.staff).action_confirm()
        intake.with_user(self.staff).action_send()
        self.env["accounting.share.intake"]._cron_send_confirmed()
        self.assertEqual(line_a.state, "sent")
        line_x = intake.line_ids - line_a
        self.assertEqual(line_x.state, "unmatched")
        self.assertFalse(line_x.dispatch_id)
        self.assertFalse(
            self.env["accounting.share.dispatch"].search(
                [
                    ("res_id", "=", line_x.attachment_id.id),
                    ("res_model", "=", "ir.attachment"),
                ]
            )
        )

    def test_client_without_portal_user_gets_an_error_line_and_a_failed_dispatch(self):
        cnpj = make_cnpj(55443322)
        lonely = self._client("Sem Portal Ltda", cnpj, portal=False)
        intake = self._intake(("das.pdf", build_pdf((draw_das, cnpj, "Sem Portal"))))
        self._send_all(intake)
        line = intake.line_ids
        self.assertEqual(line.partner_id, lonely)
        self.assertEqual(line.state, "error")
        self.assertIn("no portal user", line.reason)
        self.assertEqual(line.dispatch_id.state, "failed")
        # The client gets a portal user: staff retry from the intake list.
        contact = self.env["res.partner"].create(
            {"name": "Contato", "parent_id": lonely.id, "email": "sp@x.example"}
        )
        new_test_user(
            self.env,
            login="intake_late_portal",
            groups="base.group_portal",
            partner_id=contact.id,
        )
        line.with_user(self.staff).action_retry_dispatch()
        self.assertEqual(line.state, "sent")
        self.assertEqual(line.dispatch_id.state, "sent")
        self.assertEqual(line.dispatch_id.attempts, 2)
        with self.assertRaises(UserError):
            line.with_user(self.staff).action_retry_dispatch()

    def test_crash_mid_send_then_resume_sends_nothing_twice(self):
        clients = [self.client_a, self.client_b, self.client_c, self.client_d]
        clients.append(self._client("Quinta Ltda", make_cnpj(66554433)))
        files = [
            (f"das_{n}.pdf", build_pdf((draw_das, client.vat, client.name)))
            for n, client in enumerate(clients)
        ]
        intake = self._intake(*files)
        intake.with_user(self.staff).action_confirm()
        intake.with_user(self.staff).action_send()
        intake_model = self.env["accounting.share.intake"]
        # First batch committed (here: kept).
        self.assertEqual(len(intake_model._cron_send_confirmed(batch_size=2)), 2)
        # The second batch crashes before its commit: everything it did is
        # rolled back, as the database does when the worker dies.
        with self.assertRaises(RuntimeError), self.env.cr.savepoint():
            intake_model._cron_send_confirmed(batch_size=2)
            self.env.flush_all()
            raise RuntimeError("worker killed")
        self.env.invalidate_all()
        self.assertEqual(
            sorted(intake.line_ids.mapped("state")), ["proposed"] * 3 + ["sent"] * 2
        )
        # The scheduler calls again until nothing remains.
        while intake_model._cron_send_confirmed(batch_size=2):
            pass
        self.assertEqual(intake.state, "done")
        self.assertEqual(intake.line_ids.mapped("state"), ["sent"] * 5)
        dispatches = self.env["accounting.share.dispatch"].search(
            [
                ("res_model", "=", "ir.attachment"),
                ("res_id", "in", intake.line_ids.attachment_id.ids),
            ]
        )
        self.assertEqual(len(dispatches), 5)
        for client in clients:
            self.assertEqual(len(self._sent_files(client)), 1, client.name)
        # A rerun sends nothing.
        self.assertFalse(intake_model._cron_send_confirmed())
        self.assertEqual(
            self.env["accounting.share.dispatch"].search_count(
                [
                    ("res_model", "=", "ir.attachment"),
                    ("res_id", "in", intake.line_ids.attachment_id.ids),
                ]
            ),
            5,
        )
