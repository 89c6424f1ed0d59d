from django.urls import path

from exports.views import jobs, plans, summaries

app_name = "exports"

urlpatterns = [
    path("plans/<int:pk>/export/<str:fmt>/", plans.plan_export, name="plan"),
    path(
        "progress/committees/<int:pk>/<int:year>/summary/<str:period>/<str:fmt>/",
        summaries.summary_export,
        name="summary",
    ),
    path("exports/<uuid:pk>/", jobs.job_detail, name="detail"),
    path("exports/<uuid:pk>/download/", jobs.job_download, name="download"),
]
