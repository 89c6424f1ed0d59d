"""Fill the load-test database and write the simulated users' targets (bench/load/run.sh)."""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from organisation.models import Committee, StaffRole  # noqa: E402
from plans.models import Plan, Section  # noqa: E402

USERS = int(os.environ.get("LOAD_USERS", "50"))
PASSWORD = "load-test-password"


def main(out: Path) -> None:
    call_command("migrate", verbosity=0)
    call_command("generate_data", committees=10, years=2, activities=100, first_year=2026)
    province = Committee.objects.filter(parent=None, name__startswith="政协某省").latest("pk")
    plans = list(Plan.objects.filter(committee__in=[province, *province.children.all()]))
    parts = list(Section.objects.filter(plan__in=plans, parent=None).order_by("pk"))
    users = {}
    User = get_user_model()
    for number in range(1, USERS + 1):
        user = User.objects.create_user(f"load{number}", password=PASSWORD)
        StaffRole.objects.create(user=user, committee=province, role=StaffRole.Role.EDITOR)
        part = parts[number - 1]  # a part of its own, so that no edit overwrites another's
        users[user.username] = {"section": part.pk, "plan": part.plan_id}
    out.write_text(
        json.dumps(
            {
                "users": users,
                "plans": [plan.pk for plan in plans],
                "years": sorted({plan.year for plan in plans}),
            }
        )
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
