from django.urls import include, path

from . import views_labour as views

app_name = "labour"
urlpatterns = [
    path("divisions/", views.my_divisions, name="my_divisions"),
    path("register/", views.register_start, name="register"),
    path("import-template.xlsx", views.import_template, name="import_template"),
    path("divisions/<int:pk>/", include([
        path("", views.division_detail, name="division"),
        path("entries/new/", views.entry_create, name="entry_create"),
        path("import/", views.entry_import, name="import"),
        path("submit/", views.submission_submit, name="submit"),
        path("reopen/", views.submission_reopen, name="reopen"),
        path("extend/", views.division_extend, name="extend"),
        path("plan/", views.plan_download, name="plan_download"),
        path("summary.xlsx", views.division_export_xlsx, name="division_xlsx"),
        path("summary.pdf", views.division_export_pdf, name="division_pdf"),
        path("indicators.xlsx", views.division_indicators_export, name="division_indicators"),
        path("reports/", views.division_reports, name="division_reports"),
        path("evaluation/", views.division_evaluation, name="division_evaluation"),
        path("evaluation.xlsx", views.division_evaluation_xlsx, name="division_evaluation_xlsx"),
        path("evaluation.pdf", views.division_evaluation_pdf, name="division_evaluation_pdf"),
    ])),
    path("entries/<int:pk>/", include([
        path("", views.entry_detail, name="entry"),
        path("edit/", views.entry_edit, name="entry_edit"),
        path("withdraw/", views.entry_withdraw, name="entry_withdraw"),
        path("documents/<str:kind>/", views.document_upload, name="document_upload"),
        path("indicators/<str:period>/", views.indicator_edit, name="indicator_edit"),
    ])),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("my-entries/", views.my_entries, name="my_entries"),
    path("fill-rate/", views.fill_rate_current, name="fill_rate_current"),
    path("competitions/<int:pk>/", include([
        path("fill-rate/", views.fill_rate, name="fill_rate"),
        path("fill-rate.xlsx", views.fill_rate_export, name="fill_rate_xlsx"),
        path("summary.xlsx", views.competition_export_xlsx, name="competition_xlsx"),
        path("summary.pdf", views.competition_export_pdf, name="competition_pdf"),
        path("indicators.xlsx", views.competition_indicators_export, name="competition_indicators"),
    ])),
]
