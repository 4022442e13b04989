import base64
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .obligation_common import ObligationCommon

DAY = date(2026, 3, 10)


@tagged("post_install", "-at_install")
class TestObligationFulfilment(ObligationCommon):
    """Only the kind of document an obligation asks for closes its task."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dctf = cls._obligation("DCTF", document_type="receipt")
        cls.folha = cls._obligation("FOLHA", document_type="report")
        tasks, _remaining = (
            cls.env["accounting.share.obligation"].sudo()._generate_tasks(DAY)
        )
        cls.task_by_code = {
            task.obligation_id.code: task
            for task in tasks.filtered(lambda t: t.partner_id == cls.client_a)
        }

    def _attach(self, task, name="document.pdf"):
        return self.env["ir.attachment"].create(
            {
                "name": name,
                "datas": base64.b64encode(b"%PDF-1.4 document"),
                "res_model": "project.task",
                "res_id": task.id,
            }
        )

    def _send_from_task(self, task):
        action = task.with_user(self.staff).action_obligation_send()
        return self.env["accounting.share.dispatch"].browse(action["res_id"])

    def test_mapping_is_written_once(self):
        self.assertEqual(
            {
                obligation.document_type: obligation._get_dispatch_document_type()
                for obligation in self.das | self.dctf | self.folha
            },
            {"guia": "guia", "report": "publication", "receipt": "attachment"},
        )

    def test_guia_obligation_sends_a_guia_and_closes(self):
        task = self.task_by_code["DAS"]
        self._attach(task, "guia-das.pdf")
        dispatch = self._send_from_task(task)
        self.assertEqual(dispatch.document_type, "guia")
        self.assertEqual(dispatch.due_date, task.date_deadline.date())
        self.assertEqual(task.state, "1_done")
        self.assertEqual(task.obligation_dispatch_id, dispatch)

    def test_receipt_obligation_sends_an_attachment_and_closes(self):
        task = self.task_by_code["DCTF"]
        self._attach(task, "recibo-dctf.pdf")
        dispatch = self._send_from_task(task)
        self.assertEqual(dispatch.document_type, "attachment")
        self.assertEqual(task.state, "1_done")
        self.assertEqual(task.obligation_dispatch_id, dispatch)

    def _dispatch_for(self, task, document_type):
        """A dispatch of `document_type` naming the task's obligation and period,
        as another sending path (intake, wizard) would create it."""
        attachment = self._attach(task, f"{document_type}.pdf")
        dispatch_model = self.env["accounting.share.dispatch"]
        values = dispatch_model._prepare_dispatch_values(
            attachment, task.partner_id, document_type, "2026-03"
        )
        values.update(
            obligation_id=task.obligation_id.id,
            obligation_period=task.obligation_period,
        )
        return dispatch_model.with_user(self.staff).create(values)

    def test_a_dispatch_of_another_kind_leaves_the_task_open(self):
        for code, wrong_type in (("DAS", "attachment"), ("DCTF", "guia")):
            task = self.task_by_code[code]
            dispatch = self._dispatch_for(task, wrong_type)
            dispatch._send()
            self.assertEqual(dispatch.state, "sent")
            self.assertNotEqual(task.state, "1_done", code)
            self.assertFalse(task.obligation_dispatch_id, code)
        # The matching kind, for the same task, then closes it.
        task = self.task_by_code["DAS"]
        dispatch = self._dispatch_for(task, "guia")
        dispatch._send()
        self.assertEqual(task.state, "1_done")
        self.assertEqual(task.obligation_dispatch_id, dispatch)

    def test_report_obligation_needs_the_published_report(self):
        task = self.task_by_code["FOLHA"]
        self._attach(task, "folha.pdf")
        with self.assertRaisesRegex(UserError, "03/2026"):
            self._send_from_task(task)
        self.assertNotEqual(task.state, "1_done")
        publication = (
            self.env["accounting.share.publication"]
            .with_user(self.manager)
            .create(
                {
                    "partner_id": self.client_a.id,
                    "report_type": "profit_loss",
                    "date_from": "2026-03-01",
                    "date_to": "2026-03-31",
                }
            )
        )
        publication.action_publish()
        dispatch = self._send_from_task(task)
        self.assertEqual(dispatch.document_type, "publication")
        self.assertEqual(
            (dispatch.res_model, dispatch.res_id), (publication._name, publication.id)
        )
        self.assertEqual(dispatch.state, "sent")
        self.assertEqual(task.state, "1_done")
        self.assertEqual(task.obligation_dispatch_id, dispatch)
