from django.urls import include, path

from . import views_recommend as views

app_name = "recommend"
urlpatterns = [
    path("", views.index, name="index"),
    path("aggregate/", views.aggregate, name="aggregate"),
    path("publicity/", views.publicity_entry, name="publicity"),
    # city officer: the division's lists per track; the secretariat accepts, sends back or waives a list
    path("division/<int:division_pk>/", include([
        path("", views.division_detail, name="division"),
        path("export/", views.division_export, name="division_export"),
        path("track/<int:track_pk>/", include([
            path("", views.track_list, name="track"),
            path("reorder/", views.track_reorder, name="track_reorder"),
            path("submit/", views.track_submit, name="track_submit"),
            path("accept/", views.list_accept, name="list_accept"),
            path("send-back/", views.list_send_back, name="list_send_back"),
            path("waive/", views.list_waive, name="list_waive"),
        ])),
    ])),
    path("application/<int:pk>/", include([
        path("", views.application_detail, name="application"),
        path("return/", views.application_return, name="application_return"),
        path("recommend/", views.application_recommend, name="application_recommend"),
        path("unrecommend/", views.application_unrecommend, name="application_unrecommend"),
        path("move/", views.application_move, name="application_move"),
    ])),
    path("attachment/<int:pk>/", views.attachment_download, name="attachment"),
    # secretariat
    path("competition/<int:competition_pk>/", include([
        path("matrix/", views.matrix, name="matrix"),
        path("summary/", views.summary, name="summary"),
        path("summary.xlsx", views.summary_xlsx, name="summary_xlsx"),
        path("summary.pdf", views.summary_pdf, name="summary_pdf"),
        path("publicity/", views.publicity_manage, name="publicity_manage"),
        path("publicity/withdraw/", views.publicity_withdraw, name="publicity_withdraw"),
    ])),
    # public, no login
    path("public/<int:competition_pk>/", views.publicity_public, name="public"),
]
