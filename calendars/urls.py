from django.urls import path

from calendars.views import calendar, feeds, search

app_name = "calendars"

urlpatterns = [
    path("activities/", search.activity_list, name="list"),
    path("activities/export.xlsx", search.activity_list_xlsx, name="list_xlsx"),
    path("plans/<int:pk>/year/", calendar.plan_year_grid, name="plan_year"),
    path("committees/<int:pk>/<int:year>/", calendar.committee_year_grid, name="committee_year"),
    path("committees/<int:pk>/<int:year>/<int:month>/", calendar.month_calendar, name="month"),
    path("calendar/feeds/", feeds.feeds, name="feeds"),
    path("calendar/<slug:token>.ics", feeds.feed, name="feed"),
]
