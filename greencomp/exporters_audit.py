"""The 操作记录 as Excel: the rows the page shows under the same filters, one line per changed field."""

from django.utils import timezone

from .audit import action_label, event_changes
from .exporters import Exporter

CHUNK = 2000


class AuditEventsExporter(Exporter):
    title = "操作记录"
    filename = "操作记录"
    headers = ["序号", "时间（北京时间）", "操作人", "操作", "对象类型", "对象", "字段", "修改前", "修改后", "原因"]
    landscape = True

    def __init__(self, *, events, scope: str = ""):
        self.events = events
        self.preamble = [f"筛选条件：{scope}"] if scope else []

    def rows(self):
        for n, e in enumerate(self.events.iterator(chunk_size=CHUNK), start=1):
            changes = event_changes(e) or [("", "", "")]
            head = [n, f"{timezone.localtime(e.at):%Y-%m-%d %H:%M:%S}", str(e.actor) if e.actor else "系统", action_label(e.action),
                    e.target_type.name, e.target_repr]
            for i, (label, old, new) in enumerate(changes):
                yield [*(head if i == 0 else [""] * len(head)), label, old, new, e.reason if i == 0 else ""]
