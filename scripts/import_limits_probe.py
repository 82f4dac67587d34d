"""Measure how the shared Excel reader meets the crafted files of issue 14: time to refusal, the message, and
peak memory (tracemalloc peak of the read, and the process's peak resident size before and after it).

    DEBUG=true .venv/bin/python scripts/import_limits_probe.py

builds each file (tests/greencomp/crafted_xlsx.py), then reads it in a fresh Python process so that the
resident-size figure belongs to that one import."""

import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FILES = {
    "dimension A1:XFD1048001, column A only": "dimension_bomb()",
    "one cell in column XFD per row (45,000 rows)": "column_xfd_rows(45000)",
    "sharedStrings with one 1 GiB string": "huge_shared_string(1024)",
    "the same within the size limits (19,000 rows, A1:XFD1048001)": "dimension_bomb(19000)",
    "column XFD per row within the row cap (19,000 rows)": "column_xfd_rows(19000)",
    "header, then one cell on row 1,048,000": "far_row()",
    "sharedStrings with one 10 MiB string (under the part limit)": "huge_shared_string(10)",
    "one cell of 200,000 varied characters": "long_cell(200_000)",
    "one row of 700,000 cells": "wide_row(700_000)",
    "950,000 short shared strings (just under the 20 MiB part limit)": "many_shared_strings(950_000)",
    "XML external entity": "external_entity()",
    "billion laughs": "billion_laughs()",
}


def high_water_mib() -> float:
    """The process's peak resident size (VmHWM; unlike ru_maxrss it does not carry the parent's over exec)."""
    line = next(t for t in Path("/proc/self/status").read_text().splitlines() if t.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def read_one(path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greencomp.settings")
    django.setup()
    from django.core.exceptions import ValidationError  # noqa: PLC0415 — after django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415 — after django.setup()

    from quotas.imports_labour import quota_rows_read  # noqa: PLC0415 — after django.setup()

    data = Path(path).read_bytes()

    def attempt() -> str:
        try:
            return f"read {len(quota_rows_read(SimpleUploadedFile('分配表.xlsx', data)))} rows"
        except ValidationError as exc:
            return "refused: " + exc.messages[0]

    before = high_water_mib()
    started = time.perf_counter()
    outcome = attempt()
    elapsed = time.perf_counter() - started  # timed without tracemalloc, which slows Python down several times
    after = high_water_mib()
    tracemalloc.start()
    attempt()
    peak = tracemalloc.get_traced_memory()[1]
    print(f"{elapsed:.3f}\t{peak / 2**20:.1f}\t{before:.0f}\t{after:.0f}\t{outcome}")


def main() -> None:
    from tests.greencomp import crafted_xlsx  # noqa: PLC0415 — needs ROOT on sys.path; the measured child never loads it

    print("| file | upload | refused in | tracemalloc peak | process max RSS (before → after) | message |")
    print("|---|---|---|---|---|---|")
    for label, call in FILES.items():
        data = eval(call, vars(crafted_xlsx))  # noqa: S307 — the table above, not input
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
            handle.write(data)
            handle.flush()
            out = subprocess.run([sys.executable, __file__, handle.name], capture_output=True, text=True,
                                 cwd=ROOT, check=True).stdout.strip().splitlines()[-1]
        elapsed, peak, before, after, outcome = out.split("\t")
        print(f"| {label} | {len(data) / 2**20:.2f} MiB | {elapsed} s | {peak} MiB | {before} → {after} MiB | {outcome} |")


if __name__ == "__main__":
    read_one(sys.argv[1]) if len(sys.argv) > 1 else main()
