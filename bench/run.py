"""Benchmark harness: runs every bench/bench_*.py and prints its measurements.

Each module defines `run() -> list[Result]`. Benchmarks measure (time, peak memory, queries);
they never assert timings. Results worth keeping go into bench/RESULTS.md with the command
that reproduced them (`make bench`). Benchmarks use a fresh SQLite database under var/bench/.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'bench.sqlite3'}")


@dataclass(frozen=True)
class Result:
    name: str
    runs: int
    best_ms: float
    median_ms: float
    peak_kib: float


def measure(name: str, fn: Callable[[], object], *, runs: int = 20) -> Result:
    """Best and median wall time over `runs`, and peak Python memory of one run."""
    fn()  # warm up caches and lazy imports
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    times.sort()
    return Result(name, runs, times[0], times[len(times) // 2], peak / 1024)


def main() -> None:
    import django

    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"{'benchmark':<45} {'runs':>5} {'best ms':>9} {'median ms':>10} {'peak KiB':>9}")
    only = sys.argv[1:]  # `bench/run.py measures` runs the benchmarks whose file names match
    for path in sorted((ROOT / "bench").glob("bench_*.py")):
        if only and not any(word in path.stem for word in only):
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for r in module.run(measure):
            print(
                f"{r.name:<45} {r.runs:>5} {r.best_ms:>9.2f} {r.median_ms:>10.2f} "
                f"{r.peak_kib:>9.0f}"
            )


if __name__ == "__main__":
    main()
