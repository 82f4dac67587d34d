"""The bench's bare reference view exists only when BENCH_VIEWS is on (make bench): never in a normal URLconf."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import NoReverseMatch, reverse


def test_bare_view_is_not_mounted_without_bench_views(client, db):
    with pytest.raises(NoReverseMatch):
        reverse("bench_bare", args=["province", 0])
    assert client.get("/_bench/bare/province/0/").status_code == 404


def test_bench_command_refuses_without_bench_views(db):
    with pytest.raises(CommandError) as error:
        call_command("bench")
    assert str(error.value) == "请设置 BENCH_VIEWS=true（make bench 已设置）：裸视图须挂在URLconf中。"
