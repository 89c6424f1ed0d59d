from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app of the project leans on and that belongs to none of them."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from core import lookups

        lookups.register()
