from django.urls import path

from . import views_commendation as views

app_name = "commendation"
urlpatterns = [
    # division officers: 先进推荐
    path("mine/", views.my_nominations, name="mine"),
    path("divisions/<int:pk>/", views.division_detail, name="division"),
    path("divisions/<int:pk>/awards/<int:award_pk>/new/", views.nomination_create, name="nomination_create"),
    path("divisions/<int:pk>/nominations.pdf", views.division_pdf, name="division_pdf"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination"),
    path("nominations/<int:pk>/edit/", views.nomination_edit, name="nomination_edit"),
    path("nominations/<int:pk>/submit/", views.nomination_submit, name="nomination_submit"),
    path("nominations/<int:pk>/delete/", views.nomination_delete, name="nomination_delete"),
    path("nominations/<int:pk>/files/", views.file_upload, name="file_upload"),
    path("files/<int:pk>/", views.file_download, name="file_download"),
    path("files/<int:pk>/delete/", views.file_delete, name="file_delete"),
    # secretariat: 评比表彰
    path("", views.awards_current, name="awards_current"),
    path("competitions/<int:pk>/", views.awards, name="awards"),
    path("competitions/<int:pk>/load/", views.awards_load, name="awards_load"),
    path("competitions/<int:pk>/new/", views.award_create, name="award_create"),
    path("competitions/<int:pk>/quotas.xlsx", views.quotas_export, name="quotas_xlsx"),
    path("competitions/<int:pk>/quotas.pdf", views.quotas_pdf, name="quotas_pdf"),
    path("competitions/<int:pk>/honours.xlsx", views.honours_export, name="honours_xlsx"),
    path("competitions/<int:pk>/honours.pdf", views.honours_pdf, name="honours_pdf"),
    path("competitions/<int:pk>/honours/publish/", views.honours_publish, name="honours_publish"),
    path("competitions/<int:pk>/honours/withdraw/", views.honours_withdraw, name="honours_withdraw"),
    path("competitions/<int:pk>/honours/", views.honours_published, name="honours_published"),
    path("competitions/<int:pk>/honours/notice.pdf", views.honours_published_pdf, name="honours_published_pdf"),
    path("awards/<int:pk>/edit/", views.award_edit, name="award_edit"),
    path("awards/<int:pk>/quotas/", views.quotas, name="quotas"),
    path("awards/<int:pk>/selection/", views.selection, name="selection"),
    path("nominations/<int:pk>/select/", views.nomination_select, name="nomination_select"),
    path("nominations/<int:pk>/return/", views.nomination_return, name="nomination_return"),
]
