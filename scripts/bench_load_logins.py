"""A login burst at the deadline (issue 15 item 6): 100 sign-ins through the login form (django.test.Client,
whole middleware stack, django-axes) with each password hasher at Django's defaults — the configured first
hasher and Argon2 — printing CPU seconds per login (this process, all threads), wall time and the hasher's
parameters. Run through `make bench-logins` (bench database, DEBUG off)."""

import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greencomp.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import get_hasher, make_password  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from greencomp.models import User  # noqa: E402

LOGINS = 100
PASSWORD = "Burst-login-pass-2025"
HASHERS = {
    "PBKDF2（现用）": "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "Argon2id": "django.contrib.auth.hashers.Argon2PasswordHasher",
}


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def burst(dotted: str) -> dict:
    with override_settings(PASSWORD_HASHERS=[dotted]):
        user, _ = User.objects.update_or_create(username="bench-login-burst", defaults={"full_name": "登录压测"})
        user.password = make_password(PASSWORD)
        user.save(update_fields=["password"])
        client = Client()
        start_cpu, start = cpu(), time.perf_counter()
        for _ in range(LOGINS):
            response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
            assert response.status_code == 302, response.status_code
            client.post(reverse("logout"))
        row = {"cpu_ms": (cpu() - start_cpu) * 1000 / LOGINS, "wall_ms": (time.perf_counter() - start) * 1000 / LOGINS,
               "params": get_hasher().safe_summary(user.password)}
        start_cpu = cpu()
        for _ in range(LOGINS):
            get_hasher().verify(PASSWORD, user.password)
        row["hash_cpu_ms"] = (cpu() - start_cpu) * 1000 / LOGINS
        return row


def main() -> int:
    print(f"登录高峰：{LOGINS} 次表单登录（含退出），每种哈希算法取Django默认参数；负载 {os.getloadavg()[0]:.2f}")
    for label, dotted in HASHERS.items():
        row = burst(dotted)
        params = {k: v for k, v in row["params"].items() if k not in ("hash", "salt")}
        print(f"{label:<14} 登录 CPU {row['cpu_ms']:6.1f} ms/次，墙钟 {row['wall_ms']:6.1f} ms/次；"
              f"仅校验口令 CPU {row['hash_cpu_ms']:6.1f} ms/次  {params}")
    print(f"当前 PASSWORD_HASHERS[0]：{settings.PASSWORD_HASHERS[0]}")
    User.objects.filter(username="bench-login-burst").delete()
    return 0


if __name__ == "__main__":
    sys.exit(main())
