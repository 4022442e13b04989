import hashlib
import io
from datetime import date

import pypdf

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .intake_common import (
    IntakeCommon,
    build_pdf,
    draw_continuation,
    draw_darf,
    draw_das,
    draw_scan,
    make_cnpj,
)


def page_count(attachment):
    return len(pypdf.PdfReader(io.BytesIO(attachment.raw)).pages)


@tagged("post_install", "-at_install")
class TestIntakeMatching(IntakeCommon):
    def test_das_is_routed_by_cnpj_with_its_details(self):
        content = build_pdf((draw_das, self.cnpj_a, "Padaria Aurora ME"))
        intake = self._intake(("das_aurora.pdf", content))
        line = intake.line_ids
        self.assertEqual(intake.state, "review")
        self.assertEqual(line.state, "proposed")
        self.assertEqual(line.partner_id, self.client_a)
        self.assertEqual(line.vat_found, "11222333000181")
        self.assertEqual(line.document_type, self.document_type_das)
        self.assertEqual(line.period, date(2024, 3, 1))
        self.assertEqual(line.due_date, date(2024, 4, 22))
        self.assertAlmostEqual(line.amount, 1234.56)
        # A file wholly the client's is kept as it is: its hash is the file's.
        self.assertEqual(line.sha256, hashlib.sha256(content).hexdigest())
        self.assertEqual(line.attachment_id.raw, content)

    def test_vat_typed_without_punctuation_matches(self):
        # client C's vat is stored "77888999/0001-xx" without dots.
        content = build_pdf((draw_das, self.cnpj_c, "Emitente"))
        line = self._intake(("das.pdf", content)).line_ids
        self.assertEqual(line.partner_id, self.client_c)

    def test_tax_id_typed_just_before_reading_is_used(self):
        # The match reads vat in SQL: a change not yet flushed must count.
        client = self._client("Recém Cadastrada Ltda", False, portal=False)
        cnpj = make_cnpj(13579135)
        client.vat = cnpj
        line = self._intake(("das.pdf", build_pdf((draw_das, cnpj, "Nova")))).line_ids
        self.assertEqual(line.partner_id, client)

    def test_darf_of_a_person_is_routed_by_cpf(self):
        content = build_pdf((draw_darf, self.cpf_d, "Maria da Silva"))
        line = self._intake(("darf.pdf", content)).line_ids
        self.assertEqual(line.state, "proposed")
        self.assertEqual(line.partner_id, self.client_d)
        self.assertEqual(line.document_type, self.document_type_darf)
        self.assertEqual(line.period, date(2024, 3, 1))
        self.assertEqual(line.due_date, date(2024, 4, 20))
        self.assertAlmostEqual(line.amount, 98.70)

    def test_multi_client_file_is_split_per_client(self):
        content = build_pdf(
            (draw_das, self.cnpj_a, "Padaria Aurora ME"),
            (
                draw_das,
                self.cnpj_b,
                "Construtora Horizonte SA",
                "Março/2024",
                "22/04/2024",
                "9.876,50",
            ),
            (draw_continuation,),
            (draw_darf, self.cpf_d, "Maria da Silva"),
        )
        intake = self._intake(("guias_marco.pdf", content))
        lines = intake.line_ids.sorted("id")
        self.assertEqual(
            lines.partner_id, self.client_a | self.client_b | self.client_d
        )
        self.assertEqual(lines.mapped("state"), ["proposed"] * 3)
        # Client B's guia keeps its second page, which prints no CNPJ.
        self.assertEqual([page_count(line.attachment_id) for line in lines], [1, 2, 1])
        self.assertAlmostEqual(lines[1].amount, 9876.50)
        self.assertEqual(lines[1].name, "guias_marco.pdf, pages 2 to 3")
        self.assertEqual(len(set(lines.mapped("sha256"))), 3)
        # Each split PDF holds its client's text only.
        text = (
            pypdf.PdfReader(io.BytesIO(lines[1].attachment_id.raw))
            .pages[0]
            .extract_text()
        )
        self.assertIn(self.cnpj_b, text)
        self.assertNotIn(self.cnpj_a, text)
        # The same pages always give the same file, hence the same hash.
        again = self._intake(("guias_marco.pdf", content)).line_ids.sorted("id")
        self.assertEqual(again.mapped("sha256"), lines.mapped("sha256"))

    def test_unknown_cnpj_stays_unmatched(self):
        unknown = make_cnpj(12312312)
        line = self._intake(
            ("x.pdf", build_pdf((draw_das, unknown, "Unknown")))
        ).line_ids
        self.assertEqual(line.state, "unmatched")
        self.assertFalse(line.partner_id)
        self.assertIn(
            unknown.replace(".", "").replace("/", "").replace("-", ""), line.reason
        )

    def test_two_clients_with_one_cnpj_are_never_guessed(self):
        twin = self._client(
            "Padaria Aurora (duplicate record)", self.cnpj_a, portal=False
        )
        line = self._intake(
            ("das.pdf", build_pdf((draw_das, self.cnpj_a, "Aurora")))
        ).line_ids
        self.assertEqual(line.state, "unmatched")
        self.assertFalse(line.partner_id)
        self.assertIn(twin.name, line.reason)
        self.assertIn(self.client_a.name, line.reason)

    def test_contacts_and_office_sharing_the_cnpj_do_not_count(self):
        # A contact repeats its company's vat; an office company printing its own
        # CNPJ on the guia is never a client.
        self.company.partner_id.vat = make_cnpj(99000111)
        content = build_pdf(
            (draw_darf, self.cnpj_a, f"Aurora, contador {self.company.partner_id.vat}")
        )
        line = self._intake(("darf.pdf", content)).line_ids
        self.assertEqual(line.partner_id, self.client_a)

    def test_scanned_pdf_goes_to_the_manual_list(self):
        line = self._intake(("scan.pdf", build_pdf((draw_scan,)))).line_ids
        self.assertEqual(line.state, "unmatched")
        self.assertIn("No text", line.reason)
        self.assertTrue(line.attachment_id)
        # Staff choose the client by hand: the line becomes a proposal.
        line.with_user(self.staff).write(
            {"partner_id": self.client_a.id, "period": "2024-03-17"}
        )
        self.assertEqual(line.state, "proposed")
        self.assertFalse(line.reason)
        self.assertEqual(line.period, date(2024, 3, 1))

    def test_same_file_twice_in_one_upload_is_flagged(self):
        content = build_pdf((draw_das, self.cnpj_a, "Aurora"))
        lines = self._intake(("a.pdf", content), ("a (copy).pdf", content)).line_ids
        self.assertEqual(sorted(lines.mapped("state")), ["duplicate", "proposed"])

    def test_matching_is_one_query_for_the_whole_upload(self):
        reader = self.env["accounting.share.intake.reader"].with_user(self.staff)

        def uploads(count):
            clients = self.env["res.partner"].create(
                [
                    {
                        "name": f"Bulk {count} {n}",
                        "is_company": True,
                        "vat": make_cnpj(30000000 + 100 * count + n),
                    }
                    for n in range(count)
                ]
            )
            return [
                (f"das_{n}.pdf", build_pdf((draw_das, client.vat, client.name)))
                for n, client in enumerate(clients)
            ], clients

        small, small_clients = uploads(5)
        large, large_clients = uploads(50)

        def count_queries(func):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            result = func()
            self.env.flush_all()
            return result, self.env.cr.sql_log_count - before

        # Warm the caches (parameters, rules) once.
        reader._read_uploads(small, self.company)
        documents, small_count = count_queries(
            lambda: reader._read_uploads(small, self.company)
        )
        self.assertEqual({d.partner for d in documents}, set(small_clients))
        documents, large_count = count_queries(
            lambda: reader._read_uploads(large, self.company)
        )
        self.assertEqual({d.partner for d in documents}, set(large_clients))
        # The match itself, and reading the user's companies for the rules.
        self.assertLessEqual(small_count, 2)
        self.assertEqual(small_count, large_count)

        # The whole upload (attachments, lines, types, duplicate check) does not
        # grow with the number of documents either.
        def new_intake(files):
            intake = (
                self.env["accounting.share.intake"].with_user(self.staff).create({})
            )
            intake.attachment_ids = self.env["ir.attachment"].create(
                [
                    {
                        "name": name,
                        "raw": content,
                        "res_model": intake._name,
                        "res_id": intake.id,
                    }
                    for name, content in files
                ]
            )
            return intake

        # Warm the caches of every step, for this user, once.
        for files in (small, large):
            new_intake(files).action_read_files()
        counts = [
            count_queries(new_intake(files).action_read_files)[1]
            for files in (small, large)
        ]
        # Ten times the documents, no more queries (the first count may include
        # a reload of the access rules' cache).
        self.assertLessEqual(counts[1], counts[0], counts)
        self.assertLess(counts[1], 25, counts)


@tagged("post_install", "-at_install")
class TestIntakeSecurity(IntakeCommon):
    def test_portal_and_other_companies_reach_nothing(self):
        intake = self._intake(("das.pdf", build_pdf((draw_das, self.cnpj_a, "Aurora"))))
        portal = self.env["res.users"].search(
            [("partner_id.parent_id", "=", self.client_a.id)], limit=1
        )
        for model in ("accounting.share.intake", "accounting.share.intake.line"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(portal).search([])
        other_company = self.env["res.company"].create({"name": "Other Office"})
        other_staff = new_test_user(
            self.env,
            login="intake_other_staff",
            groups="base.group_user,accounting_share.group_accounting_share_user",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        self.assertFalse(
            self.env["accounting.share.intake"]
            .with_user(other_staff)
            .search([("id", "=", intake.id)])
        )
        self.assertFalse(
            self.env["accounting.share.intake.line"]
            .with_user(other_staff)
            .search([("intake_id", "=", intake.id)])
        )

    def test_results_are_not_typed_over_rpc(self):
        intake = self._intake(
            ("x.pdf", build_pdf((draw_das, make_cnpj(12312312), "?")))
        )
        line = intake.line_ids.with_user(self.staff)
        for values in (
            {"state": "proposed"},
            {"sha256": "0" * 64},
            {"reason": "fine"},
            {"attachment_id": False},
        ):
            with self.assertRaises(AccessError):
                line.write(values)
        with self.assertRaises(AccessError):
            intake.with_user(self.staff).write({"state": "done"})
