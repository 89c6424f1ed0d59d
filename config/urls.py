from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config.health import healthz

admin.site.site_header = _("CPPCC annual work plans")
admin.site.site_title = _("CPPCC annual work plans")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("audit/", include("audit.urls")),
    path("", include("editor.urls")),
    path("", include("importing.urls")),
    path("", include("calendars.urls")),
    path("", include("progress.urls")),
    path("", include("exports.urls")),
    path("trash/", include("trash.urls")),
    path("", include("reviews.urls")),
]
