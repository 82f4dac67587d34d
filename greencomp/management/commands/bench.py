from django.conf import settings
from django.core.management.base import BaseCommand
from django.test import Client

from greencomp.models import User
from greencomp.seed.bench import RUNS, measure
from greencomp.seed.synthetic import targets


class Command(BaseCommand):
    help = "测量各页面和导出的服务端耗时（5次中位数）与SQL查询数，并与同一次运行中的裸Django视图对比。"

    def add_arguments(self, parser):
        parser.add_argument("--only", default="", help="只运行名称包含该文字的项目")

    def handle(self, *args, only="", **options):
        if settings.DEBUG:
            self.stderr.write("警告：DEBUG 开启时 Django 会记录每条 SQL，结果偏慢。请用 make bench。")
        clients = {}
        self.stdout.write(f"{'项目':<28}{'中位数ms':>10}{'查询数':>8}{'裸视图ms':>10}{'倍数':>7}{'目标':>10}{'峰值MB':>9}")
        for target in targets():
            if only and only not in target.label:
                continue
            username = target.username() if callable(target.username) else target.username
            client = clients.get(username)
            if client is None:
                client = clients[username] = Client()
                client.force_login(User.objects.get(username=username))
            row = measure(target, client)
            ratio = f"{row['ratio']:.2f}" if row.get("ratio") else "-"
            bare = f"{row['bare_ms']:.1f}" if "bare_ms" in row else "-"
            limit = f"≤{row['limit_ms']:.0f}" if "limit_ms" in row else "-"
            peak = f"{row['peak_mb']:.1f}" if "peak_mb" in row else "-"
            self.stdout.write(f"{row['label']:<28}{row['ms']:>10.1f}{row['queries']:>8}{bare:>10}{ratio:>7}"
                              f"{limit:>10}{peak:>9}")
        self.stdout.write(f"（每项 {RUNS} 次取中位数）")
