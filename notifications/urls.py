from django.urls import include, path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/", include([
        path("open/", views.notification_open, name="open"),
        path("read/", views.notification_read, name="read"),
    ])),
    path("read-all/", views.notifications_read_all, name="read_all"),
    path("settings/", views.mail_settings, name="settings"),
    path("mail-log/", views.mail_log, name="mail_log"),
    path("failed-jobs/", views.failed_jobs, name="failed_jobs"),
    path("downloads/", include([
        path("", views.downloads, name="downloads"),
        path("<int:pk>/status/", views.export_status_json, name="export_status"),
        path("<int:pk>/file/", views.export_download, name="export_download"),
        path("zip/<int:competition_pk>/<int:track_pk>/", views.recommendation_zip, name="recommendation_zip"),
    ])),
]
