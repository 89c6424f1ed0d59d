from django.urls import path

from editor.views import activities, checks, history, new_year, plans, sections

app_name = "editor"

urlpatterns = [
    path("", plans.plan_list, name="list"),
    path("plans/new/", plans.plan_create, name="create"),
    path("plans/<int:pk>/", plans.plan_detail, name="detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="edit"),
    path("plans/<int:pk>/delete/", plans.plan_delete, name="delete"),
    path("plans/<int:pk>/history/", history.plan_history, name="history"),
    path("plans/<int:pk>/preview/", plans.plan_preview, name="preview"),
    path("plans/<int:pk>/check/", checks.check_page, name="check"),
    path("plans/<int:pk>/new-year/", new_year.plan_new_year, name="new_year"),
    path("plans/<int:pk>/check/acknowledge/", checks.acknowledge, name="acknowledge"),
    path("plans/<int:plan_pk>/sections/new/", sections.section_create, name="section_create"),
    path("sections/<int:pk>/edit/", sections.section_edit, name="section_edit"),
    path("sections/<int:pk>/delete/", sections.section_delete, name="section_delete"),
    path("sections/<int:pk>/move/", sections.section_move, name="section_move"),
    path(
        "sections/<int:section_pk>/activities/new/",
        activities.activity_create,
        name="activity_create",
    ),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path(
        "sections/<int:section_pk>/activities/schedule-preview/",
        activities.schedule_preview,
        name="activity_schedule_preview",
    ),
    path("activities/<int:pk>/delete/", activities.activity_delete, name="activity_delete"),
    path("activities/<int:pk>/move/", activities.activity_move, name="activity_move"),
]
