"""A generated portfolio renumbered as many ledgers number it: a series a year.

Invoices, credit notes and payments start again at 1 every year, the year in their text
("INV2024-000123", "CN2025-00012", "PAY2026-000001"; clearings "CLR2026-00001"), as Directive 2006/112/EC art.
226(2) allows ("a sequential number, based on one or more series"). The generator numbers
each in one series for all its years; a five-year history renumbered so has five or six
series of a fifth each, none of them most of the table, which is what the id index must
also serve well (BENCHMARKS.md, issue 15, twenty-eighth pass).

Every reference is renumbered with its id (payments, disputes, write-offs, promises and
payment plans), so the KPIs of the copy equal the original's; the rows, their order and
every other cell are kept as they are.

    python3 tests/bench/yearly_ids.py SOURCE_FOLDER TARGET_FOLDER
"""

import csv
import os
import shutil
import sys


def renumber(rows, id_col, date_col, prefixes, widths):
    """New ids for the ids of `rows`, in row order within each year of `date_col`."""
    new, counts = {}, {}
    for row in rows:
        old = row[id_col]
        if not old or old in new:
            continue
        prefix = next((p for p in prefixes if old.startswith(p)), None)
        if prefix is None:
            raise SystemExit(f"unexpected id {old!r} in column {id_col}")
        year = row[date_col][:4]
        key = (prefix, year)
        counts[key] = counts.get(key, 0) + 1
        new[old] = f"{prefix}{year}-{counts[key]:0{widths[prefix]}d}"
    return new


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.DictReader(f)
        return r.fieldnames, list(r)


def write(path, fields, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main(src, dst):
    os.makedirs(dst, exist_ok=True)
    inv_fields, invoices = read(os.path.join(src, "invoices.csv"))
    inv = renumber(invoices, "invoice_id", "issue_date", ["INV", "CN"], {"INV": 6, "CN": 5})
    pay_fields, payments = read(os.path.join(src, "payments.csv"))
    pay = renumber(
        payments, "payment_id", "payment_date", ["PAY", "CLR"], {"PAY": 6, "CLR": 5}
    )

    def mapped(old, table):
        # A reference to an id the table does not have stays as it is (the reader
        # reports it, in the copy as in the original).
        return table.get(old, old)

    for row in invoices:
        row["invoice_id"] = inv[row["invoice_id"]]
    write(os.path.join(dst, "invoices.csv"), inv_fields, invoices)
    for row in payments:
        row["payment_id"] = mapped(row["payment_id"], pay)
        row["invoice_id"] = mapped(row["invoice_id"], inv)
    write(os.path.join(dst, "payments.csv"), pay_fields, payments)
    for name in sorted(os.listdir(src)):
        path = os.path.join(src, name)
        if name in ("invoices.csv", "payments.csv"):
            continue
        fields = None
        if name.endswith(".csv"):
            fields, rows = read(path)
        if fields and ("invoice_id" in fields or "invoice_ids" in fields):
            for row in rows:
                if row.get("invoice_id"):
                    row["invoice_id"] = mapped(row["invoice_id"], inv)
                if row.get("invoice_ids"):
                    row["invoice_ids"] = " ".join(
                        mapped(i, inv) for i in row["invoice_ids"].split()
                    )
            write(os.path.join(dst, name), fields, rows)
        else:
            shutil.copyfile(path, os.path.join(dst, name))
    print(f"{len(inv)} invoice and {len(pay)} payment ids renumbered by year into {dst}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
