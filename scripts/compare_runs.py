#!/usr/bin/python3
"""compare_runs.py OUT_A OUT_B [...] [--labels a,b,...] [--outdir DIR]: npusim runs side by side.

Reads report.json and layers.csv of each `npusim run` output folder (docs/report_format.md), e.g. the
points of a sweep, and writes into DIR (default ./compare_plots):

  compare_totals.png    one panel per total, one bar per run: total time, array utilization (the
                        report's: the fraction of the array's peak at each layer's dtype, over all
                        cycles), stall share, and when at least one run has them DRAM bytes (read /
                        written), DRAM bandwidth (with each run's DRAM peak) and energy (by component
                        when totals.energy_breakdown_j exists; totals.energy_j, DFS transitions
                        included); a run without the value shows "n/a"; a run whose
                        totals.energy_notes say the energy leaves something out (e.g. DRAM energy
                        without IDD currents) has its energy marked "*" and the notes in the footer
  compare_op_time.png   time per layer kind (`op`) in each run, plus the DFS transitions (core clock
                        stopped between layers) as their own segment, so that each stack adds up to
                        totals.time_s: absolute, and as a share of the run; the stall part of each op
                        is hatched when any run stalls

The footer lists each run's hardware: array, dtype, memory, clock and DFS policy. Labels default to
the folders' names. The files written are listed on stdout (no numbers: the values are in each
report.json). Exit status: 0 on success, 2 on bad arguments or a folder that is not an npusim output
folder or has a value of the wrong type (one-line error on stderr naming the file and key), 1 if
matplotlib is missing. Needs /usr/bin/python3 with python3-matplotlib (Agg backend; no timestamps in
the PNGs).
"""
import argparse
import math
import os
import sys

sys.dont_write_bytecode = True  # importing plot_report must not leave __pycache__ in scripts/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot_report as pr  # noqa: E402  (shared loading and helpers)

PROG = "compare_runs"
OUT_FILES = ("compare_totals.png", "compare_op_time.png")


def default_labels(dirs):
    labels = [os.path.basename(os.path.normpath(d)) or d for d in dirs]
    if len(set(labels)) < len(labels):
        labels = [os.path.normpath(d) for d in dirs]
    if len(set(labels)) < len(labels):
        labels = [f"{i}:{lab}" for i, lab in enumerate(labels)]
    return labels


def num(v):
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def run_energy(run):
    """(total J or None, [(component, J)] or [])."""
    items = pr.flatten_numbers(run.totals.get("energy_breakdown_j"))
    if items:
        return sum(v for _, v in items), items
    total = num(run.totals.get("energy_j"))
    return total, []


class Panel:
    def __init__(self, title, ylabel, values, fmt, stack=None, note_missing="n/a", extra=None, marks=None):
        self.title = title
        self.ylabel = ylabel
        self.values = values          # per run: number or None
        self.fmt = fmt                # value -> text above the bar
        self.stack = stack            # optional [(label, per-run values, color)] drawn instead of values
        self.note_missing = note_missing
        self.extra = extra            # optional callable(ax, x) for decorations
        self.marks = marks or [""] * len(values)  # per run: text after the value ("*": see the notes)


def build_panels(runs):
    panels = []
    times = [num(r.totals.get("time_s")) for r in runs]
    tf, tu = pr.scale_unit([t for t in times if t is not None], pr.TIME_UNITS)
    panels.append(Panel("total simulated time", f"time ({tu})",
                        [None if t is None else t / tf for t in times], lambda v: f"{v:.4g}"))
    util = [num(r.totals.get("utilization")) for r in runs]
    panels.append(Panel("array utilization (over all cycles)", "% of the array's peak at the layer's dtype",
                        [None if u is None else 100 * u for u in util], lambda v: f"{v:.1f} %"))
    stall = []
    for r in runs:
        c, s = num(r.totals.get("cycles")), num(r.totals.get("stall_cycles"))
        stall.append(100 * s / c if c and s is not None else (0.0 if c else None))
    panels.append(Panel("stall share", "stall cycles / cycles (%)", stall, lambda v: f"{v:.1f} %"))

    if any("dram_read_bytes" in r.totals for r in runs):
        rd = [num(r.totals.get("dram_read_bytes")) for r in runs]
        wr = [num(r.totals.get("dram_write_bytes")) for r in runs]
        tot = [None if a is None else a + (b or 0) for a, b in zip(rd, wr)]
        bf, bu = pr.scale_unit([t for t in tot if t is not None], pr.BYTE_UNITS)
        panels.append(Panel("DRAM traffic", f"DRAM bytes ({bu})",
                            [None if t is None else t / bf for t in tot], lambda v: f"{v:.3g}",
                            stack=[("read", [None if a is None else a / bf for a in rd], pr.COLOR_READ),
                                   ("written", [None if b is None else b / bf for b in wr], pr.COLOR_WRITE)],
                            note_missing="n/a\n(no DRAM)"))
    if any("dram_bandwidth_gbps" in r.totals for r in runs):
        bw = [num(r.totals.get("dram_bandwidth_gbps")) for r in runs]
        peaks = [num(r.dram.get("peak_bandwidth_gbps")) if r.dram else None for r in runs]

        def peaks_marker(ax, x, peaks=peaks):
            pts = [(xi, p) for xi, p in zip(x, peaks) if p is not None]
            if pts:
                ax.scatter([p[0] for p in pts], [p[1] for p in pts], marker="_", s=900, color="black",
                           linewidths=2, zorder=3)
                for xi, p in pts:
                    ax.annotate(f"peak {p:.1f}", (xi, p), xytext=(0, 3), textcoords="offset points",
                                ha="center", va="bottom", fontsize=8)
                ax.set_ylim(0, max([p[1] for p in pts] + [v for v in bw if v is not None]) * 1.2)
        panels.append(Panel("average DRAM bandwidth (dash: DRAM peak)", "DRAM bandwidth (GB/s)", bw, lambda v: f"{v:.1f}",
                            note_missing="n/a\n(no DRAM)", extra=peaks_marker))
    energies = [run_energy(r) for r in runs]
    if any(e[0] is not None for e in energies):
        ef, eu = pr.scale_unit([e[0] for e in energies if e[0] is not None], pr.ENERGY_UNITS)
        comps = []
        for _, items in energies:
            for k, _ in items:
                if k not in comps:
                    comps.append(k)
        stack = None
        if comps:
            from matplotlib import colormaps
            cmap = colormaps["tab20" if len(comps) > 10 else "tab10"]
            stack = []
            for j, comp in enumerate(comps):
                vals = []
                for total, items in energies:
                    d = dict(items)
                    vals.append(None if total is None else d.get(comp, 0.0) / ef)
                stack.append((comp, vals, cmap(j % cmap.N)))
        noted = [bool(r.energy_notes()) for r in runs]
        panels.append(Panel("energy" + (" by component" if comps else "")
                            + (" (*: see notes)" if any(noted) else ""), f"energy ({eu})",
                            [None if e[0] is None else e[0] / ef for e in energies], lambda v: f"{v:.4g}",
                            stack=stack, marks=["*" if m else "" for m in noted]))
    return panels


def describe(run, label, notes=False):
    """The footer lines of one run: folder, workload, hardware; with notes, its energy notes."""
    c = run.config
    mem = c.get("memory_model", "?")
    if run.dram:
        mem += f" ({run.dram.get('preset', '?')})"
    pad = " " * (len(label) + 2)
    lines = [f"{label}: {run.dir}  workload {run.workload} ({len(run.layers)} layers), {c.get('name', '?')} "
             f"{c.get('array_rows', '?')}x{c.get('array_cols', '?')} {c.get('dataflow', '?')}, "
             f"dtype {run.dtype_text()}, memory {mem}",
             f"{pad}clock {num(c.get('freq_mhz')) or float('nan'):g} MHz, {run.dfs_text()}"]
    if notes:
        lines += [f"{pad}* energy note: {n}" for n in run.energy_notes()]
    return lines


def footer_lines(runs, labels, notes=False):
    return ["runs:"] + [line for r, lab in zip(runs, labels) for line in describe(r, lab, notes)]


def footer_height(lines):
    return 0.25 + 0.13 * len(lines)


def add_footer(fig, gs_row, lines):
    ax = fig.add_subplot(gs_row)
    ax.axis("off")
    ax.text(0.0, 1.0, "\n".join(lines), family="monospace", fontsize=7, va="top", ha="left",
            transform=ax.transAxes)


def set_run_ticks(ax, x, labels):
    ax.set_xticks(x)
    long_labels = len(labels) > 3 or max(len(lab) for lab in labels) > 10
    ax.set_xticklabels(labels, rotation=30 if long_labels else 0, ha="right" if long_labels else "center",
                       fontsize=8)


def plot_totals(runs, labels, outdir, written):
    panels = build_panels(runs)
    n = len(runs)
    ncols = min(3, len(panels))
    nrows = math.ceil(len(panels) / ncols)
    pw = max(3.6, 0.55 * n + 1.6)
    footer = footer_lines(runs, labels, notes=any(any(p.marks) for p in panels))
    footer_h = footer_height(footer)
    fig = pr.new_figure(pw * ncols + 1.4, 3.4 * nrows + footer_h + 0.6)
    gs = fig.add_gridspec(nrows + 1, ncols, height_ratios=[3.4] * nrows + [footer_h])
    fig.suptitle(f"npusim: {n} runs compared (totals)")
    x = list(range(n))
    for k, p in enumerate(panels):
        ax = fig.add_subplot(gs[k // ncols, k % ncols])
        have = [v is not None for v in p.values]
        if p.stack:
            bottom = [0.0] * n
            for lab, vals, color in p.stack:
                v = [vv if vv is not None else 0.0 for vv in vals]
                ax.bar(x, v, bottom=bottom, width=0.65, color=color, label=lab)
                bottom = [b + vv for b, vv in zip(bottom, v)]
            # outside, right of the panel: inside, it would cover the bars' value labels
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, framealpha=0.9,
                      borderaxespad=0.0)
        else:
            ax.bar(x, [v if v is not None else 0.0 for v in p.values], width=0.65, color="#4c72b0")
        top = max([v for v in p.values if v is not None] + [0.0]) or 1.0
        ax.set_ylim(0, top * 1.18)
        for xi, v, h, mark in zip(x, p.values, have, p.marks):
            if h:
                ax.annotate(p.fmt(v) + mark, (xi, v), xytext=(0, 2), textcoords="offset points", ha="center",
                            va="bottom", fontsize=8)
            else:
                ax.text(xi, top * 0.02, p.note_missing, ha="center", va="bottom", fontsize=8, color="gray")
        if p.extra:
            p.extra(ax, x)
        ax.set_title(p.title, fontsize=10)
        ax.set_ylabel(p.ylabel, fontsize=9)
        set_run_ticks(ax, x, labels)
        ax.grid(axis="y", alpha=0.3)
        ax.set_axisbelow(True)
    add_footer(fig, gs[nrows, :], footer)
    path = os.path.join(outdir, "compare_totals.png")
    pr.save(fig, path, written)


DFS_SEGMENT = "DFS transitions"


def op_times(run):
    """{op: [time s, stall s]} summed over the run's layers, in first-seen order, plus
    DFS_SEGMENT: [totals.dfs_transition_time_s, 0] when the run had DFS transitions (the core clock
    stopped between layers); the values add up to totals.time_s."""
    d = {}
    for l in run.layers:
        t = num(l.get("time_s")) or 0.0
        cyc = num(l.get("cycles")) or 0.0
        st = num(l.get("stall_cycles")) or 0.0
        e = d.setdefault(l.get("op", "?"), [0.0, 0.0])
        e[0] += t
        e[1] += t * st / cyc if cyc else 0.0
    dfs = pr.dfs_transition_time(run)
    if dfs > 0:
        d[DFS_SEGMENT] = [dfs, 0.0]
    return d


def plot_op_time(runs, labels, outdir, written):
    from matplotlib import colormaps
    from matplotlib.patches import Patch
    n = len(runs)
    per_run = [op_times(r) for r in runs]  # {op: [time s, stall s]}
    ops = sorted({op for d in per_run for op in d} - {DFS_SEGMENT},
                 key=lambda op: (-sum(d.get(op, [0, 0])[0] / (sum(v[0] for v in d.values()) or 1)
                                      for d in per_run), op))
    cmap = colormaps["tab20"]
    colors = {op: cmap(j % cmap.N) for j, op in enumerate(ops)}
    if any(DFS_SEGMENT in d for d in per_run):  # on top of each stack, in a color no op has
        ops.append(DFS_SEGMENT)
        colors[DFS_SEGMENT] = pr.COLOR_DFS
    any_stall = any(v[1] > 0 for d in per_run for v in d.values())
    tf, tu = pr.scale_unit([sum(v[0] for v in d.values()) for d in per_run], pr.TIME_UNITS)

    pw = max(4.5, 0.7 * n + 2)
    footer = footer_lines(runs, labels)
    footer_h = footer_height(footer)
    fig = pr.new_figure(2 * pw + 2.2, 5.2 + footer_h)
    gs = fig.add_gridspec(2, 2, height_ratios=[5.0, footer_h])
    fig.suptitle(f"npusim: time by layer kind (op), {n} runs"
                 + ("; hatched: stall (waiting for memory)" if any_stall else "")
                 + (f"; {DFS_SEGMENT}: core clock stopped between layers" if DFS_SEGMENT in ops else ""))
    x = list(range(n))
    for col, share in ((0, False), (1, True)):
        ax = fig.add_subplot(gs[0, col])
        bottom = [0.0] * n
        totals = [sum(v[0] for v in d.values()) or 1.0 for d in per_run]
        for op in ops:
            t = [d.get(op, [0.0, 0.0])[0] for d in per_run]
            s = [d.get(op, [0.0, 0.0])[1] for d in per_run]
            scale = [100.0 / tt if share else 1.0 / tf for tt in totals]
            comp = [(ti - si) * k for ti, si, k in zip(t, s, scale)]
            stall = [si * k for si, k in zip(s, scale)]
            ax.bar(x, comp, bottom=bottom, width=0.65, color=colors[op], edgecolor="white", linewidth=0.3)
            b2 = [b + c for b, c in zip(bottom, comp)]
            if any_stall:
                ax.bar(x, stall, bottom=b2, width=0.65, color=colors[op], hatch="////", edgecolor="white",
                       linewidth=0.3)
            seg = [c + st for c, st in zip(comp, stall)]
            if share:
                for xi, b, h in zip(x, bottom, seg):
                    if h >= 4.0:
                        ax.text(xi, b + h / 2, f"{op} {h:.0f}%", ha="center", va="center", fontsize=7,
                                color="white" if op == DFS_SEGMENT else "black")
            bottom = [b + h for b, h in zip(bottom, seg)]
        if share:
            ax.set_ylim(0, 100)
            ax.set_ylabel("share of the run's time (%)")
            ax.set_title("share of each run's time per op", fontsize=10)
        else:
            ax.set_ylim(0, max(bottom) * 1.08 or 1)
            ax.set_ylabel(f"time ({tu})")
            ax.set_title("time per op (stacked; the top is totals.time_s)", fontsize=10)
            for xi, b in zip(x, bottom):
                ax.annotate(f"{b:.4g}", (xi, b), xytext=(0, 2), textcoords="offset points", ha="center",
                            va="bottom", fontsize=8)
        set_run_ticks(ax, x, labels)
        ax.grid(axis="y", alpha=0.3)
        ax.set_axisbelow(True)
    handles = [Patch(facecolor=colors[op], label=op) for op in ops]
    if any_stall:
        handles.append(Patch(facecolor="lightgray", hatch="////", edgecolor="white", label="stall part"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, title="op",
              title_fontsize=8)
    add_footer(fig, gs[1, :], footer)
    pr.save(fig, os.path.join(outdir, "compare_op_time.png"), written)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="compare_runs.py",
                                 description="Plots the totals of several npusim output folders side by side.")
    ap.add_argument("dirs", nargs="+", metavar="OUT_DIR", help="npusim run --out folders (at least two)")
    ap.add_argument("--labels", help="comma-separated run labels, one per OUT_DIR (default: folder names)")
    ap.add_argument("--outdir", metavar="DIR", default="compare_plots",
                    help="where to write the PNGs (default ./compare_plots)")
    args = ap.parse_args(argv)

    def fail(msg):
        sys.stderr.write(f"{PROG}: {msg}\n")
        return 2

    if len(args.dirs) < 2:
        return fail("needs at least two output folders to compare")
    if args.labels is not None:
        labels = [s.strip() for s in args.labels.split(",")]
        if len(labels) != len(args.dirs):
            return fail(f"--labels has {len(labels)} labels for {len(args.dirs)} output folders")
        if any(not s for s in labels):
            return fail("--labels has an empty label")
    else:
        labels = default_labels(args.dirs)
    runs = []
    for d in args.dirs:
        try:
            runs.append(pr.load_run(d))
        except pr.InputError as e:
            return fail(str(e))
    try:
        os.makedirs(args.outdir, exist_ok=True)
    except OSError as e:
        return fail(f"{args.outdir}: cannot create ({e.strerror})")
    pr.import_matplotlib()
    written = []
    try:
        plot_totals(runs, labels, args.outdir, written)
        plot_op_time(runs, labels, args.outdir, written)
    except OSError as e:
        return fail(f"{getattr(e, 'filename', None) or args.outdir}: cannot write ({e.strerror})")
    print(f"{PROG}: wrote {len(written)} files:")
    for p in written:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
