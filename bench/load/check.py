"""After the load test: every edit the server acknowledged is in the database.

A user's part must hold its last acknowledged edit, or the edit it sent after
that: the run can stop between the server's commit and its answer.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from plans.models import Section  # noqa: E402


def main(targets_file: Path, acked_file: Path) -> int:
    targets = json.loads(targets_file.read_text())["users"]
    saves = json.loads(acked_file.read_text())
    acked, sent = saves["acknowledged"], saves["sent"]
    lost = [
        username
        for username, body in acked.items()
        if Section.objects.get(pk=targets[username]["section"]).body not in {body, sent[username]}
    ]
    print(f"acknowledged edits checked: {len(acked)} users' last saves; lost: {len(lost)}")
    for username in lost:
        print(f"  LOST: {username}")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
