from django.urls import path

from . import views_labour as views

app_name = "quota_tables"
urlpatterns = [
    path("<int:pk>/", views.quota_table_edit, name="edit"),
    path("<int:pk>/import/", views.quota_table_import, name="import"),
    path("<int:pk>/export.xlsx", views.quota_table_export_xlsx, name="export_xlsx"),
    path("<int:pk>/export.pdf", views.quota_table_export_pdf, name="export_pdf"),
]
