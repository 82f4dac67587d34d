from django.urls import path

from . import views_innovation as views

app_name = "innovation"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("new/", views.application_create, name="create"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/edit/", views.application_edit, name="edit"),
    path("<int:pk>/submit/", views.application_submit, name="submit"),
    path("<int:pk>/pdf/", views.application_pdf, name="pdf"),
    path("<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
    path("<int:pk>/attachments/upload/", views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment_download"),
    path("<int:pk>/attachments/<int:attachment_pk>/delete/", views.attachment_delete, name="attachment_delete"),
]
