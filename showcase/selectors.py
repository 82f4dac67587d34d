"""Reads of 成果展示与银企对接. The gallery is public: `gallery_projects()` is the one definition of what may be
shown at all (published award winners not withdrawn by the applicant, and recommended projects the applicant
put in the gallery); every public page, the banks' pages and the interest form go through it."""

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.db.models import Case, CharField, Count, F, IntegerField, Prefetch, Q, Value, When
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce

from applications.models import Application
from competitions.rules import is_applicant_user, is_platform_secretariat
from greencomp.enums import HENAN_CITIES

from .enums import BENEFIT_KEYS, InterestStatus
from .filters import GalleryFilter, MatchmakingFilter
from .models import WINNING_LEVELS, FinancingInterest, published_prize_q
from .rules import is_bank_user

_RELATED = ("track", "division", "organisation", "prize", "showcase_consent", "competition__result_notice")


def _prize_order():
    whens = [When(published_prize_q(level), then=Value(i)) for i, level in enumerate(WINNING_LEVELS)]
    return Case(*whens, default=Value(len(WINNING_LEVELS)), output_field=IntegerField())


def gallery_projects():
    winners = published_prize_q() & ~Q(showcase_consent__show_in_gallery=False)
    consented = Q(status=Application.Status.RECOMMENDED, showcase_consent__show_in_gallery=True)
    return (Application.objects.filter(winners | consented).exclude(status=Application.Status.WITHDRAWN)
            .select_related(*_RELATED)
            .annotate(industry=Coalesce(KeyTextTransform("org_industry", "data"), F("organisation__industry"),
                                        output_field=CharField()),
                      prize_order=_prize_order())
            .order_by("-competition__year", "prize_order", "track__number", "pk"))


def gallery_filter(params) -> GalleryFilter:
    """The gallery with the visitor's filters (track, city, industry, prize) applied."""
    return GalleryFilter(params, queryset=gallery_projects())


def _number(value) -> Decimal:
    try:
        return Decimal(value) if value not in (None, "") else Decimal(0)
    except InvalidOperation:
        return Decimal(0)


def gallery_totals(projects) -> dict:
    """Sums of the benefits the applicants chose to show, per track and per city (one query)."""
    figures = {key: KeyTextTransform(key, "data") for key in BENEFIT_KEYS}
    rows = (projects.annotate(**{f"b_{k}": v for k, v in figures.items()})
            .values_list("track__number", "track__name", "division__name", "showcase_consent__shown_fields",
                         *(f"b_{k}" for k in BENEFIT_KEYS)))
    by_track, by_city = defaultdict(lambda: defaultdict(Decimal)), defaultdict(lambda: defaultdict(Decimal))
    names = {}
    for number, track_name, city, shown, *values in rows:
        names[number] = track_name
        by_track[number]["count"] += 1
        by_city[city]["count"] += 1
        for key, value in zip(BENEFIT_KEYS, values, strict=True):
            if key in (shown or []):
                by_track[number][key] += _number(value)
                by_city[city][key] += _number(value)
    return {"tracks": [{"label": f"赛道{n} {names[n]}", **by_track[n]} for n in sorted(by_track)],
            "cities": [{"label": c, **by_city[c]} for c in sorted(by_city, key=_city_order)]}


def _city_order(city: str) -> tuple:
    """The provincial notices' order of the 省辖市."""
    return (HENAN_CITIES.index(city), "") if city in HENAN_CITIES else (len(HENAN_CITIES), city)


def bank_interests_by_project(user, project_ids) -> dict:
    """The viewing bank's own interest in each listed project (one query), else {}."""
    if not is_bank_user(user):
        return {}
    return {i.application_id: i for i in FinancingInterest.objects.filter(bank=user.organisation,
                                                                            application_id__in=project_ids)}


def showcase_applications_for(user):
    """The applicant's own projects the gallery may concern: recommended, or with a published prize."""
    if not is_applicant_user(user):
        return Application.objects.none()
    interests = FinancingInterest.objects.select_related("bank", "created_by").order_by("-created_at")
    return (Application.objects.filter(organisation=user.organisation)
            .filter(Q(status=Application.Status.RECOMMENDED) | published_prize_q())
            .select_related(*_RELATED).prefetch_related(Prefetch("financing_interests", queryset=interests))
            .order_by("-competition__year", "track__number", "pk"))


def interests_received_for(user):
    if not is_applicant_user(user):
        return FinancingInterest.objects.none()
    return FinancingInterest.objects.filter(application__organisation=user.organisation).select_related(
        "application", "bank")


def interests_of_bank(user):
    if not is_bank_user(user):
        return FinancingInterest.objects.none()
    return (FinancingInterest.objects.filter(bank=user.organisation)
            .select_related("created_by", *(f"application__{r}" for r in _RELATED)))


def matchmaking_interests():
    return (FinancingInterest.objects.select_related("bank", "created_by", *(f"application__{r}" for r in _RELATED))
            .order_by("bank__name", "application__track__number", "application__division__name", "pk"))


def matchmaking_filter(user, params) -> MatchmakingFilter:
    """The secretariat's 对接清单 with its filters (bank, track, city, state); nobody else sees a row."""
    queryset = matchmaking_interests() if is_platform_secretariat(user) else FinancingInterest.objects.none()
    return MatchmakingFilter(params, queryset=queryset)


def matchmaking_counts(interests) -> dict:
    """Interests per bank, per track and per city, with how many of them the applicant accepted."""
    accepted = Count("pk", filter=Q(status=InterestStatus.ACCEPTED))

    def count(*fields):
        return list(interests.order_by().values(*fields).annotate(total=Count("pk"), accepted=accepted)
                    .order_by(*fields))

    return {"banks": count("bank__name"), "tracks": count("application__track__number", "application__track__name"),
            "cities": count("application__division__name")}
