"""Peak resident memory the Odoo process adds to download a folder as a zip.

Target: streamed, like single downloads: < 20 MB added for 200 MB of files.
Side by side with the floor measured in the same run: the single download of
one file of the same total size.

    python3 benchmarks/reseller_files_zip.py [total MB]
"""

import io
import os
import sys
import time

from bench_table import emit_row
from reseller_files_common import Server, create_database, create_portal_client, orm

DB = "reseller_bench_files_zip"
MB = 1024 * 1024
FILES = 20


class RandomStream(io.RawIOBase):
    """`size` bytes of incompressible content, read in chunks, never whole."""

    def __init__(self, size):
        self.left = size
        self.block = os.urandom(MB)

    def readable(self):
        return True

    def read(self, amount=-1):
        amount = self.left if amount is None or amount < 0 else amount
        amount = min(amount, self.left, MB)
        self.left -= amount
        return self.block[:amount]


def _fill(total):
    with orm(DB) as env:
        client = create_portal_client(env)
        root = client._reseller_get_root_folder()
        zipped = root._reseller_get_or_create_child("Zipped")
        sub = zipped._reseller_get_or_create_child("Sub")
        per_file = total // FILES
        for index in range(FILES):
            target = sub if index % 2 else zipped
            target._reseller_add_file(f"part{index}.bin", RandomStream(per_file))
        big = root._reseller_get_or_create_child("Floor")
        file = big._reseller_add_file("whole.bin", RandomStream(per_file * FILES))
        return zipped.id, file.id


def _peak(server, session, url):
    time.sleep(1)
    before = server.rss()["VmRSS"]
    server.reset_peak()
    start = time.perf_counter()
    received = 0
    with session.get(server.url(url), stream=True) as response:
        response.raise_for_status()
        for chunk in response.iter_content(MB):
            received += len(chunk)
    return server.rss()["VmHWM"] - before, time.perf_counter() - start, received


def main():
    total = int(sys.argv[1]) * MB if len(sys.argv) > 1 else 200 * MB
    create_database(DB)
    root_id, whole_id = _fill(total)
    with Server(DB) as server:
        session = server.login()
        _peak(server, session, f"/my/files/file/{whole_id}/download")  # warm up
        floor = _peak(server, session, f"/my/files/file/{whole_id}/download")
        ours = _peak(server, session, f"/my/files/{root_id}/zip")
    print(f"reseller_files: a folder of {total // MB} MB as a zip (Odoo process RSS)")
    print(f"  {'':24}{'peak added':>12}{'time':>8}{'bytes sent':>14}")
    for label, (peak, seconds, sent) in (
        ("zip (ours)", ours),
        ("single download (floor)", floor),
    ):
        print(f"  {label:24}{peak / MB:>9.1f} MB{seconds:>7.1f}s{sent:>14,}")
    print("  target: < 20 MB added, like a single download")
    emit_row(
        f"zip of a {total // MB} MB folder: peak RSS added",
        "< 20 MB",
        round(ours[0] / MB, 1),
        round(floor[0] / MB, 1),
        met=ours[0] < 20 * MB,
        ratio="-",
        unit="MB",
    )


if __name__ == "__main__":
    main()
