import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
                          capture_output=True, text=True)


def test_check_deploy_with_production_settings_reports_nothing():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="false",
                     SECRET_KEY="prod-" + "k3y-" * 15, ALLOWED_HOSTS="greencomp.example.gov.cn")
    assert (result.returncode, result.stdout.strip()) == (0, "System check identified no issues (0 silenced)."), result.stderr


def test_production_without_secret_key_fails_loudly():
    result = _manage("check", DEBUG="false")
    assert result.returncode == 1
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_bad_boolean_fails_loudly():
    result = _manage("check", DEBUG="maybe")
    assert result.returncode == 1
    assert "maybe" in result.stderr


def test_seed_demo_refuses_without_debug():
    result = _manage("seed_demo", DEBUG="false", SECRET_KEY="prod-" + "k3y-" * 15, ALLOWED_HOSTS="x")
    assert result.returncode == 1
    assert "DEBUG 已关闭：seed_demo 会创建使用公开密码的演示账号。确需执行请加 --force。" in result.stderr
