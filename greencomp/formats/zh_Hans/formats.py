"""The platform's one date style (STYLE.md): 2025年6月30日 in text (`|date`, `{{ day }}`), 2025-06-30 in tables
(`|date:"SHORT_DATE_FORMAT"`, or the `table_time` filter for moments); times are Beijing time (TIME_ZONE).
Input formats stay Django's zh_Hans ones (the next module in the lookup)."""

DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "n月j日"
YEAR_MONTH_FORMAT = "Y年n月"
