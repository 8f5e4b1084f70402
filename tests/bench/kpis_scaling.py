"""`rappel kpis` (CSV → JSON) on the generated portfolios of 1, 2, 5 and 10 million
invoices: wall time and peak resident memory per run (the children's `ru_maxrss`, one
child at a time), per invoice, and against the 1 M figures (issue 15: within 1.3×).

Usage: python kpis_scaling.py RAPPEL_BIN DATA_ROOT FROM TO [RUNS]
(DATA_ROOT holds 1m/, 2m/, 5m/, 10m/ as `scripts/bench-kpis-scaling.sh` generates them.)
"""

import os
import statistics
import subprocess
import sys
import time

SIZES = ["1m", "2m", "5m", "10m"]


def one_run(rappel, data, frm, to):
    """Wall seconds and peak KiB of one `rappel kpis` process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([rappel, "kpis", "--data", data, "--from", frm, "--to", to],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        sys.exit(f"rappel kpis failed on {data} (status {status})")
    return wall, usage.ru_maxrss


def invoices_in(data):
    with open(os.path.join(data, "invoices.csv"), "rb") as f:
        return sum(1 for _ in f) - 1


def main():
    rappel, root, frm, to = sys.argv[1:5]
    runs = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    rows = []
    for size in SIZES:
        data = os.path.join(root, size)
        n = invoices_in(data)
        csv_bytes = sum(os.path.getsize(os.path.join(data, f)) for f in os.listdir(data) if f.endswith(".csv"))
        walls, peaks = zip(*(one_run(rappel, data, frm, to) for _ in range(runs)))
        rows.append((size, n, csv_bytes, statistics.median(walls), max(peaks) * 1024, walls))
    base_t = rows[0][3] / rows[0][1]
    base_m = rows[0][4] / rows[0][1]
    print("| portfolio | invoices | CSV MiB | wall (median) | µs / invoice | × 1 M | peak MiB | bytes / invoice | × 1 M | peak / CSV |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for size, n, csv_bytes, wall, peak, walls in rows:
        t, m = wall / n, peak / n
        print(f"| {size} | {n:,} | {csv_bytes / 2**20:.0f} | {wall:.2f} s ({', '.join(f'{w:.2f}' for w in walls)}) "
              f"| {t * 1e6:.2f} | {t / base_t:.2f} | {peak / 2**20:.0f} | {m:.0f} | {m / base_m:.2f} | {peak / csv_bytes:.2f} |")


if __name__ == "__main__":
    main()
