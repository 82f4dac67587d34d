from django.urls import include, path

from greencomp.ratelimit import limit_posts

from . import views_prizes
from . import views_review as views

app_name = "review"

urlpatterns = [
    # experts
    path("tasks/", views.tasks, name="tasks"),
    path("sheets/<int:pk>/", include([
        path("", views.sheet, name="sheet"),
        path("conflict/", views.sheet_conflict, name="sheet_conflict"),
        path("attachments/<int:attachment_pk>/", views.sheet_attachment, name="sheet_attachment"),
        path("application.pdf", views.sheet_application_pdf, name="sheet_application_pdf"),
        path("pdf/", views.sheet_pdf, name="sheet_pdf"),
    ])),
    # secretariat
    path("", views.index, name="index"),
    path("competitions/<int:pk>/", include([
        path("", views.manage, name="manage"),
        path("experts/", views.experts, name="experts"),
        path("experts/import/", views.expert_import, name="expert_import"),
        path("experts/import/template.xlsx", views.expert_import_template, name="expert_import_template"),
        path("progress/", views.progress, name="progress"),
        path("remind/", views.remind, name="remind"),
        path("awards/", views_prizes.awards, name="awards"),
        path("awards.xlsx", views_prizes.awards_xlsx, name="awards_xlsx"),
        path("awards.pdf", views_prizes.awards_pdf, name="awards_pdf"),
        path("organisation-awards.xlsx", views_prizes.organisation_awards_xlsx, name="organisation_awards_xlsx"),
        path("notice/", views_prizes.notice, name="notice"),
    ])),
    path("experts/<int:pk>/", views.expert_edit, name="expert_edit"),
    path("objections/<int:pk>/answer/", views_prizes.objection_answer, name="objection_answer"),
    path("tracks/<int:pk>/", include([
        path("rubric/", views.rubric, name="rubric"),
        path("assign/", views.assign, name="assign"),
        path("ranking/", views.ranking, name="ranking"),
        path("summary.xlsx", views.summary_xlsx, name="summary_xlsx"),
        path("prizes/", views_prizes.prizes, name="prizes"),
    ])),
    path("prizes/<int:pk>/adjust/", views_prizes.prize_adjust, name="prize_adjust"),
    path("assignments/<int:pk>/", include([
        path("remove/", views.assignment_remove, name="assignment_remove"),
        path("reopen/", views.sheet_reopen, name="sheet_reopen"),
    ])),
    # public
    path("results/<int:pk>/", limit_posts("objection")(views_prizes.public_results), name="public"),
]
