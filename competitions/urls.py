from django.urls import path

from . import views

app_name = "competitions"
urlpatterns = [
    path("", views.competition_list, name="list"),
    path("<int:pk>/", views.competition_detail, name="detail"),
    path("<int:pk>/divisions/", views.division_list, name="divisions"),
    path("<int:pk>/divisions/new/", views.division_create, name="division_create"),
    path("<int:pk>/divisions/<int:division_pk>/", views.division_edit, name="division_edit"),
    path("<int:pk>/divisions/<int:division_pk>/move/", views.division_move, name="division_move"),
]
