"""The standing KPI goal: `rappel kpis` (CSV in, JSON out) against DuckDB computing the
same KPIs from the same CSV files, measured side by side in one run.

DuckDB side: one SQL query over `read_csv` of the exchange files (DOMAIN.md §2–§3:
balances at `to` and at `from − 1` from payments not reversed and write-offs, unapplied
cash (on its own line, not in AR), credit sales, write-offs in the period; DSO, net DSO,
best possible DSO, CEI, bad-debt ratio,
overdue % and overdue 60+ %, aging buckets), per segment and in total, written as JSON.
Timed in-process from `duckdb.connect()` to the JSON written (the interpreter's start and
`import duckdb` are not counted). Rappel side: the whole `rappel kpis` process, which
also computes countback DSO and the supporting KPIs and validates every row.
The script checks that both give the same total DSO, net DSO, CEI, bad-debt ratio and
overdue shares before it reports times.
Peak memory: `rappel kpis`'s largest resident set (`/usr/bin/time -f %M`, the most of the runs) against
the CSV bytes (goal ≤ 3×), and this process's own peak (the interpreter with DuckDB in
it) beside it.

Usage: python kpis_vs_duckdb.py RAPPEL_BIN DATA_DIR FROM TO [RUNS]
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from decimal import ROUND_HALF_UP, Decimal

import duckdb

SQL = """
WITH
cust AS (SELECT customer_id, segment FROM read_csv('{d}/customers.csv', header = true,
         all_varchar = true)),
inv AS (SELECT invoice_id, customer_id, issue_date, due_date, amount
        FROM read_csv('{d}/invoices.csv', header = true,
        types = {{'invoice_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'issue_date': 'DATE',
        'due_date': 'DATE', 'amount': 'DECIMAL(18,2)'}})),
pay AS (SELECT * FROM read_csv('{d}/payments.csv', header = true,
        types = {{'payment_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'invoice_id': 'VARCHAR',
        'payment_date': 'DATE', 'amount': 'DECIMAL(18,2)', 'method': 'VARCHAR',
        'reversed_on': 'DATE'}})),
wo AS (SELECT * FROM read_csv('{d}/write_offs.csv', header = true,
       types = {{'invoice_id': 'VARCHAR', 'written_off_on': 'DATE', 'amount': 'DECIMAL(18,2)'}})),
paid AS (
  SELECT invoice_id,
    SUM(amount) FILTER (WHERE payment_date <= DATE '{to}'
                        AND (reversed_on IS NULL OR reversed_on > DATE '{to}')) AS p_to,
    SUM(amount) FILTER (WHERE payment_date <= DATE '{before}'
                        AND (reversed_on IS NULL OR reversed_on > DATE '{before}')) AS p_before
  FROM pay WHERE invoice_id IS NOT NULL GROUP BY invoice_id),
written AS (
  SELECT invoice_id,
    SUM(amount) FILTER (WHERE written_off_on <= DATE '{to}') AS w_to,
    SUM(amount) FILTER (WHERE written_off_on <= DATE '{before}') AS w_before,
    SUM(amount) FILTER (WHERE written_off_on BETWEEN DATE '{frm}' AND DATE '{to}') AS w_period
  FROM wo GROUP BY invoice_id),
bal AS (
  SELECT cust.segment, inv.issue_date, inv.due_date, inv.amount,
    CASE WHEN inv.issue_date <= DATE '{to}'
         THEN inv.amount - COALESCE(p_to, 0) - COALESCE(w_to, 0) ELSE 0 END AS b_to,
    CASE WHEN inv.issue_date <= DATE '{before}'
         THEN inv.amount - COALESCE(p_before, 0) - COALESCE(w_before, 0) ELSE 0 END AS b_before,
    COALESCE(w_period, 0) AS w_period
  FROM inv JOIN cust USING (customer_id)
  LEFT JOIN paid USING (invoice_id) LEFT JOIN written USING (invoice_id)),
unapplied AS (
  SELECT cust.segment,
    SUM(amount) FILTER (WHERE payment_date <= DATE '{to}'
                        AND (reversed_on IS NULL OR reversed_on > DATE '{to}')) AS u_to,
    SUM(amount) FILTER (WHERE payment_date <= DATE '{before}'
                        AND (reversed_on IS NULL OR reversed_on > DATE '{before}')) AS u_before
  FROM pay JOIN cust USING (customer_id) WHERE pay.invoice_id IS NULL GROUP BY GROUPING SETS ((cust.segment), ())),
per AS (
  SELECT segment,
    SUM(b_to) AS open_to, SUM(b_before) AS open_before,
    SUM(b_to) FILTER (WHERE due_date >= DATE '{to}') AS current_to,
    SUM(b_to) FILTER (WHERE DATE '{to}' - due_date BETWEEN 1 AND 30) AS a1_30,
    SUM(b_to) FILTER (WHERE DATE '{to}' - due_date BETWEEN 31 AND 60) AS a31_60,
    SUM(b_to) FILTER (WHERE DATE '{to}' - due_date BETWEEN 61 AND 90) AS a61_90,
    SUM(b_to) FILTER (WHERE DATE '{to}' - due_date > 90) AS a91,
    SUM(b_to) FILTER (WHERE DATE '{to}' - due_date > 60) AS over60,
    SUM(amount) FILTER (WHERE issue_date BETWEEN DATE '{frm}' AND DATE '{to}') AS sales,
    SUM(w_period) AS write_offs
  FROM bal GROUP BY GROUPING SETS ((segment), ()))
SELECT per.segment,
  per.open_to AS ar_to,
  per.open_before AS ar_before,
  COALESCE(per.current_to, 0) AS current_to,
  per.open_to - COALESCE(per.current_to, 0) AS overdue_to,
  COALESCE(per.over60, 0) AS over60,
  COALESCE(per.a1_30, 0) AS a1_30, COALESCE(per.a31_60, 0) AS a31_60,
  COALESCE(per.a61_90, 0) AS a61_90, COALESCE(per.a91, 0) AS a91,
  COALESCE(per.sales, 0) AS sales, COALESCE(per.write_offs, 0) AS write_offs,
  COALESCE(u.u_to, 0) AS unapplied
FROM per LEFT JOIN unapplied u ON u.segment IS NOT DISTINCT FROM per.segment
ORDER BY per.segment NULLS FIRST
"""


def ratio(a, b, k=Decimal(1)):
    return None if b == 0 else a * k / b


def r2(x):
    return None if x is None else str(x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def duckdb_kpis(data, frm, to, days, out):
    con = duckdb.connect()
    before = str((__import__("datetime").date.fromisoformat(frm) - __import__("datetime").timedelta(days=1)))
    rows = con.execute(SQL.format(d=data, frm=frm, to=to, before=before)).fetchall()
    result = {}
    for seg, ar, ar_b, cur, ovd, o60, a1, a2, a3, a4, s, w, unap in rows:
        dso = ratio(ar, s, Decimal(days))
        bpdso = ratio(cur, s, Decimal(days))
        result["total" if seg is None else seg] = {
            "dso": r2(dso),
            "dso_net": r2(ratio(ar - unap, s, Decimal(days))),
            "best_possible_dso": r2(bpdso),
            "average_days_delinquent": r2(None if dso is None or bpdso is None else dso - bpdso),
            "cei": r2(ratio(ar_b + s - ar, ar_b + s - cur, Decimal(100))),
            "bad_debt_ratio": r2(ratio(w, s, Decimal(100))),
            "overdue_percent": r2(ratio(ovd, ar, Decimal(100))),
            "overdue_60_percent": r2(ratio(o60, ar, Decimal(100))),
            "receivables": r2(ar),
            "aging": [r2(cur), r2(a1), r2(a2), r2(a3), r2(a4), r2(unap)],
        }
    with open(out, "w") as f:
        json.dump(result, f)
    con.close()
    return result


def main():
    rappel, data, frm, to = sys.argv[1:5]
    runs = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    import datetime

    days = (datetime.date.fromisoformat(to) - datetime.date.fromisoformat(frm)).days + 1
    r_times, d_times, peaks = [], [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        # Under /usr/bin/time, whose report is rappel's own peak: a child's ru_maxrss
        # seen from here would include this interpreter's pages at the fork (DuckDB's).
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%M", rappel, "kpis", "--data", data, "--from", frm, "--to", to],
            check=True, capture_output=True,
        )
        r_times.append(time.perf_counter() - t0)
        out = done.stdout
        peaks.append(int(done.stderr.decode().strip().splitlines()[-1]))
        t0 = time.perf_counter()
        ddb = duckdb_kpis(data, frm, to, days, "/tmp/rappel-duckdb-kpis.json")
        d_times.append(time.perf_counter() - t0)
    mine = json.loads(out)
    total = ddb["total"]
    for key in ["dso", "dso_net", "cei", "bad_debt_ratio", "overdue_percent", "overdue_60_percent"]:
        if mine[key] != total[key]:
            sys.exit(f"DuckDB and rappel disagree on {key}: {total[key]} vs {mine[key]}")
    r, d = statistics.median(r_times), statistics.median(d_times)
    print(f"same KPIs (total DSO {mine['dso']}, CEI {mine['cei']}, bad-debt {mine['bad_debt_ratio']} %, "
          f"overdue {mine['overdue_percent']} %, 60+ {mine['overdue_60_percent']} %; {len(ddb) - 1} segments)")
    print(f"rappel kpis ({rappel}, process, CSV → JSON): median {r:.3f} s of {', '.join(f'{x:.3f}' for x in r_times)}")
    print(f"DuckDB {duckdb.__version__} (in-process, CSV → JSON): median {d:.3f} s of {', '.join(f'{x:.3f}' for x in d_times)}")
    print(f"rappel / DuckDB = {r / d:.2f} (goal ≤ 0.50)")
    csv_bytes = sum(os.path.getsize(os.path.join(data, f)) for f in os.listdir(data) if f.endswith(".csv"))
    mine_kib = max(peaks)
    ddb_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak memory: rappel kpis {mine_kib / 1024:.0f} MiB = {mine_kib * 1024 / csv_bytes:.2f} × the "
          f"{csv_bytes / 2**20:.0f} MiB of CSV (goal ≤ 3); DuckDB (with the interpreter) {ddb_kib / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
