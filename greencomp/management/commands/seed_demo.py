from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from greencomp.seed.accounts import DEMO_PASSWORD
from greencomp.seed.demo import seed_all


class Command(BaseCommand):
    help = "载入 fixtures/ 中的真实竞赛数据并创建演示账号与演示竞赛（可重复执行）。"

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="DEBUG 关闭时也执行（生产环境慎用）")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG 已关闭：seed_demo 会创建使用公开密码的演示账号。确需执行请加 --force。")
        users, loaded = seed_all()
        self.stdout.write(self.style.SUCCESS(
            f"演示数据就绪：{len(users)} 个账号（密码 {DEMO_PASSWORD}），{len(loaded)} 个 fixtures 数据文件，4 个演示竞赛。"
        ))
