from django.urls import path

from plans.views import checks, exports, history, importing, plans, sections

app_name = "plans"

urlpatterns = [
    path("", plans.plan_list, name="list"),
    path("plans/new/", plans.plan_create, name="create"),
    path("plans/import/", importing.plan_import, name="import"),
    path("plans/import/save/", importing.plan_import_save, name="import_save"),
    path("plans/<int:pk>/", plans.plan_detail, name="detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="edit"),
    path("plans/<int:pk>/delete/", plans.plan_delete, name="delete"),
    path("plans/<int:pk>/history/", history.plan_history, name="history"),
    path("plans/<int:pk>/preview/", plans.plan_preview, name="preview"),
    path("plans/<int:pk>/export/<str:fmt>/", exports.plan_export, name="export"),
    path("plans/<int:pk>/check/", checks.check_page, name="check"),
    path("plans/<int:pk>/check/acknowledge/", checks.acknowledge, name="acknowledge"),
    path("plans/<int:plan_pk>/sections/new/", sections.section_create, name="section_create"),
    path("sections/<int:pk>/edit/", sections.section_edit, name="section_edit"),
    path("sections/<int:pk>/delete/", sections.section_delete, name="section_delete"),
    path("sections/<int:pk>/move/", sections.section_move, name="section_move"),
]
