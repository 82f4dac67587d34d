from django.urls import path

from . import views_recommend as views

app_name = "recommend"
urlpatterns = [
    path("", views.index, name="index"),
    path("aggregate/", views.aggregate, name="aggregate"),
    path("publicity/", views.publicity_entry, name="publicity"),
    # city officer
    path("division/<int:division_pk>/", views.division_detail, name="division"),
    path("division/<int:division_pk>/export/", views.division_export, name="division_export"),
    path("division/<int:division_pk>/track/<int:track_pk>/", views.track_list, name="track"),
    path("division/<int:division_pk>/track/<int:track_pk>/reorder/", views.track_reorder, name="track_reorder"),
    path("division/<int:division_pk>/track/<int:track_pk>/submit/", views.track_submit, name="track_submit"),
    path("application/<int:pk>/", views.application_detail, name="application"),
    path("application/<int:pk>/return/", views.application_return, name="application_return"),
    path("application/<int:pk>/recommend/", views.application_recommend, name="application_recommend"),
    path("application/<int:pk>/unrecommend/", views.application_unrecommend, name="application_unrecommend"),
    path("application/<int:pk>/move/", views.application_move, name="application_move"),
    path("attachment/<int:pk>/", views.attachment_download, name="attachment"),
    # secretariat
    path("competition/<int:competition_pk>/matrix/", views.matrix, name="matrix"),
    path("competition/<int:competition_pk>/summary/", views.summary, name="summary"),
    path("competition/<int:competition_pk>/summary.xlsx", views.summary_xlsx, name="summary_xlsx"),
    path("competition/<int:competition_pk>/summary.pdf", views.summary_pdf, name="summary_pdf"),
    path("competition/<int:competition_pk>/publicity/", views.publicity_manage, name="publicity_manage"),
    path("competition/<int:competition_pk>/publicity/withdraw/", views.publicity_withdraw,
         name="publicity_withdraw"),
    path("division/<int:division_pk>/track/<int:track_pk>/accept/", views.list_accept, name="list_accept"),
    path("division/<int:division_pk>/track/<int:track_pk>/send-back/", views.list_send_back, name="list_send_back"),
    path("division/<int:division_pk>/track/<int:track_pk>/waive/", views.list_waive, name="list_waive"),
    # public, no login
    path("public/<int:competition_pk>/", views.publicity_public, name="public"),
]
