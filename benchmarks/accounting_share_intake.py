"""Benchmark: the guia intake of N one-page guias for N of C clients, then sending.

    python3 benchmarks/accounting_share_intake.py <odoo.conf> <database> [N] [C]

Use a throwaway database with accounting_share installed (e.g. a copy of the test
database): the script commits C clients (default 5,000) with valid CNPJs, portal
users and folders for N of them (default 500), an upload of their N guias and the
N dispatches it sends.

In the same process it measures:
1. reading: the floor is pypdf alone extracting the text of the N PDFs (no
   database); our run is "Read Files" on an upload of the N PDFs (policy checks,
   text, ONE matching query for the batch, attachments and lines in batched
   creates, duplicate check). The same read of N/10 PDFs shows that the number of
   queries does not grow with the number of documents;
2. sending: the floor is a bare batch `accounting.share.dispatch.create` + `_send`
   of the same N documents, rolled back; our run is Confirm + Send, then the
   scheduled action called batch after batch, each batch committed, as the
   scheduler does;
3. a rerun of the scheduled action, which must send nothing.
Prints times and query counts side by side, then one BENCH-ROW per figure.
"""

import io
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from benchmarks.bench_table import emit_row  # noqa: E402
from scripts.odoo_env import odoo_env  # noqa: E402

TAG = "Bench intake client"
SEND_BATCH = 50


def measure(env, func):
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    result = func()
    env.flush_all()
    return result, time.perf_counter() - start, env.cr.sql_log_count - queries


def cnpj(number):
    from odoo.addons.accounting_share.tools.guia_text import _check_digit

    digits = f"{number:08d}0001"
    weights = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
    digits += _check_digit(digits, weights)
    digits += _check_digit(digits, [6, *weights])
    return f"{digits[:2]}.{digits[2:5]}.{digits[5:8]}/{digits[8:12]}-{digits[12:]}"


def guia_pdf(client):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("Helvetica", 10)
    lines = (
        "Documento de Arrecadação do Simples Nacional",
        "CNPJ                      Razão Social",
        f"{client.vat}        {client.name}",
        "Período de Apuração     Data de Vencimento     Número do Documento",
        f"Outubro/2031     20/11/2031     07.20.{client.id:05d}.1234567-8",
        "Valor Total do Documento",
        f"{client.id % 9000 + 100},{client.id % 100:02d}",
    )
    for offset, text in enumerate(lines):
        pdf.drawString(40, 800 - 15 * offset, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def ensure_clients(env, count, with_portal):
    partner_model = env["res.partner"]
    clients = partner_model.search([("name", "=like", f"{TAG} %")], order="id")
    if len(clients) < count:
        clients |= partner_model.create(
            [
                {
                    "name": f"{TAG} {n:05d}",
                    "is_company": True,
                    "vat": cnpj(70000000 + n),
                }
                for n in range(len(clients), count)
            ]
        )
    receivers = clients[:with_portal]
    without_user = receivers.filtered(lambda client: not client.child_ids.user_ids)
    if without_user:
        without_user.write({"reseller_is_client": True})
        contacts = partner_model.create(
            [
                {
                    "name": f"Contact {c.name}",
                    "parent_id": c.id,
                    "email": f"b{c.id}@x.example",
                }
                for c in without_user
            ]
        )
        env["res.users"].with_context(no_reset_password=True).create(
            [
                {
                    "login": f"bench_intake_{contact.id}",
                    "partner_id": contact.id,
                    "groups_id": [(6, 0, [env.ref("base.group_portal").id])],
                }
                for contact in contacts
            ]
        )
    env.cr.commit()
    return receivers


def new_intake(env, files, name):
    intake = env["accounting.share.intake"].create({"name": name})
    intake.attachment_ids = env["ir.attachment"].create(
        [
            {"name": n, "raw": c, "res_model": intake._name, "res_id": intake.id}
            for n, c in files
        ]
    )
    env.cr.commit()
    return intake


def main():
    conf_path, dbname = sys.argv[1:3]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    client_count = int(sys.argv[4]) if len(sys.argv) > 4 else 5000
    with odoo_env(conf_path, dbname, options=("--log-level=warn",)) as root_env:
        import pypdf

        setup_env = root_env(su=True)
        receivers = ensure_clients(setup_env, client_count, count)
        # Staff's work runs as the administrator, under the access rules.
        env = root_env(user=setup_env.ref("base.user_admin").id, su=False)
        receivers = receivers.with_env(env)
        files = [(f"das_{c.id}.pdf", guia_pdf(c)) for c in receivers]
        small = files[: max(count // 10, 1)]

        def floor_read():
            return [
                [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(c)).pages]
                for _n, c in files
            ]

        _texts, floor_time, _q = measure(env, floor_read)

        # One read first, rolled back, so that both measured reads find the
        # caches (access rules, parameters) as a running server has them.
        new_intake(env, files[:1], "Bench intake (warm-up)").action_read_files()
        env.cr.rollback()
        intake = new_intake(env, files, "Bench intake")
        _r, read_time, read_queries = measure(env, intake.action_read_files)
        env.cr.commit()
        # The same read at a tenth of the size, after the first (warm caches).
        intake_small = new_intake(env, small, "Bench intake (small)")
        _r, small_time, small_queries = measure(env, intake_small.action_read_files)
        intake_small.unlink()
        env.cr.commit()
        states = intake.line_ids.mapped("state")
        proposed = states.count("proposed")
        assert proposed == count, (proposed, {s: states.count(s) for s in set(states)})

        # Floor of the send: the same dispatches, bare create + _send, rolled back.
        lines = intake.line_ids

        def floor_send():
            dispatches = env["accounting.share.dispatch"].create(
                [line._prepare_dispatch_values() for line in lines]
            )
            dispatches._send()
            return dispatches

        dispatches, floor_send_time, floor_send_queries = measure(env, floor_send)
        assert set(dispatches.mapped("state")) == {"sent"}
        env.cr.rollback()
        env.invalidate_all()

        intake_model = env["accounting.share.intake"]

        def run_send():
            intake.action_confirm()
            intake.action_send()
            env.cr.commit()
            sent = 0
            while batch := intake_model._cron_send_confirmed(batch_size=SEND_BATCH):
                sent += len(batch)
                env.cr.commit()
            return sent

        sent, send_time, send_queries = measure(env, run_send)
        assert sent == count, sent
        assert set(intake.line_ids.mapped("state")) == {"sent"}

        def rerun():
            return len(intake_model._cron_send_confirmed(batch_size=SEND_BATCH))

        again, rerun_time, rerun_queries = measure(env, rerun)
        assert again == 0
        env.cr.commit()

        per_doc = 1000 * read_time / count
        floor_per_doc = 1000 * floor_time / count
        print(f"guias: {count} one-page PDFs for {count} of {client_count} clients")
        print(
            f"read floor (pypdf text only):      {floor_time:7.2f} s "
            f"{floor_per_doc:6.1f} ms/doc"
        )
        print(
            f"read ours ({count:4d} docs):            {read_time:7.2f} s "
            f"{per_doc:6.1f} ms/doc {read_queries:6d} queries"
        )
        print(
            f"read ours ({len(small):4d} docs):            {small_time:7.2f} s "
            f"{1000 * small_time / len(small):6.1f} ms/doc {small_queries:6d} queries"
        )
        print(
            f"send floor (bare create + _send):  {floor_send_time:7.2f} s "
            f"{floor_send_queries:7d} queries"
        )
        print(
            f"send ours (batches of {SEND_BATCH}, committed): {send_time:7.2f} s "
            f"{send_queries:7d} queries  ratio {send_time / floor_send_time:.2f}x"
        )
        print(
            f"rerun (sends 0):                   {rerun_time:7.3f} s "
            f"{rerun_queries:7d} queries"
        )
        emit_row(
            f"guia intake read, {count} PDFs / {client_count} clients (ms per doc)",
            "<= 3x pypdf text extraction",
            round(per_doc, 1),
            round(floor_per_doc, 1),
            per_doc <= 3 * floor_per_doc,
            unit="ms",
        )
        # The ORM inserts and updates in batches of 100 rows (attachments, lines,
        # their company): a few queries per 100 documents, none per document.
        extra_per_100 = (
            100 * (read_queries - small_queries) / max(count - len(small), 1)
        )
        emit_row(
            f"guia intake read, extra queries per 100 more PDFs ({count} vs "
            f"{len(small)}: {read_queries} vs {small_queries})",
            "<= 5 (ORM batches of 100, no query per document)",
            round(extra_per_100, 1),
            None,
            extra_per_100 <= 5,
            unit="queries",
        )
        emit_row(
            f"guia send, {count} confirmed, committed batches of {SEND_BATCH}",
            "<= 1.5x bare dispatch create + _send",
            round(send_time, 2),
            round(floor_send_time, 2),
            send_time <= 1.5 * floor_send_time,
            unit="s",
        )
        emit_row(
            "guia send rerun",
            "sends nothing",
            again,
            None,
            again == 0,
            unit="dispatches",
        )


if __name__ == "__main__":
    main()
