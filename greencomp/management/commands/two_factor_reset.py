"""For a secretariat who lost both the phone and the recovery codes and has no other secretariat to ask."""

from django.core.management.base import BaseCommand, CommandError

from greencomp.models import User
from greencomp.two_factor import second_factor_remove


class Command(BaseCommand):
    help = "重置一个账号的两步验证（身份验证器和恢复码），该账号下次登录时重新绑定。"

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"未找到账号“{username}”。")
        second_factor_remove(user=user, by=None, reason="命令行重置 (manage.py two_factor_reset)")
        self.stdout.write(f"已重置 {username} 的两步验证，下次登录时需重新绑定。")
