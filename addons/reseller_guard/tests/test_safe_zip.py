import io
import zipfile

from odoo.tests import TransactionCase, tagged

from odoo.addons.reseller_guard.tools import ZipRefused, read_zip_entries


def build_zip(entries, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    buffer.seek(0)
    return buffer


@tagged("post_install", "-at_install")
class TestSafeZip(TransactionCase):
    def test_entries_are_read_and_unsafe_paths_refused_one_by_one(self):
        entries = read_zip_entries(
            self.env,
            build_zip(
                [
                    ("a/ok.pdf", b"%PDF ok"),
                    ("../up.pdf", b"x"),
                    ("/root.pdf", b"x"),
                    ("a\\b.pdf", b"x"),
                    ("a/.hidden.pdf", b"x"),
                    ("__MACOSX/a/._ok.pdf", b"x"),
                ]
            ),
            max_entries=10,
            max_expanded_size=1024,
        )
        by_name = {name: (content, problem) for name, content, problem in entries}
        self.assertEqual(by_name.pop("a/ok.pdf"), (b"%PDF ok", None))
        self.assertEqual(
            set(by_name), {"../up.pdf", "/root.pdf", "a\\b.pdf", "a/.hidden.pdf"}
        )
        for content, problem in by_name.values():
            self.assertIsNone(content)
            self.assertTrue(problem)

    def test_too_many_entries_refuse_the_whole_zip(self):
        archive = build_zip([(f"{n}.pdf", b"x") for n in range(11)])
        with self.assertRaisesRegex(ZipRefused, "11 entries"):
            read_zip_entries(self.env, archive, max_entries=10, max_expanded_size=1024)

    def test_expanded_bytes_are_counted_whatever_the_directory_says(self):
        archive = build_zip([("a.pdf", b"\0" * 600), ("b.pdf", b"\0" * 600)])
        with self.assertRaisesRegex(ZipRefused, "MB allowed"):
            read_zip_entries(self.env, archive, max_entries=10, max_expanded_size=1000)
        archive.seek(0)
        entries = read_zip_entries(
            self.env, archive, max_entries=10, max_expanded_size=1200
        )
        self.assertEqual([len(content) for _n, content, _p in entries], [600, 600])

    def test_damaged_zip_is_refused(self):
        with self.assertRaisesRegex(ZipRefused, "damaged"):
            read_zip_entries(self.env, io.BytesIO(b"PK\x03\x04 not a zip"), 10, 1024)
