"""Daily deadline reminders for every kind of competition (three days and one day before). The worker runs the
same service every morning by itself (notifications.reminders.reminders_daily); this command sends them now.
Idempotent: ReminderSent keeps each (person, open work, deadline, days-before) to one notification."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.reminders import send_deadline_reminders

LABELS = {"labour": "参赛名单", "recommendation": "推荐名单", "applicant": "申报", "expert": "评审",
          "grading": "绩效提升企业清单"}


class Command(BaseCommand):
    help = "发送截止提醒：各类截止时间前3天和1天，提醒尚有未完成事项的赛区负责人、申报单位和评审专家（每天运行一次）。"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按指定日期（YYYY-MM-DD，北京时间）计算，用于补发或测试")

    def handle(self, *args, today=None, **options):
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError("--today 须为 YYYY-MM-DD 格式的日期。") from exc
        else:
            day = timezone.localdate()
        sent = send_deadline_reminders(today=day)
        detail = "，".join(f"{LABELS[k]} {n} 条" for k, n in sent.items())
        self.stdout.write(self.style.SUCCESS(f"{day:%Y-%m-%d}：已发送截止提醒 {sum(sent.values())} 条（{detail}）。"))
