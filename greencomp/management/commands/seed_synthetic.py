from django.core.management.base import BaseCommand
from django.db import connection

from greencomp.seed.accounts import seed_accounts
from greencomp.seed.synthetic import GENERATORS


class Command(BaseCommand):
    help = "生成性能测试数据（province 省级规模 / national 全国规模，见 SPEC.md）。可重复执行，已有数据不重复生成。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["province", "national"], default="province")

    def handle(self, *args, scale, **options):
        seed_accounts()
        for label, generate in GENERATORS:
            self.stdout.write(f"{label}：{generate(scale)}")
        if connection.vendor == "postgresql" and not connection.in_atomic_block:  # VACUUM runs outside a transaction
            # Statistics and the visibility map of the bulk-loaded tables (autovacuum may be off or not have run yet):
            # without them a bench would time plans that a production database, analysed, never picks.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"{scale} 规模数据已就绪。"))
