"""The grading campaign (issue 7), namespace "grading": city register and list (applications), assessments,
violations and disclosure (reviews), dashboard and targets (quotas)."""

from django.urls import path

from quotas import views_grading as targets
from reviews import views_grading as reviews

from . import views_grading as views

app_name = "grading"
urlpatterns = [
    path("", views.start, name="start"),
    path("<int:competition_pk>/", targets.dashboard, name="dashboard"),
    path("<int:competition_pk>/targets/", targets.targets, name="targets"),
    path("<int:competition_pk>/industries/new/", targets.industry_add, name="industry_add"),
    path("<int:competition_pk>/industries/<int:industry_pk>/branches/", targets.industry_branches,
         name="industry_branches"),
    path("<int:competition_pk>/export/<slug:table>.xlsx", targets.dashboard_export, name="dashboard_export"),
    path("<int:competition_pk>/list/export.xlsx", views.province_item_export, name="province_list_export"),
    path("<int:competition_pk>/batches/<int:batch_pk>/ab-list.xlsx", reviews.province_ab_list_export,
         name="province_ab_list"),
    path("cities/<int:division_pk>/enterprises/", views.enterprise_list, name="enterprise_list"),
    path("cities/<int:division_pk>/enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("cities/<int:division_pk>/enterprises/import/", views.enterprise_import, name="enterprise_import"),
    path("cities/<int:division_pk>/enterprises/template.xlsx", views.enterprise_template,
         name="enterprise_template"),
    path("cities/<int:division_pk>/enterprises/export.xlsx", views.enterprise_export, name="enterprise_export"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("enterprises/<int:pk>/violation/", reviews.violation_create, name="violation_create"),
    path("cities/<int:division_pk>/list/", views.item_list, name="list"),
    path("cities/<int:division_pk>/list/new/", views.item_create, name="item_create"),
    path("cities/<int:division_pk>/list/import/", views.item_import, name="item_import"),
    path("cities/<int:division_pk>/list/template.xlsx", views.item_template, name="item_template"),
    path("cities/<int:division_pk>/list/export.xlsx", views.item_export, name="list_export"),
    path("cities/<int:division_pk>/list/submit/", views.list_submit, name="list_submit"),
    path("cities/<int:division_pk>/list/reopen/", views.list_reopen, name="list_reopen"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path("cities/<int:division_pk>/assessments/", reviews.assessment_list, name="assessment_list"),
    path("cities/<int:division_pk>/assessments/new/", reviews.assessment_create, name="assessment_create"),
    path("cities/<int:division_pk>/batches/<int:batch_pk>/ab-list.xlsx", reviews.ab_list_export, name="ab_list"),
    path("assessments/<int:pk>/", reviews.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/spot-check/", reviews.spot_check, name="spot_check"),
    path("documents/<int:pk>/download/", reviews.document_download, name="document_download"),
    path("cities/<int:division_pk>/disclosure/", reviews.disclosure_publish, name="disclosure_publish"),
    path("public/<int:division_pk>/", reviews.public_disclosure, name="public"),
]
