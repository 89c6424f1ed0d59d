from django.urls import path

from progress.views import attachments, dashboard, members, recording, summaries

app_name = "progress"

urlpatterns = [
    path("progress/", dashboard.index, name="index"),
    path("progress/committees/<int:pk>/<int:year>/", dashboard.dashboard, name="dashboard"),
    path("progress/committees/<int:pk>/<int:year>/members/", members.member_list, name="members"),
    path(
        "progress/committees/<int:pk>/<int:year>/members.xlsx",
        members.member_list_xlsx,
        name="members_xlsx",
    ),
    path("progress/members/<int:pk>/<int:year>/", members.member_detail, name="member"),
    path(
        "progress/committees/<int:pk>/<int:year>/summary/<str:period>/",
        summaries.summary_preview,
        name="summary",
    ),
    path(
        "progress/committees/<int:pk>/<int:year>/summary/<str:period>/texts/",
        summaries.summary_edit,
        name="summary_edit",
    ),
    path("progress/activities/<int:pk>/", recording.activity_progress, name="activity"),
    path("progress/activities/<int:pk>/record/", recording.record_form, name="record"),
    path(
        "progress/activities/<int:pk>/outcomes/new/",
        recording.outcome_create,
        name="outcome_create",
    ),
    path("progress/outcomes/<int:pk>/edit/", recording.outcome_edit, name="outcome_edit"),
    path("progress/outcomes/<int:pk>/delete/", recording.outcome_delete, name="outcome_delete"),
    path(
        "progress/activities/<int:pk>/attachments/",
        attachments.attachment_upload,
        name="attachment_upload",
    ),
    path("progress/attachments/<int:pk>/", attachments.attachment_download, name="attachment"),
    path(
        "progress/attachments/<int:pk>/delete/",
        attachments.attachment_delete,
        name="attachment_delete",
    ),
]
