from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("plans/<int:pk>/workflow/", views.transition, name="transition"),
    path("plans/<int:pk>/revise/", views.revise, name="revise"),
    path("plans/<int:pk>/versions/", views.versions, name="versions"),
    path("plans/<int:pk>/compare/", views.compare, name="compare"),
    path("plans/<int:pk>/comments/", views.comments, name="comments"),
    path("comments/<int:pk>/resolve/", views.comment_resolve, name="comment_resolve"),
]
