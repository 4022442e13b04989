"""Peak resident memory the Odoo process adds to upload and download 200 MB.

Target: download streams (under 20 MB added); upload adds no more than the
file's size. Measured on a real Odoo server (threaded, workers = 0): its peak
RSS (VmHWM) is reset before each request and read after it.

    python3 benchmarks/reseller_files_memory.py
"""

import os
import re
import time

from bench_table import emit_row
from reseller_files_common import Server, create_database, create_portal_client, orm

DB = "reseller_bench_files_memory"
SIZE = 200 * 1024 * 1024
MB = 1024 * 1024


class MultipartBody:
    """A multipart/form-data body of `size` bytes of file, read in chunks by
    requests (it has a length, so it is sent with Content-Length, not chunked),
    never held whole in memory."""

    def __init__(self, token, size):
        self.boundary = "reseller-files-bench-boundary"
        self.head = (
            f"--{self.boundary}\r\n"
            'Content-Disposition: form-data; name="csrf_token"\r\n\r\n'
            f"{token}\r\n"
            f"--{self.boundary}\r\n"
            'Content-Disposition: form-data; name="files"; filename="big.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        self.tail = f"\r\n--{self.boundary}--\r\n".encode()
        self.size = size
        self.length = len(self.head) + size + len(self.tail)
        self.position = 0
        self.block = os.urandom(MB)

    def __len__(self):
        return self.length

    @property
    def headers(self):
        return {"Content-Type": f"multipart/form-data; boundary={self.boundary}"}

    def read(self, amount=-1):
        if amount is None or amount < 0:
            amount = MB
        out = []
        while amount > 0 and self.position < self.length:
            head_end = len(self.head)
            file_end = head_end + self.size
            if self.position < head_end:
                piece = self.head[self.position : self.position + amount]
            elif self.position < file_end:
                offset = (self.position - head_end) % MB
                piece = self.block[
                    offset : offset + min(amount, file_end - self.position)
                ]
            else:
                start = self.position - file_end
                piece = self.tail[start : start + amount]
            out.append(piece)
            self.position += len(piece)
            amount -= len(piece)
        return b"".join(out)


def main():
    create_database(DB)
    with orm(DB) as env:
        client = create_portal_client(env)
        folder_id = client._reseller_get_root_folder().id
    with Server(DB) as server:
        session = server.login()
        page = session.get(server.url(f"/my/files/{folder_id}"))
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        # warm up the upload and download code paths with a small file
        body = MultipartBody(token, MB)
        session.post(
            server.url(f"/my/files/{folder_id}/upload"), data=body, headers=body.headers
        )

        time.sleep(1)
        before = server.rss()["VmRSS"]
        server.reset_peak()
        body = MultipartBody(token, SIZE)
        start = time.perf_counter()
        response = session.post(
            server.url(f"/my/files/{folder_id}/upload"),
            data=body,
            headers=body.headers,
            allow_redirects=False,
        )
        upload_seconds = time.perf_counter() - start
        upload_peak = server.rss()["VmHWM"] - before
        assert response.status_code == 303, response.status_code
        # The outcome travels in the session now (reseller_guard's flash), not in the
        # URL: the stored file below is the proof.
        assert response.headers["Location"].endswith(f"/my/files/{folder_id}")

        with orm(DB) as env:
            file = env["reseller.file"].search(
                [("folder_id", "=", folder_id), ("file_size", "=", SIZE)], limit=1
            )
            assert file, "the 200 MB upload was not stored"
            file_id = file.id
        time.sleep(1)
        before = server.rss()["VmRSS"]
        server.reset_peak()
        start = time.perf_counter()
        received = 0
        with session.get(
            server.url(f"/my/files/file/{file_id}/download"), stream=True
        ) as response:
            response.raise_for_status()
            for chunk in response.iter_content(MB):
                received += len(chunk)
        download_seconds = time.perf_counter() - start
        download_peak = server.rss()["VmHWM"] - before
        assert received == SIZE, received

    print("reseller_files: 200 MB through the portal routes (Odoo process RSS)")
    print(
        f"  upload:   +{upload_peak / MB:6.1f} MB peak  ({upload_seconds:.1f} s)"
        "   target: <= 200 MB"
    )
    print(
        f"  download: +{download_peak / MB:6.1f} MB peak  ({download_seconds:.1f} s)"
        "   target: < 20 MB"
    )
    emit_row(
        "200 MB portal upload: peak RSS added",
        "<= 200 MB",
        round(upload_peak / MB, 1),
        unit="MB",
        met=upload_peak <= 200 * MB,
    )
    emit_row(
        "200 MB portal download: peak RSS added",
        "< 20 MB",
        round(download_peak / MB, 1),
        unit="MB",
        met=download_peak < 20 * MB,
    )


if __name__ == "__main__":
    main()
