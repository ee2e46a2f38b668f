#!/usr/bin/python3
"""Reads an XLSX workbook Attune exported (openpyxl, independent of libxlsxwriter) and checks
every cell of every sheet against the CSV table of the same name in a folder: numbers equal as
numbers, text equal as text, empty CSV cells empty. Prints how many cells it checked; exit 1
and the first differences otherwise."""
import csv
import sys

import openpyxl

NUMERIC = {"value", "count", "d_rating", "confidence", "share", "rate_per_min", "open_bouts"}


def numeric(column):
    return column.endswith("_s") or column.endswith("_frame") or column in NUMERIC


def main(xlsx, csv_dir):
    book = openpyxl.load_workbook(xlsx, read_only=True)
    cells, problems = 0, []
    for name in book.sheetnames:
        if name == "about":  # the research-use caution, not a table of the CSV export
            rows = [list(row) for row in book[name].iter_rows(values_only=True)]
            if rows[:1] != [["note"]] or len(rows) != 2 or "Granqvist" not in str(rows[1][0]):
                problems.append(f"about: {rows!r} is not the research-use caution")
            continue
        with open(f"{csv_dir}/{name}.csv", newline="", encoding="utf-8") as f:
            expected = list(csv.reader(f))
        got = [list(row) for row in book[name].iter_rows(values_only=True)]
        if len(got) != len(expected):
            problems.append(f"{name}: {len(got)} rows, the CSV has {len(expected)}")
            continue
        for r, (want_row, got_row) in enumerate(zip(expected, got), start=1):
            got_row = list(got_row) + [None] * (len(want_row) - len(got_row))
            for c, want in enumerate(want_row):
                have = got_row[c]
                cells += 1
                if want == "":
                    ok = have is None
                elif r > 1 and numeric(expected[0][c]):
                    ok = isinstance(have, (int, float)) and abs(float(want) - have) <= 1e-9 * max(
                        1.0, abs(have))
                elif isinstance(have, (int, float)):
                    ok = abs(float(want) - have) <= 1e-9 * max(1.0, abs(have))
                else:
                    ok = have == want
                if not ok:
                    problems.append(f"{name} row {r} column {c + 1}: {have!r}, the CSV has {want!r}")
    if problems:
        print("\n".join(problems[:20]))
        return 1
    print(f"checked {cells} cells in {len(book.sheetnames)} sheets")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
