"""The 账号管理 list's filter: a search over the username and the name."""

from .filters import ListFilter, search_filter
from .models import User


class AccountFilter(ListFilter):
    search_fields = ("username", "full_name")
    q = search_filter(placeholder="用户名或姓名")

    class Meta:
        model = User
        fields = ["q"]
