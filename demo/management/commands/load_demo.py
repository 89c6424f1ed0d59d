from django.core.management.base import BaseCommand

from demo.data import DEMO_PASSWORD, LOGINS
from demo.load import load_demo


class Command(BaseCommand):
    help = "Load the demo committees, members, logins and plans (safe to run again)."

    def handle(self, *args, **options):
        load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        self.stdout.write("  admin    administrator")
        for username, (committee, role) in LOGINS.items():
            self.stdout.write(f"  {username:<8} {role} of the {committee} committee")
