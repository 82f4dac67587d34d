from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("<int:pk>/read/", views.notification_read, name="read"),
    path("read-all/", views.notifications_read_all, name="read_all"),
    path("settings/", views.mail_settings, name="settings"),
    path("mail-log/", views.mail_log, name="mail_log"),
    path("failed-jobs/", views.failed_jobs, name="failed_jobs"),
    path("downloads/", views.downloads, name="downloads"),
    path("downloads/<int:pk>/status/", views.export_status_json, name="export_status"),
    path("downloads/<int:pk>/file/", views.export_download, name="export_download"),
    path("downloads/zip/<int:competition_pk>/<int:track_pk>/", views.recommendation_zip, name="recommendation_zip"),
]
