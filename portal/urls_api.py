from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import api, views

app_name = "api"

urlpatterns = [
    path("docs/", views.api_docs, name="docs"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/competitions/", api.CompetitionList.as_view(), name="competitions"),
    path("v1/competitions/<int:pk>/", api.CompetitionDetail.as_view(), name="competition"),
    path("v1/notices/", api.NoticeList.as_view(), name="notices"),
    path("v1/notices/<int:pk>/", api.NoticeDetail.as_view(), name="notice"),
    path("v1/public-lists/", api.PublicListIndex.as_view(), name="public_lists"),
    path("v1/publicity/<int:competition_pk>/", api.PublicityDetail.as_view(), name="publicity"),
    path("v1/results/<int:competition_pk>/", api.ResultsDetail.as_view(), name="results"),
    path("v1/disclosures/<int:division_pk>/", api.DisclosureRows.as_view(), name="disclosure"),
    path("v1/entries/", api.EntryList.as_view(), name="entries"),
    path("v1/applications/", api.ApplicationList.as_view(), name="applications"),
    path("v1/nominations/", api.NominationList.as_view(), name="nominations"),
    path("v1/grading-items/", api.GradingItemList.as_view(), name="grading_items"),
    path("v1/tracks/<int:track_pk>/ranking/", api.TrackRanking.as_view(), name="track_ranking"),
]
