from django.urls import include, path

from . import views_innovation as views

app_name = "innovation"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("new/", views.application_create, name="create"),
    path("<int:pk>/", include([
        path("", views.application_detail, name="detail"),
        path("edit/", views.application_edit, name="edit"),
        path("submit/", views.application_submit, name="submit"),
        path("pdf/", views.application_pdf, name="pdf"),
        path("versions/<int:number>/", views.version_detail, name="version"),
        path("attachments/upload/", views.attachment_upload, name="attachment_upload"),
        path("attachments/<int:attachment_pk>/", include([
            path("", views.attachment_download, name="attachment_download"),
            path("delete/", views.attachment_delete, name="attachment_delete"),
        ])),
    ])),
]
