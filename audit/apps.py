from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        # Logins, logouts and failed logins happen inside Django and django-axes;
        # their signals are the only place to hear of them.
        from audit import receivers  # noqa: F401
