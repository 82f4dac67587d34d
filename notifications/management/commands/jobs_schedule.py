from django.core.management.base import BaseCommand

from notifications.reminders import daily_jobs_schedule


class Command(BaseCommand):
    help = "确保每日后台任务（截止提醒、清理过期导出文件）已排入队列；可重复运行（启动工作进程前运行一次）。"

    def handle(self, *args, **options):
        queued = daily_jobs_schedule()
        self.stdout.write("每日任务已排入队列。" if queued else "每日任务已在队列中。")
