from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "organisation"
    # The app was called cppcc: its tables, migrations and permissions keep that label.
    label = "cppcc"
    verbose_name = _("Organisation")
