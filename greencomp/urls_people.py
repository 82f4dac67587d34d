from django.urls import path

from . import views_people as views

app_name = "people"
urlpatterns = [
    path("competitions/<int:pk>/divisions/<int:division_pk>/officers/", views.officers, name="officers"),
    path("competitions/<int:pk>/divisions/<int:division_pk>/officers/<int:membership_pk>/remove/",
         views.officer_remove, name="officer_remove"),
    path("competitions/<int:pk>/officers/import/", views.officer_import, name="officer_import"),
    path("competitions/<int:pk>/officers/import/template.xlsx", views.officer_import_template,
         name="officer_import_template"),
    path("competitions/<int:pk>/contacts/", views.contacts_table, name="contacts_table"),
    path("competitions/<int:pk>/contacts/export/", views.contacts_export, name="contacts_export"),
    path("divisions/<int:division_pk>/contacts/", views.contacts, name="contacts"),
    path("options/accounts/", views.account_options_json, name="account_options"),
    path("options/divisions/", views.division_options_json, name="division_options"),
]
