"""Grading-campaign routes of the city register and 绩效提升企业清单 (附件3). The three apps' grading routes
share the namespace "grading", composed in greencomp/urls.py."""

from django.urls import path

from . import views_grading as views

urlpatterns = [
    path("", views.start, name="start"),
    path("<int:competition_pk>/list/export.xlsx", views.province_item_export, name="province_list_export"),
    path("cities/<int:division_pk>/enterprises/", views.enterprise_list, name="enterprise_list"),
    path("cities/<int:division_pk>/enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("cities/<int:division_pk>/enterprises/import/", views.enterprise_import, name="enterprise_import"),
    path("cities/<int:division_pk>/enterprises/template.xlsx", views.enterprise_template,
         name="enterprise_template"),
    path("cities/<int:division_pk>/enterprises/export.xlsx", views.enterprise_export, name="enterprise_export"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("cities/<int:division_pk>/list/", views.item_list, name="list"),
    path("cities/<int:division_pk>/list/new/", views.item_create, name="item_create"),
    path("cities/<int:division_pk>/list/import/", views.item_import, name="item_import"),
    path("cities/<int:division_pk>/list/template.xlsx", views.item_template, name="item_template"),
    path("cities/<int:division_pk>/list/export.xlsx", views.item_export, name="list_export"),
    path("cities/<int:division_pk>/list/submit/", views.list_submit, name="list_submit"),
    path("cities/<int:division_pk>/list/reopen/", views.list_reopen, name="list_reopen"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", views.item_delete, name="item_delete"),
]
