"""Grading-campaign routes of the dashboard and the targets (附件1, 附件2); namespace "grading" (greencomp/urls.py)."""

from django.urls import path

from . import views_grading as views

urlpatterns = [
    path("<int:competition_pk>/", views.dashboard, name="dashboard"),
    path("<int:competition_pk>/targets/", views.targets, name="targets"),
    path("<int:competition_pk>/industries/new/", views.industry_add, name="industry_add"),
    path("<int:competition_pk>/industries/<int:industry_pk>/branches/", views.industry_branches,
         name="industry_branches"),
    path("<int:competition_pk>/export/<slug:table>.xlsx", views.dashboard_export, name="dashboard_export"),
]
