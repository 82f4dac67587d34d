import json
import os
import unicodedata
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from greencomp.models import User
from greencomp.seed.bench import RUNS, measure, rss_of_one_request
from greencomp.seed.synthetic import targets

COLUMNS = [("项目", -40), ("行数", 7), ("中位数ms", 13), ("查询", 5), ("裸视图ms", 10), ("裸查询", 7), ("倍数", 7),
           ("峰值RSS MB", 11), ("SPEC目标", -44), ("结果", -6)]


def pad(text: str, width: int) -> str:
    """Pads to a display width (a Chinese character takes two columns); negative width: left-aligned."""
    fill = " " * max(abs(width) - sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text), 0)
    return text + fill if width < 0 else fill + text


def line(values) -> str:
    return " ".join(pad(str(v), w) for v, (_name, w) in zip(values, COLUMNS, strict=True))


class Command(BaseCommand):
    help = ("测量各页面和导出的服务端耗时（预热1次后5次取中位数）、SQL查询数和峰值内存，并与同一次运行中、经过同一"
            "中间件栈的裸Django视图对比；每行给出SPEC目标与是否达标，最后一行为达标数/总数。")

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["province", "national"], default="province")
        parser.add_argument("--only", default="", help="只运行名称包含该文字的项目")
        parser.add_argument("--rss-of", type=int, default=None, help="（内部用）在新进程中测一个项目的峰值RSS")

    def handle(self, *args, scale="province", only="", rss_of=None, **options):
        if not settings.BENCH_VIEWS:
            raise CommandError("请设置 BENCH_VIEWS=true（make bench 已设置）：裸视图须挂在URLconf中。")
        found = targets(scale)
        if rss_of is not None:  # the fresh process of one memory measurement (greencomp.seed.bench)
            target = found[rss_of]
            self.stdout.write(json.dumps(rss_of_one_request(target, self._client({}, target), _username(target))))
            return
        if settings.DEBUG:
            self.stderr.write("警告：DEBUG 开启时 Django 会记录每条 SQL，结果偏慢。请用 make bench。")
        self.stdout.write(f"规模：{scale}；负载：{os.getloadavg()[0]:.2f}（1分钟平均）")
        self.stdout.write(line(name for name, _w in COLUMNS))
        clients, met, total, counts = {}, 0, 0, {}
        other = _query_counts("national" if scale == "province" else "province")
        for target in found:
            if only and only not in target.label:
                continue
            row = measure(target, self._client(clients, target), scale, _username(target))
            counts[target.label] = row["queries"]
            if target.label in other:  # SPEC: the same query count at province and at national scale
                row["checks"].append((f"查询数同另一规模({other[target.label]})", row["queries"] == other[target.label]))
            self.stdout.write(self._line(row))
            total += 1
            met += all(ok for _what, ok in row["checks"])
        self.stdout.write(f"（每项预热1次后 {RUNS} 次取中位数；标“1次”的项目预热已超过10秒，只再测1次）")
        self.stdout.write(f"达标：{met} / {total}（{scale}，页面与导出）")
        if not only:
            _query_counts_path(scale).write_text(json.dumps(counts, ensure_ascii=False))
        summary = {"met": met, "total": total, "scale": scale}  # scripts/bench_load.py adds the load and prints
        Path(os.environ.get("BENCH_SUMMARY", "/tmp/greencomp-bench-summary.json")).write_text(json.dumps(summary))

    @staticmethod
    def _client(clients: dict, target) -> Client:
        username = _username(target)
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        return clients[username]

    @staticmethod
    def _line(row: dict) -> str:
        def num(key, fmt):
            return format(row[key], fmt) if key in row else "-"

        ms = f"{row['ms']:.1f}" + ("(1次)" if row["runs"] == 1 else "")
        wanted = "，".join(what for what, _ok in row["checks"]) or "-"
        verdict = "达标" if all(ok for _w, ok in row["checks"]) else "未达标"
        return line([row["label"], num("rows", ","), ms, row["queries"], num("bare_ms", ".1f"),
                     num("bare_queries", "d"), num("ratio", ".2f"), num("rss_mb", ".0f"), wanted, verdict])

def _username(target) -> str:
    return target.username() if callable(target.username) else target.username


def _query_counts_path(scale: str) -> Path:
    return Path(os.environ.get("BENCH_QUERIES_DIR", "/tmp")) / f"greencomp-bench-queries-{scale}.json"


def _query_counts(scale: str) -> dict:
    path = _query_counts_path(scale)
    return json.loads(path.read_text()) if path.exists() else {}
