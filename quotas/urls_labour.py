from django.urls import include, path

from . import views_labour as views

app_name = "quota_tables"
urlpatterns = [
    path("<int:pk>/", include([
        path("", views.quota_table_edit, name="edit"),
        path("import/", views.quota_table_import, name="import"),
        path("export.xlsx", views.quota_table_export_xlsx, name="export_xlsx"),
        path("export.pdf", views.quota_table_export_pdf, name="export_pdf"),
    ])),
]
