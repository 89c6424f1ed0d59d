from django.urls import path

from activities.views import editing

app_name = "activities"

urlpatterns = [
    path("sections/<int:section_pk>/activities/new/", editing.activity_create, name="create"),
    path("activities/<int:pk>/edit/", editing.activity_edit, name="edit"),
    path(
        "sections/<int:section_pk>/activities/schedule-preview/",
        editing.schedule_preview,
        name="schedule_preview",
    ),
    path("activities/<int:pk>/delete/", editing.activity_delete, name="delete"),
    path("activities/<int:pk>/move/", editing.activity_move, name="move"),
]
