"""Screenshot an Odoo page as a logged-in user, for the README's picture.

    python3 scripts/screenshot.py http://127.0.0.1:8069 LOGIN PASSWORD /my out.png

Logs in over HTTP, hands the session cookie to headless Chromium through the
DevTools protocol (websocket-client), and saves a PNG.
"""

import base64
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import requests
import websocket


def login(base_url, user, password):
    session = requests.Session()
    page = session.get(f"{base_url}/web/login", timeout=30)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    session.post(
        f"{base_url}/web/login",
        data={"login": user, "password": password, "csrf_token": csrf},
        timeout=60,
    )
    return session.cookies["session_id"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main():
    base_url, user, password, path, output = sys.argv[1:6]
    session_id = login(base_url, user, password)
    port = free_port()
    profile = tempfile.mkdtemp()
    chrome = subprocess.Popen(
        [
            shutil.which("chromium") or "google-chrome",
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--remote-debugging-port={port}",
            "--window-size=1280,860",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                targets = requests.get(
                    f"http://127.0.0.1:{port}/json", timeout=2
                ).json()
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        page = next(t for t in targets if t["type"] == "page")
        ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        counter = iter(range(1, 1000))

        def call(method, **params):
            message_id = next(counter)
            ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
            while True:
                message = json.loads(ws.recv())
                if message.get("id") == message_id:
                    return message.get("result", {})

        call("Network.enable")
        call(
            "Network.setCookie",
            name="session_id",
            value=session_id,
            url=base_url,
        )
        call("Page.enable")
        call("Page.navigate", url=base_url + path)
        time.sleep(4)
        shot = call("Page.captureScreenshot", format="png")
        with open(output, "wb") as out:
            out.write(base64.b64decode(shot["data"]))
    finally:
        chrome.terminate()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
