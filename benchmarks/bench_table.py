"""The one way a benchmark reports a figure for `make bench`'s table.

Every script prints its own details as it likes, then one row per figure:

    from benchmarks.bench_table import emit_row
    emit_row("monthly run, 2,000 contracts", "<= 1.15x floor", ours_s, floor_s, met)

A row is one line, ``BENCH-ROW <json>``, that the table collects from the output.
"""

import json


def emit_row(figure, target, ours, floor=None, met=None, ratio=None, unit=""):
    """Print one row of the benchmark table.

    `ours` and `floor` are numbers (or short strings); `ratio` defaults to
    ours / floor when both are numbers; `met` is a bool, or None when the figure
    has no pass mark (printed as "-").
    """
    if ratio is None and _is_number(ours) and _is_number(floor) and floor:
        ratio = ours / floor
    row = {
        "figure": figure,
        "target": target,
        "ours": ours,
        "floor": floor,
        "ratio": ratio,
        "unit": unit,
        "met": None if met is None else bool(met),
    }
    print("BENCH-ROW " + json.dumps(row, ensure_ascii=False), flush=True)


def _is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)
