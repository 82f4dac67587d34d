"""The deadline load of SPEC.md, bounded in time: gunicorn -w 4 on loopback, 16 clients (8 division officers
registering entries, 8 applicants saving drafts — the page's autosave and the full form — and submitting), each
logged in through the login form and posting with its CSRF token; then the bare reference view under the same
load. Prints req/s, p50/p95/p99, 5xx, and checks every acknowledged write in the database.

Run through `make bench` / `make bench-load` (which set the environment: BENCH_VIEWS, the bench database)."""

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greencomp.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402

from greencomp.seed.load import MARK_FIELD, PASSWORD, credit_code, load_prepare, load_verify  # noqa: E402

LOG = Path(os.environ.get("BENCH_LOAD_LOG", "/tmp/greencomp-bench-load.log"))
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CLIENTS = 16
FOLLOW = False  # --follow: each 302 of a write is followed by the GET of its target, as a browser does
TARGET_RPS, TARGET_P95, BARE_RATIO, BARE_FAST = 150, 250, 0.75, 200  # SPEC.md deadline-load row


class Browser:
    """One client: its own cookies, a new loopback connection per request (gunicorn's sync workers close it)."""

    def __init__(self, port: int):
        self.port, self.cookies, self.location = port, {}, None

    def request(self, method: str, path: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data or {}, doseq=True) if data is not None else None
        head = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Connection": "close",
                **(headers or {})}
        if body is not None:
            head["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        start = time.perf_counter()
        connection.request(method, path, body=body, headers=head)
        response = connection.getresponse()
        content = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        for name, value in response.getheaders():
            if name.lower() == "location":
                self.location = value
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        connection.close()
        return response.status, content.decode("utf-8", "replace"), elapsed

    def login(self, username: str) -> float:
        status, html, t1 = self.request("GET", reverse("login"))
        token = TOKEN.search(html).group(1)
        status, _html, t2 = self.request("POST", reverse("login"), {
            "username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
        assert status == 302, f"{username}: login HTTP {status}"
        return t1 + t2

    def post(self, path: str, data: dict, **headers):
        return self.request("POST", path, {**data, "csrfmiddlewaretoken": self.cookies["csrftoken"]}, headers)


class Run:
    """What all clients of one phase did: latencies, statuses, and the writes the server acknowledged."""

    def __init__(self):
        self.lock = threading.Lock()
        self.ms, self.statuses = [], {}
        self.entries, self.drafts, self.submits = [], {}, {}

    def record(self, status: int, ms: float) -> None:
        with self.lock:
            self.ms.append(ms)
            self.statuses[status] = self.statuses.get(status, 0) + 1


def follow(browser: Browser, status: int, run: Run) -> None:
    """With --follow, the page a browser loads after the write's redirect (one more request of the load).
    Without it, the write's flash message is dropped as that page would show and clear it: a client that never
    loads the page would carry every message of the run in its cookie, up to the cookie's size limit, and each
    write would decode and encode them all again."""
    if status != 302:
        return
    if FOLLOW:
        run.record(*browser.request("GET", browser.location)[::2])
    else:
        browser.cookies.pop("messages", None)


def officer(browser: Browser, client: int, division: int, load: int, run: Run, until: float) -> None:
    path = reverse("labour:entry_create", args=[division])
    n = 0
    while time.monotonic() < until:
        n += 1
        code = credit_code(load, client, n)
        status, _html, ms = browser.post(path, {
            "organisation_name": f"负载测试登记单位{client:02d}-{n:05d}", "credit_code": code, "industry": "化工",
            "project": f"锅炉节能改造{n}", "project_address": "郑州市中原区1号", "contact_name": "赵六",
            "contact_phone": "0371-65512345"})
        run.record(status, ms)
        if status == 302:
            with run.lock:
                run.entries.append(code)
        follow(browser, status, run)


def form_payload(data: dict) -> dict:
    payload = {k: v for k, v in data.items() if v not in (False, None) and not isinstance(v, list)}
    payload.update({k: "on" for k, v in data.items() if v is True})
    payload.update({k: v for k, v in data.items() if isinstance(v, list)})
    return payload


def applicant(browser: Browser, client: int, applications: list[dict], run: Run, until: float) -> None:
    """Per application: the page's autosave, a full 保存草稿, then 提交 — until the time is up."""
    for app in applications:
        steps = [("innovation:edit", {"X-Requested-With": "XMLHttpRequest"}, 200, run.drafts),
                 ("innovation:edit", {}, 302, run.drafts), ("innovation:submit", {}, 302, run.submits)]
        for i, (name, headers, ok, acked) in enumerate(steps):
            if time.monotonic() >= until:
                return
            text = f"负载测试 c{client} a{app['pk']} s{i}"
            status, _html, ms = browser.post(reverse(name, args=[app["pk"]]),
                                             form_payload({**app["data"], MARK_FIELD: text}), **headers)
            run.record(status, ms)
            if status == ok:
                with run.lock:
                    acked[app["pk"]] = text
            follow(browser, status, run)


def bare(browser: Browser, path: str, run: Run, until: float) -> None:
    while time.monotonic() < until:
        status, _html, ms = browser.request("GET", path)
        run.record(status, ms)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (Linux /proc; 0 for one that has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu(server: subprocess.Popen) -> dict[str, dict[int, float]]:
    """CPU so far of the gunicorn workers and of the PostgreSQL backends serving this database: the machine is
    shared, so the requests' own CPU is a measure that other load does not move the way req/s moves."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        backends = [row[0] for row in cursor.fetchall()]
    workers = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
    return {"gunicorn": {int(p): _cpu_seconds(int(p)) for p in workers},
            "postgres": {p: _cpu_seconds(p) for p in backends}}


def phase(workers, seconds: float, server: subprocess.Popen) -> tuple[Run, float]:
    before = server_cpu(server)
    run = Run()
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=fn, args=(*args, run, until)) for fn, args in workers]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    after = server_cpu(server)
    run.cpu_ms = {name: sum(after[name][p] - before[name].get(p, 0.0) for p in after[name]) * 1000 / max(len(run.ms), 1)
                  for name in after}
    return run, elapsed


def summary(name: str, run: Run, elapsed: float) -> dict:
    ms = sorted(run.ms)
    q = statistics.quantiles(ms, n=100) if len(ms) > 1 else ms * 99
    row = {"rps": len(ms) / elapsed, "p50": q[49], "p95": q[94], "p99": q[98],
           "5xx": sum(n for s, n in run.statuses.items() if s >= 500), "n": len(ms),
           "cpu": run.cpu_ms["gunicorn"] + run.cpu_ms["postgres"]}
    print(f"{name:<26}{row['n']:>7}{row['rps']:>9.1f}{row['p50']:>8.0f}{row['p95']:>8.0f}{row['p99']:>8.0f}"
          f"{row['5xx']:>6}  {dict(sorted(run.statuses.items()))}  服务器CPU每请求 {row['cpu']:.1f}ms"
          f"（gunicorn {run.cpu_ms['gunicorn']:.1f} + PostgreSQL {run.cpu_ms['postgres']:.1f}）")
    return row


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(port: int) -> subprocess.Popen:
    """gunicorn -w 4 (sync workers, as in production) on a free loopback port; its log goes to LOG."""
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "greencomp.wsgi", "-w", "4",
                               "-b", f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT,
                              stdout=LOG.open("w"), stderr=subprocess.STDOUT)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn 未能启动")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="province")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--follow", action="store_true", help="follow each write's redirect with its GET (a browser)")
    args = parser.parse_args()
    global FOLLOW
    FOLLOW = args.follow
    half = CLIENTS // 2
    plan = load_prepare(officers=half, applicants=half, drafts=int(args.seconds * 8))
    port = free_port()
    server = serve(port)
    try:
        browsers = [Browser(port) for _ in range(CLIENTS)]
        users = [o["username"] for o in plan["officers"]] + [a["username"] for a in plan["applicants"]]
        login_ms = [0.0] * CLIENTS

        def log_in(i):
            login_ms[i] = browsers[i].login(users[i])

        logins = [threading.Thread(target=log_in, args=(i,)) for i in range(CLIENTS)]
        for t in logins:
            t.start()
        for t in logins:
            t.join()
        workers = [(officer, (browsers[i], i + 1, o["division"], plan["run"])) for i, o in enumerate(plan["officers"])]
        workers += [(applicant, (browsers[half + i], half + i + 1, a["applications"]))
                    for i, a in enumerate(plan["applicants"])]
        print(f"截止高峰负载：gunicorn -w 4，{CLIENTS} 个客户端（{half} 个赛区负责人登记参赛单位，{half} 个申报单位"
              f"自动保存/保存草稿/提交{'，跟随重定向GET' if FOLLOW else ''}），每段 {args.seconds:.0f} 秒；登录（表单）中位数 {statistics.median(login_ms):.0f}ms")
        print(f"{'':<26}{'请求':>7}{'req/s':>9}{'p50':>8}{'p95':>8}{'p99':>8}{'5xx':>6}  状态码")
        writes, elapsed = phase(workers, args.seconds, server)
        w = summary("写入（登记/草稿/提交）", writes, elapsed)
        lost = load_verify(run=plan["run"], entries=writes.entries, drafts=writes.drafts, submits=writes.submits)
        bare_path = reverse("bench_bare", args=[args.scale, 0])
        bare_run, elapsed = phase([(bare, (b, bare_path)) for b in browsers], args.seconds, server)
        b = summary("裸视图GET（同样负载）", bare_run, elapsed)
    finally:
        server.terminate()
        server.wait(timeout=30)
    ratio = w["rps"] / b["rps"]
    print(f"已确认写入：登记 {len(writes.entries)}，草稿 {len(writes.drafts)}，提交 {len(writes.submits)}；"
          f"数据库中缺失 {len(lost)}" + (f"：{lost[:5]}" if lost else ""))
    throughput = w["rps"] >= TARGET_RPS or (b["rps"] < BARE_FAST and ratio >= BARE_RATIO)
    ok = throughput and w["p95"] <= TARGET_P95 and w["5xx"] == 0 and not lost
    print(f"服务器CPU每请求：裸视图 ÷ 写入 = {b['cpu'] / w['cpu']:.2f}（机器上其他负载对它的影响小于对 req/s 的；仅供参考，"
          f"达标按 req/s）")
    print(f"写入/裸视图 = {ratio:.2f}；SPEC：≥{TARGET_RPS} req/s（或裸视图 <{BARE_FAST} req/s 时 ≥{BARE_RATIO}×裸视图），"
          f"p95 ≤{TARGET_P95}ms，0 个5xx，0 丢失 → {'达标' if ok else '未达标'}（服务器日志：{LOG}）")
    return finish(ok)


def finish(ok: bool) -> int:
    """With the page bench's count (written by `manage.py bench`), the one summary line of `make bench`."""
    path = Path(os.environ.get("BENCH_SUMMARY", "/tmp/greencomp-bench-summary.json"))
    if path.exists():
        counts = json.loads(path.read_text())
        print(f"达标：{counts['met'] + ok} / {counts['total'] + 1}（{counts['scale']}，含截止高峰负载）")
        path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
