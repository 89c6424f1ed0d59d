from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

admin.site.site_header = _("CPPCC annual work plans")
admin.site.site_title = _("CPPCC annual work plans")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # The plan list becomes the home page with the authoring issue; until then
    # the administration is the only user interface.
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False), name="home"),
    path("admin/", admin.site.urls),
]
