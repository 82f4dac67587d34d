from django.urls import path

from . import views

app_name = "competitions"
urlpatterns = [
    path("", views.competition_list, name="list"),
    path("new/", views.competition_create, name="create"),
    path("<int:pk>/", views.competition_detail, name="detail"),
    path("<int:pk>/edit/", views.competition_edit, name="edit"),
    path("<int:pk>/copy/", views.competition_copy, name="copy"),
    path("<int:pk>/divisions/", views.division_list, name="divisions"),
    path("<int:pk>/divisions/new/", views.division_create, name="division_create"),
    path("<int:pk>/divisions/from-notice/", views.divisions_from_notice, name="divisions_from_notice"),
    path("<int:pk>/divisions/from-notice/import/", views.divisions_from_notice_import,
         name="divisions_from_notice_import"),
    path("<int:pk>/divisions/<int:division_pk>/", views.division_edit, name="division_edit"),
    path("<int:pk>/divisions/<int:division_pk>/move/", views.division_move, name="division_move"),
]
