"""Grading-campaign routes of assessments, violations, 附件4 lists and 信息公开; namespace "grading"
(greencomp/urls.py)."""

from django.urls import include, path

from . import views_grading as views

urlpatterns = [
    path("<int:competition_pk>/batches/<int:batch_pk>/ab-list.xlsx", views.province_ab_list_export,
         name="province_ab_list"),
    path("enterprises/<int:pk>/violation/", views.violation_create, name="violation_create"),
    path("cities/<int:division_pk>/", include([
        path("assessments/", views.assessment_list, name="assessment_list"),
        path("assessments/new/", views.assessment_create, name="assessment_create"),
        path("batches/<int:batch_pk>/ab-list.xlsx", views.ab_list_export, name="ab_list"),
        path("disclosure/", views.disclosure_publish, name="disclosure_publish"),
    ])),
    path("assessments/<int:pk>/", include([
        path("", views.assessment_detail, name="assessment_detail"),
        path("spot-check/", views.spot_check, name="spot_check"),
    ])),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("public/<int:division_pk>/", views.public_disclosure, name="public"),
]
