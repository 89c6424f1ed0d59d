"""50 office users browsing, filtering, editing and exporting (bench/load/run.sh).

Each simulated user signs in as its own editor (load1 … load50, made by
prepare.py) and edits only its own part of a plan, so that at the end every
edit the server acknowledged must still be in the database (check.py). The
acknowledged edits, and the last edit each user sent (which the run may have
stopped before its answer came), are written to ACKED_FILE when the run stops.

FastHttpUser (geventhttpclient) rather than HttpUser (requests): the generator
shares the server's two cores, and it needs several times less CPU per request.
"""

import json
import os
import random
import re
from html.parser import HTMLParser
from itertools import count
from pathlib import Path

from locust import FastHttpUser, between, events, task

TARGETS = json.loads(
    Path(os.environ.get("LOAD_TARGETS", "/tmp/cppcc-load/targets.json")).read_text()
)
ACKED_FILE = os.environ.get("LOAD_ACKED", "/tmp/cppcc-load/acked.json")
PASSWORD = "load-test-password"
numbers = count(1)
acknowledged: dict[str, str] = {}  # username: the last body the server saved
sent: dict[str, str] = {}  # username: the last body sent, answered or not


class FormFields(HTMLParser):
    """The fields a browser would send for the first form whose action matches."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.fields = action, False, {}
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("action", "").startswith(self.action) and not self.fields:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.fields[name] = attrs.get("value", "on")
            elif kind not in {"submit", "button"}:
                self.fields[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self.textarea, self.fields[name] = name, ""
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.inside and self.textarea:
            self.fields[self.textarea] += data


def form_fields(html: str, action: str) -> dict:
    parser = FormFields(action)
    parser.feed(html)
    return parser.fields


class OfficeUser(FastHttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        self.username = f"load{next(numbers)}"
        self.target = TARGETS["users"][self.username]
        page = self.client.get("/login/", name="login page").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        self.client.post(
            "/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="login",
        )

    @task(4)
    def plan_list(self):
        self.client.get("/", name="plan list")

    @task(2)
    def plan_list_filtered(self):
        year = random.choice(TARGETS["years"])
        self.client.get(f"/?year={year}&q=协商", name="plan list, filtered")

    @task(3)
    def plan_page(self):
        self.client.get(f"/plans/{random.choice(TARGETS['plans'])}/", name="plan editor")

    @task(3)
    def activity_search(self):
        year = random.choice(TARGETS["years"])
        month = random.randint(1, 12)
        self.client.get(f"/activities/?year={year}&month={month}", name="activity search")

    @task(1)
    def year_grid(self):
        self.client.get(f"/plans/{random.choice(TARGETS['plans'])}/year/", name="year grid")

    @task(2)
    def edit_own_part(self):
        url = f"/sections/{self.target['section']}/edit/"
        fields = form_fields(self.client.get(url, name="part form").text, url)
        body = f"{self.username}第{next(numbers)}次修改：加强调查研究，提高协商质量。"
        fields["body"] = body
        sent[self.username] = body
        with self.client.post(
            url, fields, name="save part", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 302:
                acknowledged[self.username] = body
                response.success()
            else:
                response.failure(f"not saved: {response.status_code}")

    @task(1)
    def export_json(self):
        plan = random.choice(TARGETS["plans"])
        self.client.get(f"/plans/{plan}/export/json/", name="export json")

    @task(1)
    def export_pdf(self):
        plan = self.target["plan"]
        response = self.client.get(f"/plans/{plan}/export/pdf/", name="export pdf")
        # A new file is made in the background: its page polls until it is ready.
        if "/exports/" in response.url:
            self.client.get(response.url, name="export job page")


@events.test_stop.add_listener
def save_acknowledged(**kwargs):
    with open(ACKED_FILE, "w") as out:
        json.dump({"acknowledged": acknowledged, "sent": sent}, out, ensure_ascii=False)
