"""One date style per place (STYLE.md): 2025年6月30日 in text, 2025-06-30 in tables, Beijing time."""

import datetime
from decimal import Decimal

from django.template import Context, Template
from django.utils import timezone

from greencomp.exporters import pdf_value, text_date

UTC = datetime.UTC


def _render(source: str, **context) -> str:
    return Template("{% load dates %}" + source).render(Context(context))


def test_text_and_table_date_formats():
    day = datetime.date(2025, 6, 30)
    assert _render("{{ d }}|{{ d|date }}|{{ d|date:'SHORT_DATE_FORMAT' }}", d=day) == "2025年6月30日|2025年6月30日|2025-06-30"


def test_table_time_is_beijing_time_and_drops_midnight():
    closes = datetime.datetime(2022, 6, 8, 15, 59, tzinfo=UTC)  # 23:59 in Beijing
    opens = timezone.make_aware(datetime.datetime(2022, 4, 8))  # start of the day in Beijing
    assert _render("{{ a|table_time }}|{{ b|table_time }}|{{ c|table_time }}|{{ n|table_time }}",
                   a=closes, b=opens, c=datetime.date(2022, 4, 8), n=None) == "2022-06-08 23:59|2022-04-08|2022-04-08|"


def test_competition_page_phases_in_table_style(client, secretariat, henan_2022):
    client.force_login(secretariat)
    page = client.get(f"/competitions/{henan_2022.pk}/").content.decode()
    assert "00:00" not in page
    assert '发文日期</dt><dd class="col-8">2022年4月8日</dd>' in page


def test_text_date_and_pdf_cells():
    moment = datetime.datetime(2022, 6, 8, 15, 59, tzinfo=UTC)
    assert [text_date(datetime.date(2021, 8, 5)), text_date(moment), text_date(None)] == [
        "2021年8月5日", "2022年6月8日 23:59", ""]
    assert [pdf_value(datetime.date(2021, 8, 5)), pdf_value(moment), pdf_value(Decimal("25.50")), pdf_value(None),
            pdf_value(True)] == ["2021-08-05", "2022-06-08 23:59", "25.5", "", "是"]
