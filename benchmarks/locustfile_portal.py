"""Locust users for benchmarks/load_portal.py: portal clients of the demo database.

Run by load_portal.py inside its own virtual environment (Locust's pins clash with
Odoo's gevent and urllib3): this file imports nothing from Odoo. Each user takes one
of the sessions load_portal.py logged in ($LOAD_SESSIONS_FILE, over the three demo
clients), reads its client's list pages once, then browses /my, folders, downloads,
orders, invoices and publications, and uploads small text files with the CSRF token
of the folder page. The name of every upload the server accepted is written to
$LOAD_UPLOADS_FILE at the end, for load_portal.py to find them in the database.
"""

import itertools
import json
import os
import random
import re
import uuid

from locust import HttpUser, between, events, task

# The sessions load_portal.py logged in, one per user, over the three clients.
with open(os.environ["LOAD_SESSIONS_FILE"], encoding="utf-8") as _file:
    _SESSIONS = itertools.cycle(json.load(_file))

UPLOADED = []

CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
FOLDER = re.compile(r'href="/my/files/(\d+)"')
DOWNLOAD = re.compile(r'href="(/my/files/file/\d+/download)"')
ORDER = re.compile(r'href="(/my/orders/\d+)[?"]')
INVOICE = re.compile(r'href="(/my/invoices/\d+)[?"]')
PUBLICATION = re.compile(r'href="(/my/accounting/\d+)[?"]')
UPLOAD_FORM = re.compile(r'action="(/my/files/\d+/upload)"')


class PortalClient(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self):
        session = next(_SESSIONS)
        self.login = session["login"]
        self.client.cookies.set("session_id", session["session_id"])
        self.links = {}
        self._discover()

    def _discover(self):
        """The links of this client's pages, read once from its list pages."""
        pages = {
            "folders": ("/my/files", FOLDER),
            "quotations": ("/my/quotes", ORDER),
            "orders": ("/my/orders", ORDER),
            "invoices": ("/my/invoices", INVOICE),
            "publications": ("/my/accounting", PUBLICATION),
        }
        for key, (url, pattern) in pages.items():
            text = self._get(url, f"{url} (list)")
            self.links[key] = sorted(set(pattern.findall(text or "")))
            if key == "folders":
                self.links["downloads"] = sorted(set(DOWNLOAD.findall(text or "")))
                self.upload_form = UPLOAD_FORM.search(text or "")
        # Quotations and orders are both read at /my/orders/<id>.
        self.links["orders"] += self.links.pop("quotations")

    def _get(self, url, name):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{url}: HTTP {response.status_code}")
            elif "/web/login" in response.url:
                response.failure(f"{url}: sent back to the login page")
            return response.text

    def _visit(self, key, name):
        if self.links.get(key):
            self._get(random.choice(self.links[key]), name)

    @task(3)
    def home(self):
        self._get("/my", "/my")

    @task(3)
    def folder(self):
        if self.links.get("folders"):
            text = self._get(random.choice(self.links["folders"]), "folder")
        else:
            text = self._get("/my/files", "/my/files (list)")
        # The files of the folders browsed become downloads.
        downloads = set(self.links.get("downloads", [])) | set(
            DOWNLOAD.findall(text or "")
        )
        self.links["downloads"] = sorted(downloads)

    @task(2)
    def download(self):
        self._visit("downloads", "download")

    @task(2)
    def order(self):
        self._visit("orders", "order")

    @task(2)
    def invoice(self):
        self._visit("invoices", "invoice")

    @task(2)
    def publication(self):
        self._visit("publications", "publication")

    @task(1)
    def upload(self):
        if not self.upload_form:
            return
        action = self.upload_form.group(1)
        folder_url = action.rsplit("/", 1)[0]
        page = self._get(folder_url, "folder")
        match = CSRF.search(page or "")
        if not match:
            return
        name = f"load-{uuid.uuid4().hex[:12]}.txt"
        with self.client.post(
            action,
            data={"csrf_token": match.group(1)},
            files={"files": (name, b"load test %s\n" % name.encode(), "text/plain")},
            name="upload",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "/web/login" in response.url:
                response.failure(f"upload: HTTP {response.status_code}")
            elif "alert-danger" in response.text:
                response.failure("upload: refused by the server")
            else:
                UPLOADED.append(name)


@events.test_stop.add_listener
def _write_uploads(environment, **kwargs):
    path = os.environ.get("LOAD_UPLOADS_FILE")
    if path:
        with open(path, "w", encoding="utf-8") as file:
            json.dump(UPLOADED, file)
