"""Daily reminders (issue 4 item 8): three days and one day before a deadline, city officers whose
recommendation lists are not yet submitted, and applicants whose applications are not yet submitted.
Idempotent: ReminderLog keeps each (target, deadline, days-before) to one mail, however often it runs."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from applications.reminders_recommend import send_deadline_reminders


class Command(BaseCommand):
    help = "发送截止提醒：推荐名单截止前3天和1天提醒各推荐单位，申报截止前3天和1天提醒未提交的申报单位（每天运行一次）。"

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
        self.stdout.write(self.style.SUCCESS(
            f"{day:%Y-%m-%d}：已发送推荐单位提醒 {sent['division']} 封，申报单位提醒 {sent['applicant']} 封。"))
