from odoo.tests import tagged

from .common import ResellerFilesHttpCase


@tagged("post_install", "-at_install")
class TestDownloadLog(ResellerFilesHttpCase):
    """Every door that hands the client a file's content logs the download."""

    def _logged(self):
        return self.env["reseller.file.download"].search(
            [("file_id", "=", self.file_a.id), ("user_id", "=", self.portal_a.id)]
        )

    def test_version_and_zip_downloads_are_logged(self):
        self.file_a.with_user(self.portal_a).sudo()._portal_new_version(b"%PDF v2")
        version = self.file_a.version_ids
        self.authenticate("http_a", "http_a_pwd_1")
        url = f"/my/files/file/{self.file_a.id}/version/{version.id}/download"
        self.assertEqual(self.url_open(url).status_code, 200)
        self.assertEqual(len(self._logged()), 1)
        response = self.url_open(f"/my/files/{self.root_a.id}/zip")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self._logged()), 2)
        # another client's zip logs nothing of this tree
        self.authenticate("http_b", "http_b_pwd_1")
        self.assertEqual(
            self.url_open(f"/my/files/{self.root_a.id}/zip").status_code, 404
        )
        self.assertEqual(len(self._logged()), 2)
