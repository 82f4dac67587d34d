from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from . import api, views

app_name = "api"

urlpatterns = [
    path("docs/", views.api_docs, name="docs"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/", include([
        path("competitions/", api.CompetitionList.as_view(), name="competitions"),
        path("competitions/<int:pk>/", api.CompetitionDetail.as_view(), name="competition"),
        path("notices/", api.NoticeList.as_view(), name="notices"),
        path("notices/<int:pk>/", api.NoticeDetail.as_view(), name="notice"),
        path("public-lists/", api.PublicListIndex.as_view(), name="public_lists"),
        path("publicity/<int:competition_pk>/", api.PublicityDetail.as_view(), name="publicity"),
        path("results/<int:competition_pk>/", api.ResultsDetail.as_view(), name="results"),
        path("disclosures/<int:division_pk>/", api.DisclosureRows.as_view(), name="disclosure"),
        path("entries/", api.EntryList.as_view(), name="entries"),
        path("applications/", api.ApplicationList.as_view(), name="applications"),
        path("nominations/", api.NominationList.as_view(), name="nominations"),
        path("grading-items/", api.GradingItemList.as_view(), name="grading_items"),
        path("tracks/<int:track_pk>/ranking/", api.TrackRanking.as_view(), name="track_ranking"),
    ])),
]
