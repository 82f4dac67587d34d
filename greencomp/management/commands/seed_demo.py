from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from greencomp.demo import DEMO_PASSWORD, seed_accounts


class Command(BaseCommand):
    help = "载入 fixtures/ 中的真实竞赛数据并创建演示账号与演示竞赛（可重复执行）。"

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="DEBUG 关闭时也执行（生产环境慎用）")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG 已关闭：seed_demo 会创建使用公开密码的演示账号。确需执行请加 --force。")
        with transaction.atomic():
            self.seed()

    def seed(self):
        from applications.demo_grading import seed_grading_demo
        from applications.demo_innovation import seed_innovation_demo
        from applications.demo_labour import seed_entries_demo
        from applications.demo_recommend import seed_recommend_demo
        from competitions.demo import seed_labour_demo
        from competitions.fixtures import load_all
        from reviews.demo_commendation import seed_commendation_demo
        from reviews.demo_review import seed_review_demo

        users = seed_accounts()
        loaded = load_all(by=users["secretariat"])
        labour = seed_labour_demo(users)  # the current labour competition, union-zhengzhou as 郑州市 officer
        seed_entries_demo(users, labour)
        seed_commendation_demo(users, labour)
        innovation = seed_innovation_demo(users)  # miit-zhengzhou as 郑州市 officer, applicants' demo drafts
        seed_recommend_demo(innovation)
        seed_review_demo(users)  # rubrics, expert1…expert5, entries under review in three other cities
        seed_grading_demo(users)  # eco-zhengzhou as 郑州市 officer of the grading campaign
        self.stdout.write(self.style.SUCCESS(
            f"演示数据就绪：{len(users)} 个账号（密码 {DEMO_PASSWORD}），{len(loaded)} 个 fixtures 数据文件，4 个演示竞赛。"
        ))
