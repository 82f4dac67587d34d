"""The dashboard's exports: each panel's table, the same rows the page shows beside its chart."""

from django.utils import timezone

from .exporters import Exporter


class DashboardPanelExporter(Exporter):
    def __init__(self, *, board, panel):
        competition = board.competition
        scope = "、".join(d.name for d in board.divisions) if board.scoped else "全部赛区"
        self.title = f"{competition.title} · {panel.title}"
        self.filename = f"{competition.title}-{panel.title}"
        self.headers = panel.headers
        self.preamble = [f"范围：{scope}", f"统计时间：{timezone.localtime():%Y-%m-%d %H:%M}"]
        self.footer = [panel.note] if panel.note else []
        self.empty_text = panel.empty_text
        self.landscape = len(panel.headers) > 6
        self.panel = panel

    def rows(self):
        return self.panel.rows
