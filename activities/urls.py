from django.urls import path

from activities.views import calendar, editing, feeds, search

app_name = "activities"

urlpatterns = [
    path("activities/", search.activity_list, name="list"),
    path("activities/export.xlsx", search.activity_list_xlsx, name="list_xlsx"),
    path("sections/<int:section_pk>/activities/new/", editing.activity_create, name="create"),
    path("activities/<int:pk>/edit/", editing.activity_edit, name="edit"),
    path(
        "sections/<int:section_pk>/activities/schedule-preview/",
        editing.schedule_preview,
        name="schedule_preview",
    ),
    path("activities/<int:pk>/delete/", editing.activity_delete, name="delete"),
    path("activities/<int:pk>/move/", editing.activity_move, name="move"),
    path("plans/<int:pk>/year/", calendar.plan_year_grid, name="plan_year"),
    path("committees/<int:pk>/<int:year>/", calendar.committee_year_grid, name="committee_year"),
    path("committees/<int:pk>/<int:year>/<int:month>/", calendar.month_calendar, name="month"),
    path("calendar/feeds/", feeds.feeds, name="feeds"),
    path("calendar/<slug:token>.ics", feeds.feed, name="feed"),
]
