from django.urls import path

from . import views_labour as views

app_name = "labour"
urlpatterns = [
    path("divisions/", views.my_divisions, name="my_divisions"),
    path("register/", views.register_start, name="register"),
    path("divisions/<int:pk>/", views.division_detail, name="division"),
    path("divisions/<int:pk>/entries/new/", views.entry_create, name="entry_create"),
    path("divisions/<int:pk>/import/", views.entry_import, name="import"),
    path("import-template.xlsx", views.import_template, name="import_template"),
    path("divisions/<int:pk>/submit/", views.submission_submit, name="submit"),
    path("divisions/<int:pk>/reopen/", views.submission_reopen, name="reopen"),
    path("divisions/<int:pk>/extend/", views.division_extend, name="extend"),
    path("divisions/<int:pk>/plan/", views.plan_download, name="plan_download"),
    path("divisions/<int:pk>/summary.xlsx", views.division_export_xlsx, name="division_xlsx"),
    path("divisions/<int:pk>/summary.pdf", views.division_export_pdf, name="division_pdf"),
    path("divisions/<int:pk>/indicators.xlsx", views.division_indicators_export, name="division_indicators"),
    path("divisions/<int:pk>/reports/", views.division_reports, name="division_reports"),
    path("divisions/<int:pk>/evaluation/", views.division_evaluation, name="division_evaluation"),
    path("divisions/<int:pk>/evaluation.xlsx", views.division_evaluation_xlsx, name="division_evaluation_xlsx"),
    path("divisions/<int:pk>/evaluation.pdf", views.division_evaluation_pdf, name="division_evaluation_pdf"),
    path("entries/<int:pk>/", views.entry_detail, name="entry"),
    path("entries/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/withdraw/", views.entry_withdraw, name="entry_withdraw"),
    path("entries/<int:pk>/documents/<str:kind>/", views.document_upload, name="document_upload"),
    path("entries/<int:pk>/indicators/<str:period>/", views.indicator_edit, name="indicator_edit"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("my-entries/", views.my_entries, name="my_entries"),
    path("fill-rate/", views.fill_rate_current, name="fill_rate_current"),
    path("competitions/<int:pk>/fill-rate/", views.fill_rate, name="fill_rate"),
    path("competitions/<int:pk>/fill-rate.xlsx", views.fill_rate_export, name="fill_rate_xlsx"),
    path("competitions/<int:pk>/summary.xlsx", views.competition_export_xlsx, name="competition_xlsx"),
    path("competitions/<int:pk>/summary.pdf", views.competition_export_pdf, name="competition_pdf"),
    path("competitions/<int:pk>/indicators.xlsx", views.competition_indicators_export,
         name="competition_indicators"),
]
