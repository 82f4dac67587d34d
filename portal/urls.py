from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/attachments/<int:pk>/", views.notice_attachment, name="notice_attachment"),
    path("competitions/<int:pk>/", views.competition_detail, name="competition"),
    # the secretariat's notice pages
    path("manage/competitions/<int:competition_pk>/notices/", views.notice_manage, name="notice_manage"),
    path("manage/notices/<int:pk>/", views.notice_edit, name="notice_edit"),
    path("manage/notices/<int:pk>/publish/", views.notice_publish, name="notice_publish"),
    path("manage/notices/<int:pk>/unpublish/", views.notice_unpublish, name="notice_unpublish"),
    path("manage/attachments/<int:pk>/", views.notice_attachment_download, name="notice_attachment_manage"),
    path("manage/attachments/<int:pk>/delete/", views.notice_attachment_delete, name="notice_attachment_delete"),
    # every account's API tokens
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
