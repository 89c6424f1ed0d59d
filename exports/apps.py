from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "exports"
    # The app was called jobs: its tables and migrations keep that label.
    label = "jobs"
    verbose_name = _("Background exports")
