"""参赛组织负责人和联络员 of every city (seed 002 八（一）), as the secretariat collects them."""

from .exporters import Exporter, text_date


class DivisionContactsExporter(Exporter):
    filename = "参赛组织负责人和联络员"
    headers = ["序号", "赛区", "参赛组织负责人", "职务", "电话", "电子邮箱", "联络员", "职务", "电话", "电子邮箱",
               "报送情况"]
    landscape = True

    def __init__(self, *, competition, divisions):
        self.competition, self.divisions = competition, divisions
        self.title = f"{competition.title}参赛组织负责人和联络员"

    def rows(self):
        for n, d in enumerate(self.divisions, start=1):
            yield [n, d.name, d.leader_name, d.leader_post, d.leader_phone, d.leader_email, d.liaison_name,
                   d.liaison_post, d.liaison_phone, d.liaison_email,
                   f"已报送（{text_date(d.contacts_reported_at)}）" if d.contacts_reported_at else "未报送"]
