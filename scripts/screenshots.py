"""Take the screenshots of dossier_crm/static/description/ (run by scripts/screenshots).

It runs inside ``odoo shell`` on the demo database (``env`` is Odoo's), so that
it has the Python that runs Odoo, with ``websocket-client`` and Pillow, and
reads the demo's record ids; the pages come from the Odoo server that
scripts/screenshots started. It drives headless Chromium through the Chrome
DevTools protocol, logged in as a dossier manager, at 1440 x 900.
"""

import base64
import http.cookiejar
import io
import json
import os
import resource
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket  # websocket-client: Odoo's browser tests use it too
from PIL import Image, ImageChops

URL = os.environ["DOSSIER_SHOTS_URL"]
DB = os.environ["DOSSIER_SHOTS_DB"]
OUT = Path(os.environ["DOSSIER_SHOTS_OUT"])
SUFFIX = os.environ.get("DOSSIER_SHOTS_SUFFIX", "")  # _ru_RU: a Russian demo
LOGIN = os.environ.get("DOSSIER_SHOTS_LOGIN", "anna")  # a dossier manager
WIDTH, HEIGHT = 1440, 900
TIMEZONE = "Europe/Moscow"  # the demo firm's (St Petersburg)
TIMEOUT = 60


def _unlimited_address_space():
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


class Chrome:
    """Headless Chromium on a fresh profile, one page, driven over CDP."""

    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix="dossier-shots-")
        self.process = subprocess.Popen(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={self.profile}",
                "--remote-debugging-port=0",
                f"--window-size={WIDTH},{HEIGHT}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # Odoo limits its own address space (limit_memory_hard), which
            # Chromium outgrows at start: lift it for Chromium, as Odoo's
            # browser tests do.
            preexec_fn=_unlimited_address_space,  # noqa: PLW1509
        )
        port_file = Path(self.profile, "DevToolsActivePort")
        port = self._wait(lambda: port_file.exists() and port_file.read_text().split())
        with urllib.request.urlopen(f"http://127.0.0.1:{port[0]}/json/list") as answer:
            page = next(t for t in json.load(answer) if t["type"] == "page")
        self.ws = websocket.create_connection(
            page["webSocketDebuggerUrl"], suppress_origin=True, timeout=TIMEOUT
        )
        self.last_id = 0
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )
        # Odoo shows dates in the browser's time zone: the firm's.
        self.send("Emulation.setTimezoneOverride", timezoneId=TIMEZONE)

    @staticmethod
    def _wait(check, what="Chromium"):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            result = check()
            if result:
                return result
            time.sleep(0.25)
        raise TimeoutError(f"timed out waiting for {what}")

    def send(self, method, **params):
        self.last_id += 1
        self.ws.send(
            json.dumps({"id": self.last_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.last_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True
        )
        return result.get("result", {}).get("value")

    def open(self, url, ready, then=None):
        """Open url, wait for the ``ready`` selector and Odoo to be idle, run
        the ``then`` script (a click), wait again."""
        self.send("Page.navigate", url=url)
        for script in (None, then):
            if script:
                self.evaluate(script)
            self._wait(
                lambda: self.evaluate(
                    f"!!document.querySelector({json.dumps(ready)})"
                    " && !document.querySelector('.o_loading_indicator, .o_blockUI')"
                    " && document.readyState === 'complete'"
                ),
                what=url,
            )
            time.sleep(1.5)  # the last rendering and fonts

    def screenshot(self):
        data = self.send("Page.captureScreenshot", format="png")["data"]
        return base64.b64decode(data)

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def save(png, name, crop=False):
    """Write a screenshot as a 256-colour PNG: a fifth of the size, and still
    sharp for a user interface. ``crop`` cuts the blank paper around a page
    down to a margin."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    if crop:
        blank = Image.new("RGB", image.size, "white")
        left, top, right, bottom = ImageChops.difference(image, blank).getbbox()
        margin = 30
        image = image.crop(
            (
                max(left - margin, 0),
                max(top - margin, 0),
                min(right + margin, image.width),
                min(bottom + margin, image.height),
            )
        )
    target = OUT / f"{name}{SUFFIX}.png"
    image.quantize(colors=256).save(target, optimize=True)
    print(f"  {target} ({target.stat().st_size // 1024} KiB)")


def login(opener):
    body = json.dumps(
        {"jsonrpc": "2.0", "params": {"db": DB, "login": LOGIN, "password": LOGIN}}
    ).encode()
    request = urllib.request.Request(
        f"{URL}/web/session/authenticate",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    with opener.open(request) as answer:
        result = json.load(answer)
    if "error" in result:
        raise RuntimeError(f"cannot log in as {LOGIN}: {result['error']}")


def brief_png(opener, partner_id):
    """The brief of the client as a PDF from the server, its first page as PNG."""
    url = f"{URL}/report/pdf/dossier_crm.report_dossier_brief/{partner_id}"
    with opener.open(url, timeout=120) as answer:
        pdf = answer.read()
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "brief.pdf").write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "110",
                "-f",
                "1",
                "-singlefile",
                "brief.pdf",
                "brief",
            ],
            cwd=tmp,
            check=True,
        )
        return Path(tmp, "brief.png").read_bytes()


def main():
    client = env.ref("dossier_crm.partner_baltic_insurance").id  # noqa: F821
    # wkhtmltopdf fetches the brief's styles from report.url (else
    # web.base.url, which says port 8069): this server's.
    env["ir.config_parameter"].set_param("report.url", URL)  # noqa: F821
    env.cr.commit()  # noqa: F821
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login(opener)
    session = next(cookie.value for cookie in jar if cookie.name == "session_id")
    chrome = Chrome(os.environ.get("DOSSIER_SHOTS_CHROME", "chromium"))
    try:
        chrome.send("Network.setCookie", name="session_id", value=session, url=URL)
        shots = [
            (
                "screenshot_dossier",
                f"{URL}/odoo/action-dossier_crm.action_dossier_client/{client}",
                ".o_form_view .o_notebook",
                "document.querySelector('.o_notebook a[name=\"dossier\"]').click();"
                "document.querySelector('.o_notebook').scrollIntoView()",
            ),
            (
                "screenshot_contact_log",
                f"{URL}/odoo/action-dossier_crm.action_dossier_contact?view_type=list",
                ".o_list_view .o_data_row",
                None,
            ),
            (
                "screenshot_contacts_and_deals",
                f"{URL}/odoo/action-dossier_crm.action_dossier_contact_report",
                ".o_pivot table",
                None,
            ),
            (
                "screenshot_receivables",
                f"{URL}/odoo/action-dossier_crm.action_dossier_receivable_report",
                ".o_list_view .o_data_row",
                None,
            ),
        ]
        for name, url, ready, then in shots:
            chrome.open(url, ready, then)
            save(chrome.screenshot(), name)
        save(brief_png(opener, client), "screenshot_brief", crop=True)
    finally:
        chrome.close()


main()
