#!/usr/bin/python3
"""plot_report.py OUT_DIR [--outdir DIR]: plots of one `npusim run` output folder.

Reads OUT_DIR/report.json and OUT_DIR/layers.csv (docs/report_format.md) and writes PNGs into
OUT_DIR/plots/ (or --outdir DIR):

  layer_time.png         per-layer time, split into compute (array / vector) and stall
  dram_per_layer.png     DRAM bytes, bandwidth and row-hit rate per layer   (memory.model: dram only)
  roofline.png           conv2d/matmul layers: arithmetic intensity vs achieved MAC rate, with the
                         array peak and (memory.model: dram) the DRAM peak-bandwidth roof
  energy_per_layer.png   per-layer energy stacked by component   (when layers[].energy_breakdown_j exists)
  energy_breakdown.png   the run's energy by component           (when totals.energy_breakdown_j exists)
  freq_per_layer.png     core clock per layer (DFS)              (when layers[].freq_mhz exists)

A plot whose data is not in the report is skipped with one line saying why; a plot file of that name
left in the output folder by an earlier run is removed so the folder never mixes runs. The files
written are listed on stdout. Exit status: 0 on success, 2 if OUT_DIR is not a readable npusim output
folder (one-line error on stderr) or the output folder cannot be written, 1 if matplotlib is missing.

Uses only matplotlib's Agg backend (no display needed); the PNGs carry no timestamp or software tag,
so the same report gives byte-identical images with the same matplotlib.
"""
import argparse
import csv
import json
import math
import os
import sys

PROG = "plot_report"

# Every file this script can write (used to remove stale ones of a skipped plot).
PLOT_FILES = ("layer_time.png", "dram_per_layer.png", "roofline.png", "energy_per_layer.png",
              "energy_breakdown.png", "freq_per_layer.png")

# Per-layer columns that only the memory path (memory.model: dram) writes.
DRAM_KEYS = ("dram_read_bytes", "dram_write_bytes", "row_hits", "row_misses", "row_conflicts",
             "dram_bandwidth_gbps")

ARRAY_OPS = ("conv2d", "matmul")

COLOR_ARRAY = "#1f77b4"
COLOR_VECTOR = "#2ca02c"
COLOR_STALL = "#d62728"
COLOR_READ = "#1f77b4"
COLOR_WRITE = "#ff7f0e"
OP_COLORS = {"conv2d": "#1f77b4", "matmul": "#ff7f0e"}

# Above this many layers, per-layer bar charts switch from named bars to thin bars with the
# top layers labelled by index and listed underneath.
NAMED_BARS_MAX = 48
TOP_LAYERS = 10
DPI = 110


class InputError(Exception):
    """The input is not a usable npusim output folder (exit status 2)."""


# --------------------------------------------------------------------------------------------------
# Loading


def _csv_value(text):
    for conv in (int, float):
        try:
            return conv(text)
        except ValueError:
            pass
    return text


class Run:
    """One npusim output folder: report.json, with layers.csv columns merged into the layers."""

    def __init__(self, out_dir, report, csv_rows):
        self.dir = out_dir
        self.report = report
        self.layers = report["layers"]
        for layer, row in zip(self.layers, csv_rows):
            for k, v in row.items():
                if k is not None and k not in layer:
                    layer[k] = _csv_value(v)
        self.totals = report.get("totals", {})
        self.config = report.get("config", {})
        self.workload = report.get("workload", {}).get("name", os.path.basename(out_dir))
        self.dram = report.get("dram") if isinstance(report.get("dram"), dict) else None

    def has_layer_key(self, key):
        return any(key in layer for layer in self.layers)

    @property
    def has_dram_columns(self):
        return bool(self.layers) and all(k in self.layers[0] for k in DRAM_KEYS)

    def col(self, key, default=0.0):
        return [layer.get(key, default) for layer in self.layers]

    def peak_macs_per_s(self):
        r, c, f = (self.config.get(k) for k in ("array_rows", "array_cols", "freq_mhz"))
        if not all(isinstance(v, (int, float)) for v in (r, c, f)):
            return None
        return r * c * f * 1e6

    def hw_line(self):
        c = self.config
        mem = c.get("memory_model", "?")
        if self.dram:
            mem += " ({}, {:.1f} GB/s peak)".format(self.dram.get("preset", "?"),
                                                   self.dram.get("peak_bandwidth_gbps", float("nan")))
        return "{}: {}x{} {} array, {:g} MHz, memory {}".format(
            c.get("name", "?"), c.get("array_rows", "?"), c.get("array_cols", "?"),
            c.get("dataflow", "?"), c.get("freq_mhz", float("nan")), mem)


def load_run(out_dir):
    """Loads an npusim output folder; raises InputError with a one-line message."""
    if not os.path.isdir(out_dir):
        raise InputError(f"{out_dir}: no such directory")
    rj = os.path.join(out_dir, "report.json")
    lc = os.path.join(out_dir, "layers.csv")
    for path in (rj, lc):
        if not os.path.isfile(path):
            raise InputError(f"{out_dir}: no {os.path.basename(path)} (not an npusim output folder)")
    try:
        with open(rj, encoding="utf-8") as f:
            report = json.load(f)
    except (OSError, ValueError) as e:
        raise InputError(f"{rj}: cannot read: {str(e).splitlines()[0]}")
    if not isinstance(report, dict) or not isinstance(report.get("layers"), list) \
            or not isinstance(report.get("totals"), dict):
        raise InputError(f"{rj}: not an npusim report (no totals or layers)")
    for i, layer in enumerate(report["layers"]):
        if not isinstance(layer, dict) or not all(k in layer for k in ("cycles", "time_s", "macs")):
            raise InputError(f"{rj}: layers[{i}] lacks cycles/time_s/macs")
    try:
        with open(lc, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    except (OSError, csv.Error, UnicodeDecodeError) as e:
        raise InputError(f"{lc}: cannot read: {e}")
    if len(rows) != len(report["layers"]):
        raise InputError(f"{out_dir}: layers.csv has {len(rows)} rows but report.json "
                         f"{len(report['layers'])} layers (files from different runs?)")
    return Run(out_dir, report, rows)


# --------------------------------------------------------------------------------------------------
# Helpers


def import_matplotlib():
    """Imports matplotlib with the Agg backend and default style; exits 1 if it is missing."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        matplotlib.rcdefaults()  # ignore any user matplotlibrc: same look, same bytes everywhere
        matplotlib.use("Agg")
        import matplotlib.figure  # noqa: F401  (fails here, not mid-plot, if matplotlib is broken)
    except ImportError as e:
        sys.stderr.write(f"{os.path.basename(sys.argv[0])}: needs matplotlib ({e}); "
                         "install python3-matplotlib and run with /usr/bin/python3\n")
        sys.exit(1)
    return matplotlib


def new_figure(width, height):
    from matplotlib.figure import Figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def save(fig, path, written):
    fig.savefig(path, dpi=DPI, metadata={"Software": None})
    written.append(path)


def scale_unit(values, units):
    """Picks (factor, name) from units [(factor, name), ...] (largest first) so that the largest
    value is >= 1 in that unit."""
    vmax = max((abs(v) for v in values if isinstance(v, (int, float)) and math.isfinite(v)), default=0)
    for factor, name in units:
        if vmax >= factor:
            return factor, name
    return units[-1]


TIME_UNITS = [(1.0, "s"), (1e-3, "ms"), (1e-6, "µs"), (1e-9, "ns")]
ENERGY_UNITS = [(1.0, "J"), (1e-3, "mJ"), (1e-6, "µJ"), (1e-9, "nJ"), (1e-12, "pJ")]
BYTE_UNITS = [(1e9, "GB"), (1e6, "MB"), (1e3, "kB"), (1.0, "B")]


def fmt_qty(value, units):
    factor, name = scale_unit([value], units)
    return f"{value / factor:.3g} {name}"


def layer_id(run, i):
    """The layer's `index` (its position in the trace) as shown in summary.txt; i if absent."""
    v = run.layers[i].get("index", i)
    return v if isinstance(v, int) else i


def short_name(name, limit=56):
    return name if len(name) <= limit else "…" + name[-(limit - 1):]


def top_indices(values, k):
    """Indices of the k largest values (ties in trace order), largest first."""
    order = sorted(range(len(values)), key=lambda i: (-values[i], i))
    return [i for i in order[:k] if values[i] > 0]


def flatten_numbers(obj, prefix=""):
    """{component: J or {sub: J}} -> [(component[.sub], J)] in key order, non-numbers dropped."""
    out = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += flatten_numbers(v, f"{prefix}{k}." if isinstance(v, dict) else f"{prefix}{k}")
    elif isinstance(obj, (int, float)) and not isinstance(obj, bool):
        out.append((prefix, float(obj)))
    return out


def per_layer_bars(fig, run, series, ylabel, title, ranking, ranking_desc, ranking_unit):
    """Stacked per-layer bars. series: [(label, values, color)], values in the plotted unit.
    Few layers: one named bar per layer. Many: thin bars, the top layers by `ranking` (per-layer
    values in `ranking_unit`) labelled with their index above the bar and listed with their full
    names, value and share of the run in a panel underneath."""
    n = len(run.layers)
    x = list(range(n))
    many = n > NAMED_BARS_MAX
    if many:
        gs = fig.add_gridspec(2, 1, height_ratios=[3.2, 0.62])
        ax = fig.add_subplot(gs[0])
        ax_list = fig.add_subplot(gs[1])
        ax_list.axis("off")
    else:
        ax = fig.add_subplot(1, 1, 1)
    bottom = [0.0] * n
    for label, values, color in series:
        ax.bar(x, values, bottom=bottom, width=1.0 if many else 0.8, color=color, label=label,
               linewidth=0, align="center")
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_xlim(-0.5 if not many else -1, n - 0.5 if not many else n)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    top = top_indices(ranking, TOP_LAYERS)
    ymax = max(bottom, default=0) or 1.0
    if many:
        ax.set_xlabel("layer index (trace order)")
        for i in top:
            ax.annotate(f"#{layer_id(run, i)}", (i, bottom[i]), xytext=(0, 3), textcoords="offset points",
                        ha="center", va="bottom", fontsize=7, rotation=90)
        ax.set_ylim(0, ymax * 1.12)
        total = sum(ranking) or 1.0
        lines = [f"top {len(top)} layers by {ranking_desc}:"]
        for i in top:
            layer = run.layers[i]
            lines.append(f"#{layer_id(run, i):<4d} {short_name(layer.get('name', '?'), 62):<62s} "
                         f"{layer.get('op', '?'):<9s} {ranking[i]:8.4g} {ranking_unit} "
                         f"{100 * ranking[i] / total:5.1f} %")
        half = (len(lines) + 1) // 2 if len(lines) > 6 else len(lines)
        ax_list.text(0.0, 1.0, "\n".join(lines[:half]), family="monospace", fontsize=7,
                     va="top", ha="left", transform=ax_list.transAxes)
        if half < len(lines):
            ax_list.text(0.5, 1.0, "\n" + "\n".join(lines[half:]), family="monospace", fontsize=7,
                         va="top", ha="left", transform=ax_list.transAxes)
    else:
        ax.set_xticks(x)
        ax.set_xticklabels([f"{layer_id(run, i)} {short_name(l.get('name', '?'), 28)}" for i, l in
                            enumerate(run.layers)], rotation=60, ha="right", fontsize=8)
        ax.set_xlabel("layer (index, name; trace order)")
        ax.set_ylim(0, ymax * 1.05)
    ax.legend(**legend_args(many, "best"))
    return ax


def legend_args(many, loc, ncol=1):
    """Legend placement: inside the axes at `loc` for a few layers; with many layers the bars or
    dots fill the plot, so the legend goes outside, right of the axes."""
    if many:
        return dict(loc="upper left", bbox_to_anchor=(1.005, 1.0), fontsize=8, framealpha=0.9)
    return dict(loc=loc, fontsize=8, framealpha=0.9, ncol=ncol)


def figure_width(n):
    return 16 if n > NAMED_BARS_MAX else max(8, 0.32 * n + 3)


def figure_height(n, base):
    return base + (1.6 if n > NAMED_BARS_MAX else 1.2)


# --------------------------------------------------------------------------------------------------
# Plots


def plot_layer_time(run, outdir, written):
    n = len(run.layers)
    t = run.col("time_s")
    cyc = run.col("cycles")
    comp = run.col("compute_cycles")
    comp_t = [ti * (c / cy if cy else 1.0) for ti, c, cy in zip(t, comp, cyc)]
    stall_t = [ti - c for ti, c in zip(t, comp_t)]
    factor, unit = scale_unit(t, TIME_UNITS)
    is_array = [l.get("unit") == "array" for l in run.layers]
    arr = [c / factor if a else 0.0 for c, a in zip(comp_t, is_array)]
    vec = [0.0 if a else c / factor for c, a in zip(comp_t, is_array)]
    stall = [s / factor for s in stall_t]
    total = sum(t) or 1.0

    def share(vals):
        return 100.0 * sum(vals) * factor / total

    series = [(f"compute, array unit ({share(arr):.1f} % of time)", arr, COLOR_ARRAY),
              (f"compute, vector unit ({share(vec):.1f} % of time)", vec, COLOR_VECTOR),
              (f"stall: waiting for memory ({share(stall):.1f} % of time)", stall, COLOR_STALL)]
    title = (f"{run.workload}: time per layer, compute vs stall "
             f"({n} layers, total {fmt_qty(sum(t), TIME_UNITS)}, memory {run.config.get('memory_model', '?')})\n"
             f"{run.hw_line()}")
    fig = new_figure(figure_width(n), figure_height(n, 4.6))
    per_layer_bars(fig, run, series, f"time per layer ({unit})", title,
                   [sum(v) for v in zip(arr, vec, stall)], "time", unit)
    save(fig, os.path.join(outdir, "layer_time.png"), written)


def plot_dram(run, outdir, written):
    n = len(run.layers)
    x = list(range(n))
    many = n > NAMED_BARS_MAX
    rd = run.col("dram_read_bytes")
    wr = run.col("dram_write_bytes")
    bfac, bunit = scale_unit([a + b for a, b in zip(rd, wr)], BYTE_UNITS)
    bw = run.col("dram_bandwidth_gbps")
    hits, misses, confl = run.col("row_hits"), run.col("row_misses"), run.col("row_conflicts")
    rate = []
    for h, m, c in zip(hits, misses, confl):
        rate.append(100.0 * h / (h + m + c) if h + m + c else float("nan"))
    bound = run.col("bound", "")
    peak = run.dram.get("peak_bandwidth_gbps") if run.dram else None
    avg_bw = run.totals.get("dram_bandwidth_gbps")
    tot_hits = run.totals.get("row_hit_rate")

    fig = new_figure(figure_width(n), 9.5 if many else 8.5 + 1.0)
    axes = fig.subplots(3, 1, sharex=True, gridspec_kw={"height_ratios": [1, 1.2, 1]})
    width = 1.0 if many else 0.8
    mem_name = ""
    if run.dram:
        mem_name = f" ({run.dram.get('preset', '?')})"
    fig.suptitle(f"{run.workload}: DRAM traffic per layer{mem_name}, {n} layers\n{run.hw_line()}")

    ax = axes[0]
    ax.bar(x, [v / bfac for v in rd], width=width, color=COLOR_READ, linewidth=0, label="read")
    ax.bar(x, [v / bfac for v in wr], bottom=[v / bfac for v in rd], width=width, color=COLOR_WRITE,
           linewidth=0, label="written")
    ax.set_ylabel(f"DRAM bytes ({bunit})")
    ax.set_title(f"DRAM bytes per layer (run: {fmt_qty(sum(rd), BYTE_UNITS)} read, "
                 f"{fmt_qty(sum(wr), BYTE_UNITS)} written)", fontsize=10)
    ax.legend(**legend_args(many, "upper left"))

    ax = axes[1]
    colors = ["#d62728" if b == "memory" else "#1f77b4" for b in bound]
    if many:  # hundreds of bars of similar height read as noise: one dot per layer instead
        ax.scatter(x, bw, c=colors, s=7, linewidths=0)
    else:
        ax.bar(x, bw, width=width, color=colors, linewidth=0)
    from matplotlib.patches import Patch
    from matplotlib.lines import Line2D
    if many:
        handles = [Line2D([], [], linestyle="", marker="o", markersize=4, color=c, label=lab)
                   for c, lab in (("#d62728", "memory-bound layer"), ("#1f77b4", "compute-bound layer"))]
    else:
        handles = [Patch(color="#d62728", label="memory-bound layer"),
                   Patch(color="#1f77b4", label="compute-bound layer")]
    if peak:
        ax.axhline(peak, color="black", linestyle="--", linewidth=1)
        handles.append(Line2D([], [], color="black", linestyle="--", label=f"DRAM peak {peak:.1f} GB/s"))
    if isinstance(avg_bw, (int, float)):
        ax.axhline(avg_bw, color="gray", linestyle=":", linewidth=1.2)
        handles.append(Line2D([], [], color="gray", linestyle=":", label=f"run average {avg_bw:.1f} GB/s"))
    ax.set_ylabel("DRAM bandwidth (GB/s)")
    ax.set_title("achieved DRAM bandwidth per layer (bytes read + written / layer time)", fontsize=10)
    ax.set_ylim(0, max([peak or 0] + [v for v in bw if math.isfinite(v)]) * 1.1 or 1)
    ax.legend(handles=handles, **legend_args(many, "upper left", ncol=2))

    ax = axes[2]
    if many:
        ax.plot(x, rate, color="#9467bd", linewidth=0.8, marker=".", markersize=2, label="row-hit rate")
    else:
        ax.plot(x, rate, color="#9467bd", linewidth=1, marker="o", markersize=4, label="row-hit rate")
    if isinstance(tot_hits, (int, float)):
        ax.axhline(100 * tot_hits, color="gray", linestyle=":", linewidth=1.2,
                   label=f"run average {100 * tot_hits:.1f} %")
    finite = [r for r in rate if math.isfinite(r)]
    lo = min(finite, default=0.0)
    ax.set_ylim(max(0.0, math.floor((lo - 2) / 10) * 10), 101)
    ax.set_ylabel("row-buffer hit rate (%)")
    ax.set_title("DRAM row-buffer hit rate per layer: hits / (hits + misses + conflicts)"
                 + ("; note the y axis does not start at 0" if ax.get_ylim()[0] > 0 else ""), fontsize=10)
    ax.legend(**legend_args(many, "lower left"))

    for ax in axes:
        ax.grid(axis="y", alpha=0.3)
        ax.set_axisbelow(True)
    if many:
        axes[2].set_xlabel("layer index (trace order)")
        axes[2].set_xlim(-1, n)
    else:
        axes[2].set_xticks(x)
        axes[2].set_xticklabels([f"{layer_id(run, i)} {short_name(l.get('name', '?'), 28)}" for i, l in
                                 enumerate(run.layers)], rotation=60, ha="right", fontsize=8)
        axes[2].set_xlabel("layer (index, name; trace order)")
        axes[2].set_xlim(-0.5, n - 0.5)
    save(fig, os.path.join(outdir, "dram_per_layer.png"), written)


def plot_roofline(run, outdir, written):
    from matplotlib.lines import Line2D
    dram = run.has_dram_columns
    pts = []  # (intensity, mac rate, index)
    no_bytes = 0
    for i, l in enumerate(run.layers):
        if l.get("op") not in ARRAY_OPS or not l.get("macs") or not l.get("time_s"):
            continue
        if dram:
            nbytes = l.get("dram_read_bytes", 0) + l.get("dram_write_bytes", 0)
        else:
            nbytes = l.get("weight_bytes", 0) + l.get("input_bytes", 0) + l.get("output_bytes", 0)
        if nbytes <= 0:
            no_bytes += 1
            continue
        pts.append((l["macs"] / nbytes, l["macs"] / l["time_s"], i))
    if not pts:
        print(f"{PROG}: skipped roofline.png: no conv2d/matmul layer with MACs and bytes")
        return
    G = 1e9  # plot MAC rates in GMAC/s
    peak = run.peak_macs_per_s()
    peak_bw = run.dram.get("peak_bandwidth_gbps") if (dram and run.dram) else None

    fig = new_figure(10, 7)
    ax = fig.add_subplot(1, 1, 1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    times = {i: run.layers[i]["time_s"] for _, _, i in pts}
    tmax = max(times.values())
    bounds = set(run.layers[i].get("bound") for _, _, i in pts) - {None, ""}
    markers = {"compute": "o", "memory": "^"}
    handles = []
    for op in ARRAY_OPS:
        for b in (sorted(bounds) or [None]):
            sel = [(ai, r, i) for ai, r, i in pts if run.layers[i].get("op") == op
                   and (b is None or run.layers[i].get("bound") == b)]
            if not sel:
                continue
            ax.scatter([p[0] for p in sel], [p[1] / G for p in sel],
                       s=[12 + 220 * times[p[2]] / tmax for p in sel],
                       c=OP_COLORS.get(op, "gray"), marker=markers.get(b, "o"), alpha=0.65,
                       edgecolors="black", linewidths=0.4)
            lab = op if b is None else f"{op}, {b}-bound"
            handles.append(Line2D([], [], linestyle="", marker=markers.get(b, "o"), markersize=7,
                                  markerfacecolor=OP_COLORS.get(op, "gray"), markeredgecolor="black",
                                  markeredgewidth=0.4, alpha=0.8,
                                  label=f"{lab} ({len(sel)} layer{'s' if len(sel) != 1 else ''})"))
    xs = [p[0] for p in pts]
    ys = [p[1] / G for p in pts]
    xlo, xhi = min(xs) / 2, max(xs) * 2
    ylo = min(ys) / 3
    yhi = max(ys) * 2
    if peak:
        yhi = max(yhi, peak / G * 2.5)
        ax.axhline(peak / G, color="black", linewidth=1.5)
        r, c, f = run.config["array_rows"], run.config["array_cols"], run.config["freq_mhz"]
        handles.append(Line2D([], [], color="black", linewidth=1.5,
                              label=f"array peak {r}x{c} PEs x {f:g} MHz = {peak / 1e12:.3g} TMAC/s"))
    if peak_bw:
        bw = peak_bw * 1e9  # bytes/s
        ridge = peak / bw if peak else None
        xlo = min(xlo, (ridge or xlo) / 20)
        xhi = max(xhi, (ridge or xhi) * 4)
        xe = [xlo, ridge if ridge else xhi]
        ax.plot(xe, [v * bw / G for v in xe], color="#7f7f7f", linestyle="--", linewidth=1.5)
        ylo = min(ylo, xlo * bw / G)
        handles.append(Line2D([], [], color="#7f7f7f", linestyle="--", linewidth=1.5,
                              label=f"DRAM peak bandwidth {peak_bw:.1f} GB/s"
                                    + (f" ({run.dram.get('preset')})" if run.dram.get("preset") else "")
                                    + (f"; ridge at {ridge:.0f} MAC/B" if ridge else "")))
    ax.set_xlim(xlo, xhi)
    ax.set_ylim(ylo, yhi)
    if dram:
        ax.set_xlabel("arithmetic intensity (MAC per DRAM byte read + written)")
        what = "DRAM traffic"
    else:
        ax.set_xlabel("footprint intensity (MAC per byte of weight + input + output tensors; "
                      "ideal memory: no DRAM traffic)")
        what = "intensity from tensor footprints; ideal memory, so no DRAM roof"
    ax.set_ylabel("achieved MAC rate (GMAC/s = 1e9 MAC/s)")
    ax.set_title(f"{run.workload}: roofline of the {len(pts)} conv2d/matmul layers ({what})\n"
                 f"{run.hw_line()}\nmarker area ~ layer time; the 6 points with the most time labelled (×N: N layers at that point)",
                 fontsize=10)
    if no_bytes:
        ax.text(0.99, 0.01, f"{no_bytes} layers with 0 bytes not shown", transform=ax.transAxes,
                ha="right", va="bottom", fontsize=8)
    ax.grid(which="major", alpha=0.3)
    ax.grid(which="minor", alpha=0.1)
    ax.legend(handles=handles, loc="lower right" if not no_bytes else "center right", fontsize=8,
              framealpha=0.9)
    # Label the layers that take the most time (last, once the layout is final); layers at the
    # same point share one label.
    label_points(fig, ax, [(p[0], p[1] / G, p[2]) for p in pts], run, times, 6)
    save(fig, os.path.join(outdir, "roofline.png"), written)


def label_points(fig, ax, pts, run, weight, k):
    """Annotates the k points (x, y, layer index) of largest weight[index]. Points drawn at the same
    place share one label; labels are pushed apart vertically so that they do not overlap, and put
    left of points in the right third of the axes."""
    groups = {}
    for x, y, i in pts:
        groups.setdefault((round(math.log10(x), 3), round(math.log10(y), 3)), []).append((x, y, i))
    ranked = sorted(groups.values(), key=lambda g: (-sum(weight[i] for _, _, i in g), g[0][2]))[:k]
    fig.canvas.draw()  # fixes the layout, so that data -> pixel transforms are final
    to_px = ax.transData.transform
    ax_x0, ax_x1 = ax.bbox.x0, ax.bbox.x1
    placed = []  # (x px, y px) of labels already placed
    for g in sorted(ranked, key=lambda g: -g[0][1]):
        x, y, _ = g[0]
        ids = sorted(i for _, _, i in g)
        name = short_name(run.layers[ids[0]].get("name", "?"), 30)
        text = f"#{layer_id(run, ids[0])} {name}" + (f" ×{len(ids)}" if len(ids) > 1 else "")
        px, py = to_px((x, y))
        left = px > ax_x0 + 0.62 * (ax_x1 - ax_x0)
        dy = -3.0
        for qx, qy in placed:
            if abs(qx - px) < 260 and abs((py + dy) - qy) < 11:
                dy = qy - py - 11
        placed.append((px, py + dy))
        ax.annotate(text, (x, y), xytext=(-7 if left else 7, dy), textcoords="offset points",
                    ha="right" if left else "left", va="center", fontsize=7,
                    bbox=dict(boxstyle="square,pad=0.1", facecolor="white", alpha=0.75, linewidth=0),
                    arrowprops=dict(arrowstyle="-", color="gray", linewidth=0.5) if abs(dy) > 6 else None)


def plot_energy_per_layer(run, outdir, written):
    from matplotlib import colormaps
    comps = []
    per_layer = []
    for l in run.layers:
        items = dict(flatten_numbers(l.get("energy_breakdown_j") or {}))
        per_layer.append(items)
        for k in items:
            if k not in comps:
                comps.append(k)
    if not comps:
        print(f"{PROG}: skipped energy_per_layer.png: layers[].energy_breakdown_j has no numeric entries")
        return
    totals = [sum(d.values()) for d in per_layer]
    factor, unit = scale_unit(totals, ENERGY_UNITS)
    cmap = colormaps["tab20" if len(comps) > 10 else "tab10"]
    run_total = sum(totals)
    series = []
    for j, comp in enumerate(comps):
        vals = [d.get(comp, 0.0) / factor for d in per_layer]
        share = 100.0 * sum(vals) * factor / run_total if run_total else 0.0
        series.append((f"{comp} ({share:.1f} %)", vals, cmap(j % cmap.N)))
    n = len(run.layers)
    fig = new_figure(figure_width(n), figure_height(n, 4.6))
    per_layer_bars(fig, run, series, f"energy per layer ({unit})",
                   f"{run.workload}: energy per layer by component ({n} layers, total "
                   f"{fmt_qty(run_total, ENERGY_UNITS)})\n{run.hw_line()}", [v / factor for v in totals],
                   "energy", unit)
    save(fig, os.path.join(outdir, "energy_per_layer.png"), written)


def plot_energy_breakdown(run, outdir, written):
    from matplotlib import colormaps
    items = flatten_numbers(run.totals.get("energy_breakdown_j"))
    if not items:
        print(f"{PROG}: skipped energy_breakdown.png: totals.energy_breakdown_j has no numeric entries")
        return
    items.sort(key=lambda kv: -kv[1])
    total = sum(v for _, v in items)
    factor, unit = scale_unit([v for _, v in items], ENERGY_UNITS)
    fig = new_figure(9, 1.6 + 0.45 * len(items))
    ax = fig.add_subplot(1, 1, 1)
    cmap = colormaps["tab20" if len(items) > 10 else "tab10"]
    y = list(range(len(items)))
    ax.barh(y, [v / factor for _, v in items], color=[cmap(j % cmap.N) for j in y])
    ax.set_yticks(y)
    ax.set_yticklabels([k for k, _ in items])
    ax.invert_yaxis()
    for j, (_, v) in enumerate(items):
        ax.annotate(f"{v / factor:.4g} {unit} ({100 * v / total if total else 0:.1f} %)", (v / factor, j),
                    xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_xlim(0, max(v for _, v in items) / factor * 1.3 or 1)
    ax.set_xlabel(f"energy ({unit})")
    ax.set_title(f"{run.workload}: energy of the run by component (total {fmt_qty(total, ENERGY_UNITS)})\n"
                 f"{run.hw_line()}", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    save(fig, os.path.join(outdir, "energy_breakdown.png"), written)


def plot_freq(run, outdir, written):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    n = len(run.layers)
    x = list(range(n))
    many = n > NAMED_BARS_MAX
    freq = [l.get("freq_mhz") for l in run.layers]
    freq = [float(f) if isinstance(f, (int, float)) else float("nan") for f in freq]
    colors = [COLOR_ARRAY if l.get("unit") == "array" else COLOR_VECTOR for l in run.layers]
    fig = new_figure(figure_width(n), 5.0 if many else 5.5)
    ax = fig.add_subplot(1, 1, 1)
    if many:  # hundreds of full-height bars hide each other: a step line with one dot per layer
        ax.step(x, freq, where="mid", color="lightgray", linewidth=0.7, zorder=1)
        ax.scatter(x, freq, c=colors, s=7, linewidths=0, zorder=2)
        handles = [Line2D([], [], linestyle="", marker="o", markersize=4, color=COLOR_ARRAY, label="array layer"),
                   Line2D([], [], linestyle="", marker="o", markersize=4, color=COLOR_VECTOR, label="vector layer")]
    else:
        ax.bar(x, freq, width=0.8, color=colors, linewidth=0)
        handles = [Patch(color=COLOR_ARRAY, label="array layer"), Patch(color=COLOR_VECTOR, label="vector layer")]
    base = run.config.get("freq_mhz")
    if isinstance(base, (int, float)):
        ax.axhline(base, color="black", linestyle="--", linewidth=1)
        handles.append(Line2D([], [], color="black", linestyle="--", label=f"config clock.freq_mhz = {base:g} MHz"))
    t = run.col("time_s")
    tt = sum(t)
    finite = [(f, ti) for f, ti in zip(freq, t) if math.isfinite(f)]
    if tt and finite:
        avg = sum(f * ti for f, ti in finite) / sum(ti for _, ti in finite)
        ax.axhline(avg, color="gray", linestyle=":", linewidth=1.2)
        handles.append(Line2D([], [], color="gray", linestyle=":", label=f"time-weighted mean {avg:.0f} MHz"))
    missing = sum(1 for f in freq if not math.isfinite(f))
    ax.set_ylabel("core clock (MHz)")
    ax.set_ylim(0, max([v for v in freq if math.isfinite(v)] + [base or 0]) * 1.15 or 1)
    ax.set_title(f"{run.workload}: core clock per layer (DFS), {n} layers"
                 + (f", {missing} without freq_mhz" if missing else "") + f"\n{run.hw_line()}", fontsize=10)
    ax.legend(handles=handles, **legend_args(many, "upper right", ncol=2))
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    if many:
        ax.set_xlabel("layer index (trace order)")
        ax.set_xlim(-1, n)
    else:
        ax.set_xticks(x)
        ax.set_xticklabels([f"{layer_id(run, i)} {short_name(l.get('name', '?'), 28)}" for i, l in
                            enumerate(run.layers)], rotation=60, ha="right", fontsize=8)
        ax.set_xlabel("layer (index, name; trace order)")
    save(fig, os.path.join(outdir, "freq_per_layer.png"), written)


# --------------------------------------------------------------------------------------------------


def main(argv=None):
    ap = argparse.ArgumentParser(prog="plot_report.py",
                                 description="Plots of one npusim output folder (report.json, layers.csv).")
    ap.add_argument("out_dir", metavar="OUT_DIR", help="npusim run --out folder")
    ap.add_argument("--outdir", metavar="DIR", help="where to write the PNGs (default OUT_DIR/plots)")
    args = ap.parse_args(argv)
    try:
        run = load_run(args.out_dir)
    except InputError as e:
        sys.stderr.write(f"{PROG}: {e}\n")
        return 2
    outdir = args.outdir or os.path.join(args.out_dir, "plots")
    try:
        os.makedirs(outdir, exist_ok=True)
    except OSError as e:
        sys.stderr.write(f"{PROG}: {outdir}: cannot create ({e.strerror})\n")
        return 2
    import_matplotlib()

    written = []
    skipped = []

    def skip(name, why):
        print(f"{PROG}: skipped {name}: {why}")
        skipped.append(name)

    try:
        if not run.layers:
            skip("layer_time.png", "the run has no layers")
        else:
            plot_layer_time(run, outdir, written)
        if run.has_dram_columns:
            plot_dram(run, outdir, written)
        else:
            skip("dram_per_layer.png", "layers have no DRAM columns (memory.model: "
                 f"{run.config.get('memory_model', '?')}; needs memory.model: dram)")
        plot_roofline(run, outdir, written)
        if run.has_layer_key("energy_breakdown_j"):
            plot_energy_per_layer(run, outdir, written)
        else:
            skip("energy_per_layer.png", "report.json has no layers[].energy_breakdown_j")
        if isinstance(run.totals.get("energy_breakdown_j"), dict):
            plot_energy_breakdown(run, outdir, written)
        else:
            skip("energy_breakdown.png", "report.json has no totals.energy_breakdown_j")
        if run.has_layer_key("freq_mhz"):
            plot_freq(run, outdir, written)
        else:
            skip("freq_per_layer.png", "report.json has no layers[].freq_mhz (no DFS)")
    except OSError as e:
        sys.stderr.write(f"{PROG}: {getattr(e, 'filename', None) or outdir}: cannot write ({e.strerror})\n")
        return 2
    # A plot not made this time must not survive from an earlier run in the same folder.
    made = {os.path.basename(p) for p in written}
    for name in PLOT_FILES:
        path = os.path.join(outdir, name)
        if name not in made and os.path.isfile(path):
            os.remove(path)
            print(f"{PROG}: removed stale {path}")
    print(f"{PROG}: wrote {len(written)} files:")
    for p in written:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
