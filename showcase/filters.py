"""The filters of the gallery and of the secretariat's matchmaking table (django-filter), applied in selectors."""

import django_filters

from competitions.models import Track
from greencomp.enums import CITY_CHOICES, OrganisationKind
from greencomp.filters import ListFilter, status_filter
from greencomp.models import Organisation
from reviews.models import Prize

from .enums import InterestStatus
from .models import WINNING_LEVELS, published_prize_q

RECOMMENDED_ONLY = "recommended"
PRIZE_CHOICES = [(level, Prize.Level(level).label) for level in WINNING_LEVELS] + [(RECOMMENDED_ONLY, "推荐项目")]


def track_choices() -> list[tuple]:
    """The tracks by number (the same five in every year's contest), named as in the newest contest."""
    names = {}
    for number, name in Track.objects.order_by("number", "-competition__year").values_list("number", "name"):
        names.setdefault(number, name)
    return [(str(n), f"赛道{n}：{name}") for n, name in names.items()]


class GalleryFilter(ListFilter):
    track = django_filters.ChoiceFilter(label="赛道", field_name="track__number", empty_label="全部赛道")
    city = django_filters.ChoiceFilter(label="省辖市", field_name="division__name", choices=CITY_CHOICES,
                                       empty_label="全部省辖市")
    industry = django_filters.ChoiceFilter(label="所属行业", field_name="industry", empty_label="全部行业")
    prize = django_filters.ChoiceFilter(label="奖项", choices=PRIZE_CHOICES, method="filter_prize",
                                        empty_label="全部奖项")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["track"].extra["choices"] = track_choices()
        industries = sorted({i for i in self.queryset.order_by().values_list("industry", flat=True) if i})
        self.filters["industry"].extra["choices"] = [(i, i) for i in industries]

    def filter_prize(self, queryset, name, value):
        if value == RECOMMENDED_ONLY:
            return queryset.exclude(published_prize_q())
        return queryset.filter(published_prize_q(value))


class MatchmakingFilter(ListFilter):
    bank = django_filters.ModelChoiceFilter(
        label="金融机构", queryset=Organisation.objects.filter(kind=OrganisationKind.BANK).order_by("name"),
        empty_label="全部金融机构")
    track = django_filters.ChoiceFilter(label="赛道", field_name="application__track__number", empty_label="全部赛道")
    city = django_filters.ChoiceFilter(label="省辖市", field_name="application__division__name", choices=CITY_CHOICES,
                                       empty_label="全部省辖市")
    status = status_filter(InterestStatus.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["track"].extra["choices"] = track_choices()
