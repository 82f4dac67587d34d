"""The integration API (Django REST framework, OpenAPI schema by drf-spectacular).

Public endpoints return exactly what the public pages show, read through the same selectors (portal/selectors.py).
Token endpoints return the rows the account's pages show, read through the apps' own user-scoped selectors
(`entries_for`, `applications_visible_to`, `nominations_for`, `items_for`, `tracks_managed_by`): the API
never scopes on its own. Every endpoint is read-only and throttled."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from applications.exporters_recommend import summary_row
from applications.models import Application, Entry, ImprovementItem
from applications.selectors_grading import items_for
from applications.selectors_innovation import applications_visible_to
from applications.selectors_labour import entries_for
from applications.selectors_recommend import public_summary, published_publicity
from reviews.exporters_review import awards_by_track
from reviews.models import Disclosure, Nomination, OrganisationAward, ResultNotice
from reviews.selectors_commendation import nominations_for
from reviews.selectors_review import track_ranking, tracks_managed_by

from . import selectors as sel


class TokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI description names the token scheme."""

    target_class = "portal.api_auth.ApiTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization", "description": "Token <令牌>"}


class ReadOnly:
    # every endpoint: a Chinese message when throttled (a comment, not a docstring: the schema shows docstrings)

    def throttled(self, request, wait):
        raise Throttled(wait, detail="请求过于频繁，请稍后再试。")

    def handle_exception(self, exc):
        if isinstance(exc, Http404):  # not the model's English "No Notice matches the given query."
            exc = NotFound("未找到，或尚未公开。")
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.auth is not None:  # an account's rows: never kept by a shared cache
            response["Cache-Control"] = "private, no-store"
        return response


class Public(ReadOnly):
    # public endpoints: anyone may read them
    permission_classes = [AllowAny]


class PublicRows(Public):
    # the rows of a public selector (`rows`), unless the endpoint reads its own
    rows = None

    def get_queryset(self):
        return self.rows()


class PublicList(PublicRows, generics.ListAPIView):
    pass


class PublicDetail(PublicRows, generics.RetrieveAPIView):
    pass


class PublicView(Public, APIView):
    pass


class TokenList(ReadOnly, generics.ListAPIView):
    """Token endpoints: an account's own rows, through the selector of its pages (`rows_for`), in `row_order`."""

    rows_for = None
    row_order: tuple = ()

    def get_queryset(self):
        return self.rows_for(self.request.user).order_by(*self.row_order)


# ---- public: competitions, notices, 公示 lists, results ----------------------------------------------------------


class PhaseSerializer(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField()
    opens_at = serializers.DateTimeField(allow_null=True)
    closes_at = serializers.DateTimeField(allow_null=True)


class TrackSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()


class CompetitionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    kind = serializers.CharField(source="get_kind_display")
    status = serializers.CharField(source="get_status_display")
    organisers = serializers.CharField()
    doc_number = serializers.CharField()
    issue_date = serializers.DateField(allow_null=True)
    current_phase = serializers.SerializerMethodField()
    phases = PhaseSerializer(many=True, source="phases.all")
    tracks = TrackSerializer(many=True, source="tracks.all")
    url = serializers.SerializerMethodField()

    @extend_schema_field(PhaseSerializer(allow_null=True))
    def get_current_phase(self, obj):
        phase = sel.current_phase(obj)
        return PhaseSerializer(phase).data if phase else None

    def get_url(self, obj) -> str:
        return reverse("portal:competition", args=[obj.pk])


class AttachmentSerializer(serializers.Serializer):
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return reverse("portal:notice_attachment", args=[obj.pk])


class NoticeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    competition_id = serializers.IntegerField()
    competition = serializers.CharField(source="competition.title")
    title = serializers.CharField()
    body = serializers.CharField()
    published_at = serializers.DateTimeField()
    attachments = AttachmentSerializer(many=True, source="attachments.all")
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return reverse("portal:notice", args=[obj.pk])


class PublicListSerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    competition_id = serializers.IntegerField(source="competition.pk")
    competition = serializers.CharField(source="competition.title")
    opens_on = serializers.DateField(allow_null=True)
    closes_on = serializers.DateField(allow_null=True)
    published_at = serializers.DateTimeField()
    is_open = serializers.BooleanField()
    is_final = serializers.BooleanField()
    url = serializers.CharField()
    objection_url = serializers.CharField()


class PublicityRowSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    track = serializers.CharField()
    recommender = serializers.CharField()
    applicant = serializers.CharField()
    title = serializers.CharField()


class PublicitySerializer(serializers.Serializer):
    title = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    note = serializers.CharField()
    published_at = serializers.DateTimeField()
    rows = PublicityRowSerializer(many=True)


class ResultRowSerializer(serializers.Serializer):
    track = serializers.CharField()
    number = serializers.IntegerField()
    prize = serializers.CharField()
    title = serializers.CharField()
    applicant = serializers.CharField()
    recommender = serializers.CharField()


class ResultsSerializer(serializers.Serializer):
    competition = serializers.CharField()
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    is_final = serializers.BooleanField()
    rows = ResultRowSerializer(many=True)
    organisation_awards = serializers.ListField(child=serializers.CharField())


class CompetitionList(PublicList):
    """公开：竞赛及其阶段、赛道（不含草稿）。"""

    serializer_class = CompetitionSerializer
    rows = staticmethod(sel.public_competitions)


class CompetitionDetail(PublicDetail):
    """公开：一项竞赛（与门户竞赛页面相同：阶段、赛道及赛道内容）。"""

    serializer_class = CompetitionSerializer
    rows = staticmethod(sel.public_competitions)


class NoticeList(PublicList):
    """公开：已发布的通知公告；q 为检索词（标题、正文、竞赛名称）。"""

    serializer_class = NoticeSerializer

    def get_queryset(self):
        return sel.published_notices(self.request.query_params.get("q", ""))


class NoticeDetail(PublicDetail):
    """公开：一条已发布的通知公告，含正文与附件下载地址。"""

    serializer_class = NoticeSerializer
    rows = staticmethod(sel.published_notices)


class PublicListIndex(PublicView):
    """公开：已发布的公示与结果（推荐项目公示、评比结果公示/最终名单、绩效分级结果公告）。"""

    @extend_schema(responses=PublicListSerializer(many=True))
    def get(self, request):
        return Response(PublicListSerializer(sel.public_lists(), many=True).data)


class PublicityDetail(PublicView):
    """公开：一项竞赛的推荐项目公示名单（与公示页面的五列相同）。"""

    @extend_schema(responses=PublicitySerializer)
    def get(self, request, competition_pk):
        publicity, rows = publicity_rows(competition_pk)
        return Response(PublicitySerializer({**{f: getattr(publicity, f) for f in (
            "title", "starts_on", "ends_on", "note", "published_at")}, "rows": rows}).data)


class ResultsDetail(PublicView):
    """公开：一项竞赛的评比结果公示或最终名单，及优秀组织奖。"""

    @extend_schema(responses=ResultsSerializer)
    def get(self, request, competition_pk):
        notice, rows, cities = result_rows(competition_pk)
        return Response(ResultsSerializer({
            "competition": notice.competition.title, "opens_on": notice.opens_on, "closes_on": notice.closes_on,
            "is_final": bool(notice.finalised_at), "rows": rows, "organisation_awards": cities}).data)


class DisclosureRowSerializer(serializers.Serializer):
    county = serializers.CharField()
    name = serializers.CharField()
    industries = serializers.CharField()
    level = serializers.CharField()
    since = serializers.CharField(allow_null=True)


class DisclosureRows(PublicList):
    """公开：一个省辖市的重点行业企业绩效分级结果公告（与公告页面的列相同，按页面顺序分页）。"""

    serializer_class = DisclosureRowSerializer

    def get_queryset(self):
        disclosure = get_object_or_404(Disclosure.objects.filter(
            division__competition__status__in=sel.PUBLIC_STATUSES), division_id=self.kwargs["division_pk"])
        return disclosure.rows


# ---- the rows of the public lists, built as their pages build them -------------------------------------------

def publicity_rows(competition_pk) -> tuple:
    publicity = get_object_or_404(published_publicity(competition_pk).filter(
        competition__status__in=sel.PUBLIC_STATUSES))
    rows = [summary_row(i, a) for i, a in enumerate(public_summary(publicity.competition), start=1)]
    keys = ("number", "track", "recommender", "applicant", "title")  # the five columns of the page
    return publicity, [dict(zip(keys, row[:5], strict=True)) for row in rows]


def result_rows(competition_pk) -> tuple:
    notice = get_object_or_404(ResultNotice.objects.select_related("competition").filter(
        competition__status__in=sel.PUBLIC_STATUSES), competition_id=competition_pk, published_at__isnull=False)
    rows = [{"track": f"{g['track'].number}. {g['track'].name}", "number": i, "prize": p.get_level_display(),
             "title": p.application.title, "applicant": p.application.organisation.name,
             "recommender": p.application.division.name}
            for g in awards_by_track(notice.competition) for i, p in enumerate(g["prizes"], start=1)]
    cities = [f"{a.division.name}工业和信息化主管部门" for a in OrganisationAward.objects.filter(
        competition_id=competition_pk).select_related("division")]
    return notice, rows, cities


# ---- token: the secretariat's and the officers' rows -------------------------------------------------------------


class CompetitionRowSerializer(serializers.ModelSerializer):
    # a row of one competition: its id and the competition's title come first; the model's own fields as they are
    competition = serializers.CharField(source="competition.title")
    division = serializers.CharField(source="division.name")


class EntrySerializer(CompetitionRowSerializer):
    organisation = serializers.CharField(source="organisation.name")
    credit_code = serializers.CharField(source="organisation.credit_code")

    class Meta:
        model = Entry
        fields = ["id", "competition", "division", "organisation", "credit_code", "project", "project_address",
                  "contact_name", "contact_phone", "industry"]


class ApplicationSerializer(CompetitionRowSerializer):
    track = serializers.CharField(source="track.name")
    organisation = serializers.CharField(source="organisation.name")
    status = serializers.CharField(source="get_status_display")
    data = serializers.JSONField()

    class Meta:
        model = Application
        fields = ["id", "competition", "track", "division", "organisation", "title", "status", "version",
                  "submitted_at", "data"]


class NominationSerializer(CompetitionRowSerializer):
    award_type = serializers.CharField(source="award_type.name")
    organisation = serializers.CharField(source="entry.organisation.name")
    status = serializers.CharField(source="get_status_display")

    class Meta:
        model = Nomination
        fields = ["id", "competition", "award_type", "division", "organisation", "team_name", "person_name", "post",
                  "achievements", "status", "submitted_at"]


class GradingItemSerializer(serializers.ModelSerializer):
    competition = serializers.CharField(source="improvement_list.division.competition.title")
    city = serializers.CharField(source="improvement_list.division.name")
    county = serializers.CharField(source="enterprise.county")
    enterprise = serializers.CharField(source="enterprise.name")
    industry = serializers.CharField(source="industry.name")

    class Meta:
        model = ImprovementItem
        fields = ["id", "competition", "city", "county", "enterprise", "industry", "branch", "current_level",
                  "target_level", "indicator", "problems", "measures", "due_date", "remarks"]


class RankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True)
    application_id = serializers.IntegerField(source="application.pk")
    title = serializers.CharField(source="application.title")
    organisation = serializers.CharField(source="application.organisation.name")
    division = serializers.CharField(source="application.division.name")
    sheets = serializers.IntegerField(source="n")
    mean = serializers.FloatField(allow_null=True)
    trimmed = serializers.FloatField(allow_null=True)
    score = serializers.FloatField(allow_null=True)
    spread = serializers.FloatField(allow_null=True)
    excluded = serializers.BooleanField()


class EntryList(TokenList):
    """令牌：劳动竞赛参赛项目（秘书处全部，赛区负责人本赛区，企业本单位）。"""

    serializer_class = EntrySerializer
    rows_for = staticmethod(entries_for)
    row_order = ("competition_id", "division__order", "id")


class ApplicationList(TokenList):
    """令牌：创新大赛申报书及其表单内容（范围与申报页面相同）。"""

    serializer_class = ApplicationSerializer
    rows_for = staticmethod(applications_visible_to)
    row_order = ("competition_id", "track__number", "id")


class NominationList(TokenList):
    """令牌：先进评选推荐（秘书处已提交的，赛区负责人本赛区的）。"""

    serializer_class = NominationSerializer
    rows_for = staticmethod(nominations_for)
    row_order = ("competition_id", "award_type_id", "id")


class GradingItemList(TokenList):
    """令牌：绩效提升企业清单（秘书处全部，生态环境局本市）。"""

    serializer_class = GradingItemSerializer
    rows_for = staticmethod(items_for)
    row_order = ("improvement_list__division__order", "id")


class TrackRanking(ReadOnly, APIView):
    """令牌（秘书处）：一个赛道的评分汇总与排名。"""

    @extend_schema(responses=RankingRowSerializer(many=True))
    def get(self, request, track_pk):
        track = get_object_or_404(tracks_managed_by(request.user), pk=track_pk)
        return Response(RankingRowSerializer(track_ranking(track), many=True).data)
