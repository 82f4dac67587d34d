from django.urls import path

from greencomp.ratelimit import limit_posts

from . import views_prizes
from . import views_review as views

app_name = "review"

urlpatterns = [
    # experts
    path("tasks/", views.tasks, name="tasks"),
    path("sheets/<int:pk>/", views.sheet, name="sheet"),
    path("sheets/<int:pk>/conflict/", views.sheet_conflict, name="sheet_conflict"),
    path("sheets/<int:pk>/attachments/<int:attachment_pk>/", views.sheet_attachment, name="sheet_attachment"),
    path("sheets/<int:pk>/application.pdf", views.sheet_application_pdf, name="sheet_application_pdf"),
    path("sheets/<int:pk>/pdf/", views.sheet_pdf, name="sheet_pdf"),
    # secretariat
    path("", views.index, name="index"),
    path("competitions/<int:pk>/", views.manage, name="manage"),
    path("competitions/<int:pk>/experts/", views.experts, name="experts"),
    path("competitions/<int:pk>/experts/import/", views.expert_import, name="expert_import"),
    path("experts/<int:pk>/", views.expert_edit, name="expert_edit"),
    path("competitions/<int:pk>/experts/import/template.xlsx", views.expert_import_template,
         name="expert_import_template"),
    path("competitions/<int:pk>/progress/", views.progress, name="progress"),
    path("competitions/<int:pk>/remind/", views.remind, name="remind"),
    path("competitions/<int:pk>/awards/", views_prizes.awards, name="awards"),
    path("competitions/<int:pk>/awards.xlsx", views_prizes.awards_xlsx, name="awards_xlsx"),
    path("competitions/<int:pk>/awards.pdf", views_prizes.awards_pdf, name="awards_pdf"),
    path("competitions/<int:pk>/organisation-awards.xlsx", views_prizes.organisation_awards_xlsx,
         name="organisation_awards_xlsx"),
    path("competitions/<int:pk>/notice/", views_prizes.notice, name="notice"),
    path("objections/<int:pk>/answer/", views_prizes.objection_answer, name="objection_answer"),
    path("tracks/<int:pk>/rubric/", views.rubric, name="rubric"),
    path("tracks/<int:pk>/assign/", views.assign, name="assign"),
    path("tracks/<int:pk>/ranking/", views.ranking, name="ranking"),
    path("tracks/<int:pk>/summary.xlsx", views.summary_xlsx, name="summary_xlsx"),
    path("tracks/<int:pk>/prizes/", views_prizes.prizes, name="prizes"),
    path("prizes/<int:pk>/adjust/", views_prizes.prize_adjust, name="prize_adjust"),
    path("assignments/<int:pk>/remove/", views.assignment_remove, name="assignment_remove"),
    path("assignments/<int:pk>/reopen/", views.sheet_reopen, name="sheet_reopen"),
    # public
    path("results/<int:pk>/", limit_posts("objection")(views_prizes.public_results), name="public"),
]
