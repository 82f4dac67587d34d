"""Grading-campaign routes of the city register and 绩效提升企业清单 (附件3). The three apps' grading routes
share the namespace "grading", composed in greencomp/urls.py."""

from django.urls import include, path

from . import views_grading as views

urlpatterns = [
    path("", views.start, name="start"),
    path("<int:competition_pk>/list/export.xlsx", views.province_item_export, name="province_list_export"),
    path("cities/<int:division_pk>/", include([
        path("enterprises/", include([
            path("", views.enterprise_list, name="enterprise_list"),
            path("new/", views.enterprise_create, name="enterprise_create"),
            path("import/", views.enterprise_import, name="enterprise_import"),
            path("template.xlsx", views.enterprise_template, name="enterprise_template"),
            path("export.xlsx", views.enterprise_export, name="enterprise_export"),
        ])),
        path("list/", include([
            path("", views.item_list, name="list"),
            path("new/", views.item_create, name="item_create"),
            path("import/", views.item_import, name="item_import"),
            path("template.xlsx", views.item_template, name="item_template"),
            path("export.xlsx", views.item_export, name="list_export"),
            path("submit/", views.list_submit, name="list_submit"),
            path("reopen/", views.list_reopen, name="list_reopen"),
        ])),
    ])),
    path("enterprises/<int:pk>/", include([
        path("", views.enterprise_detail, name="enterprise_detail"),
        path("edit/", views.enterprise_edit, name="enterprise_edit"),
    ])),
    path("items/<int:pk>/", include([
        path("edit/", views.item_edit, name="item_edit"),
        path("delete/", views.item_delete, name="item_delete"),
    ])),
]
