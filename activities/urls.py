from django.urls import path

from activities import views

app_name = "activities"

urlpatterns = [
    path("sections/<int:section_pk>/activities/new/", views.activity_create, name="create"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="edit"),
    path(
        "sections/<int:section_pk>/activities/schedule-preview/",
        views.schedule_preview,
        name="schedule_preview",
    ),
    path("activities/<int:pk>/delete/", views.activity_delete, name="delete"),
    path("activities/<int:pk>/move/", views.activity_move, name="move"),
]
