#!/usr/bin/python3
"""plot_report.py OUT_DIR [--outdir DIR]: plots of one `npusim run` output folder.

Reads OUT_DIR/report.json and OUT_DIR/layers.csv (docs/report_format.md) and writes PNGs into
OUT_DIR/plots/ (or --outdir DIR):

  layer_time.png         per-layer time, split into compute (array / vector) and stall
  dram_per_layer.png     DRAM bytes, bandwidth and row-hit rate per layer   (memory.model: dram only)
  roofline.png           conv2d/matmul layers: arithmetic intensity vs achieved MAC rate, with the
                         array's peak for each data type and core clock the layers ran at
                         (rows x cols x array.macs_per_pe_per_cycle.<dtype> x MHz, the rate read from
                         OUT_DIR/config.resolved.yaml) and (memory.model: dram) the DRAM bandwidth roof
  energy_per_layer.png   per-layer energy stacked by component   (when layers[].energy_breakdown_j exists)
  energy_breakdown.png   the run's energy by component           (when totals.energy_breakdown_j exists)
  freq_per_layer.png     core clock per layer (DFS)              (when layers[].freq_mhz exists)

Totals in titles say what they add up: with DFS transitions, "layers X + DFS transitions Y = Z" (Z is
totals.time_s or totals.energy_j, which include the transitions); the energy plots show
totals.energy_notes (what the energy leaves out, e.g. DRAM energy without IDD currents) under their title.

A plot whose data is not in the report is skipped with one line saying why; a plot file of that name
left in the output folder by an earlier run is removed so the folder never mixes runs. The files
written are listed on stdout. Exit status: 0 on success, 2 if OUT_DIR is not a readable npusim output
folder or a value in it has the wrong type (one-line error on stderr naming the file and the key) or
the output folder cannot be written, 1 if matplotlib is missing.

Uses only matplotlib's Agg backend (no display needed); the PNGs carry no timestamp or software tag,
so the same report gives byte-identical images with the same matplotlib.
"""
import argparse
import csv
import json
import math
import os
import re
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
# Array peak lines of the roofline: a color per dtype, a line style per core clock (highest first).
PEAK_COLORS = ("black", "#9467bd", "#2ca02c", "#d62728", "#8c564b")
PEAK_STYLES = ("-", "--", "-.", ":")
COLOR_DFS = "black"  # the DFS transitions segment of compare_runs.py

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
        except (ValueError, TypeError):  # TypeError: None, a field missing from a short row
            pass
    return text


# The keys the plots read, with the type each must have when present ("num": a finite number >= 0,
# "pos": a finite number > 0, "int": an integer >= 0, "posint": an integer >= 1, "str": a string,
# "energy": {component: J or {sub: J}}, "strlist": a list of strings). report.json may hold more keys;
# those are not read, so not checked. layers[].cycles/time_s/macs are required, the rest optional.
CONFIG_KEYS = {"name": "str", "array_rows": "posint", "array_cols": "posint", "dataflow": "str",
               "freq_mhz": "pos", "dfs_policy": "str", "memory_model": "str", "dtype": "str",
               "energy_table": "str"}
TOTALS_KEYS = {"cycles": "num", "time_s": "num", "macs": "num", "utilization": "num",
               "compute_cycles": "num", "stall_cycles": "num", "dfs_transitions": "int",
               "dfs_transition_time_s": "num", "energy_j": "num", "dram_read_bytes": "num",
               "dram_write_bytes": "num", "dram_bandwidth_gbps": "num", "row_hit_rate": "num",
               "energy_breakdown_j": "energy", "energy_notes": "strlist"}
LAYER_KEYS = {"index": "int", "name": "str", "op": "str", "unit": "str", "dtype": "str", "bound": "str",
              "macs": "num", "cycles": "num", "time_s": "num", "compute_cycles": "num",
              "stall_cycles": "num", "utilization": "num", "weight_bytes": "num", "input_bytes": "num",
              "output_bytes": "num", "freq_mhz": "pos", "energy_j": "num", "energy_breakdown_j": "energy",
              **{k: "num" for k in DRAM_KEYS}}
WORKLOAD_KEYS = {"name": "str"}
DRAM_REPORT_KEYS = {"preset": "str", "peak_bandwidth_gbps": "num"}
KIND_TEXT = {"num": "a number >= 0", "pos": "a number > 0", "int": "an integer >= 0",
             "posint": "an integer >= 1", "str": "a string", "energy": "an object of numbers (J)",
             "strlist": "a list of strings", "dict": "an object", "list": "a list"}


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _type_ok(v, kind):
    if kind == "num":
        return is_number(v) and v >= 0
    if kind == "pos":
        return is_number(v) and v > 0
    if kind == "int":
        return isinstance(v, int) and not isinstance(v, bool) and v >= 0
    if kind == "posint":
        return isinstance(v, int) and not isinstance(v, bool) and v >= 1
    if kind == "str":
        return isinstance(v, str)
    if kind == "strlist":
        return isinstance(v, list) and all(isinstance(x, str) for x in v)
    if kind == "dict":
        return isinstance(v, dict)
    if kind == "list":
        return isinstance(v, list)
    if kind == "energy":
        return isinstance(v, dict) and all(_type_ok(x, "energy") if isinstance(x, dict) else _type_ok(x, "num")
                                           for x in v.values())
    raise ValueError(kind)


def _shown(v):
    """A value as JSON text, shortened, on one line (for error messages)."""
    try:
        s = json.dumps(v, ensure_ascii=True, allow_nan=True)
    except (TypeError, ValueError):
        s = repr(v)
    return s if len(s) <= 40 else s[:37] + "..."


def check_keys(obj, schema, where, prefix):
    """Raises InputError '<where>: <prefix><key>: expected ..., got ...' for the first key of obj
    (present in schema) whose value has the wrong type."""
    for key, kind in schema.items():
        if key not in obj:
            continue
        if kind == "energy" and isinstance(obj[key], dict):  # name the component
            check_keys(obj[key], {k: "energy" if isinstance(v, dict) else "num" for k, v in obj[key].items()},
                       where, f"{prefix}{key}.")
        elif not _type_ok(obj[key], kind):
            raise InputError(f"{where}: {prefix}{key}: expected {KIND_TEXT[kind]}, got {_shown(obj[key])}")


def validate_report(report, rj):
    """Checks the types of every report.json key the plots read (InputError naming file and key)."""
    if not isinstance(report, dict) or "layers" not in report or "totals" not in report:
        raise InputError(f"{rj}: not an npusim report (no totals or layers)")
    for key, kind in (("layers", "list"), ("totals", "dict"), ("config", "dict"), ("workload", "dict")):
        if key in report and not _type_ok(report[key], kind):
            raise InputError(f"{rj}: {key}: expected {KIND_TEXT[kind]}, got {_shown(report[key])}")
    if report.get("dram") is not None and not isinstance(report["dram"], dict):
        raise InputError(f"{rj}: dram: expected an object, got {_shown(report['dram'])}")
    check_keys(report.get("config", {}), CONFIG_KEYS, rj, "config.")
    check_keys(report.get("workload", {}), WORKLOAD_KEYS, rj, "workload.")
    check_keys(report["totals"], TOTALS_KEYS, rj, "totals.")
    check_keys(report.get("dram") or {}, DRAM_REPORT_KEYS, rj, "dram.")
    for i, layer in enumerate(report["layers"]):
        if not isinstance(layer, dict):
            raise InputError(f"{rj}: layers[{i}]: expected an object, got {_shown(layer)}")
        missing = [k for k in ("cycles", "time_s", "macs") if k not in layer]
        if missing:
            raise InputError(f"{rj}: layers[{i}] lacks {'/'.join(missing)}")
        check_keys(layer, LAYER_KEYS, rj, f"layers[{i}].")


def read_resolved_config(path):
    """{dotted.path: value text} of the block mappings in config.resolved.yaml, the YAML subset npusim
    writes (one `key: value  # unit` per line, nested by indentation); None if the file is absent or
    unreadable. Only scalars are needed here (array.macs_per_pe_per_cycle.*, array.zero_skip,
    dfs.*), so flow lists and quoted strings are kept as text."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    flat, stack = {}, []  # stack: (indent, key) of the open mappings
    for line in lines:
        m = re.match(r"( *)([A-Za-z0-9_]+):(?:\s+(.*))?$", line)
        if not m:
            continue
        indent, key, value = len(m.group(1)), m.group(2), m.group(3)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path_ = ".".join([k for _, k in stack] + [key])
        value = re.sub(r"\s+#.*$", "", value or "").strip()
        if value:
            flat[path_] = value
        else:
            stack.append((indent, key))
    return flat


class Run:
    """One npusim output folder: report.json, with layers.csv columns merged into the layers, and
    config.resolved.yaml's fields (`resolved`, flat; None when the file is absent)."""

    def __init__(self, out_dir, report, csv_rows, resolved=None):
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
        self.resolved = resolved

    def has_layer_key(self, key):
        return any(key in layer for layer in self.layers)

    @property
    def has_dram_columns(self):
        return bool(self.layers) and all(k in self.layers[0] for k in DRAM_KEYS)

    def col(self, key, default=0.0):
        return [layer.get(key, default) for layer in self.layers]

    def resolved_number(self, path):
        """A number from config.resolved.yaml, or None."""
        try:
            return float((self.resolved or {})[path])
        except (KeyError, ValueError):
            return None

    def layer_dtype(self, layer):
        return layer.get("dtype") or self.config.get("dtype") or "?"

    def layer_freq(self, layer):
        f = layer.get("freq_mhz")
        return float(f) if is_number(f) else self.config.get("freq_mhz")

    def array_peaks(self, indices):
        """The array's peak MAC rate at each (dtype, core clock) at which the layers `indices` ran:
        ([{dtype, freq_mhz, rate (MACs per PE per cycle), peak (MAC/s), layers}], highest peak
        first; why, a text when some peak cannot be computed, else None). peak = array_rows x
        array_cols x array.macs_per_pe_per_cycle.<dtype> x freq_mhz x 1e6."""
        rows, cols = self.config.get("array_rows"), self.config.get("array_cols")
        if not (is_number(rows) and is_number(cols)):
            return [], "report.json has no config.array_rows/array_cols"
        if self.resolved is None:
            return [], "no config.resolved.yaml in the output folder (it has the MACs per PE per cycle)"
        groups = {}
        for i in indices:
            layer = self.layers[i]
            key = (self.layer_dtype(layer), self.layer_freq(layer))
            groups[key] = groups.get(key, 0) + 1
        peaks, why = [], None
        for (dtype, freq), n in groups.items():
            rate = self.resolved_number(f"array.macs_per_pe_per_cycle.{dtype}")
            if rate is None or not is_number(freq):
                why = (f"config.resolved.yaml has no array.macs_per_pe_per_cycle.{dtype}" if rate is None
                       else f"no core clock for the {dtype} layers")
                continue
            peaks.append(dict(dtype=dtype, freq_mhz=float(freq), rate=rate, layers=n,
                              peak=rows * cols * rate * float(freq) * 1e6))
        peaks.sort(key=lambda p: (-p["peak"], p["dtype"], -p["freq_mhz"]))
        return peaks, why

    def dtype_text(self):
        """The config's dtype, and the layers' dtypes when they differ from it."""
        d = self.config.get("dtype", "?")
        used = []
        for layer in self.layers:
            t = self.layer_dtype(layer)
            if t not in used:
                used.append(t)
        return d if used in ([], [d]) else f"{d} (layers: {', '.join(used)})"

    def dfs_text(self):
        """The DFS policy with its parameter (cap, fixed point) and the clocks the layers ran at."""
        policy = self.config.get("dfs_policy", "?")
        text = f"DFS {policy}"
        if policy == "power_cap":
            cap = self.resolved_number("dfs.power_cap_w")
            if cap is not None:
                text += f" {cap:g} W"
        freqs = sorted({f for f in (self.layer_freq(l) for l in self.layers) if is_number(f)})
        if freqs:
            text += f", layers at {freqs[0]:g} MHz" if len(freqs) == 1 else \
                f", layers at {freqs[0]:g}-{freqs[-1]:g} MHz"
        n = self.totals.get("dfs_transitions")
        if is_number(n) and n:
            text += f", {n} transition{'s' if n != 1 else ''}"
        return text

    def energy_notes(self):
        notes = self.totals.get("energy_notes")
        return list(notes) if isinstance(notes, list) else []

    def hw_line(self):
        c = self.config
        mem = c.get("memory_model", "?")
        if self.dram:
            mem += " ({}, {:.1f} GB/s peak)".format(self.dram.get("preset", "?"),
                                                   self.dram.get("peak_bandwidth_gbps", float("nan")))
        return "{}: {}x{} {} array, dtype {}, memory {}\nclock {:g} MHz, {}".format(
            c.get("name", "?"), c.get("array_rows", "?"), c.get("array_cols", "?"),
            c.get("dataflow", "?"), self.dtype_text(), mem, c.get("freq_mhz", float("nan")), self.dfs_text())


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
    validate_report(report, rj)
    try:
        with open(lc, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    except (OSError, csv.Error, UnicodeDecodeError) as e:
        raise InputError(f"{lc}: cannot read: {e}")
    if len(rows) != len(report["layers"]):
        raise InputError(f"{out_dir}: layers.csv has {len(rows)} rows but report.json "
                         f"{len(report['layers'])} layers (files from different runs?)")
    # Columns that report.json lacks are taken from layers.csv: check them too, naming the line.
    for i, (layer, row) in enumerate(zip(report["layers"], rows)):
        extra = {k: _csv_value(v) for k, v in row.items() if k in LAYER_KEYS and k not in layer}
        check_keys(extra, LAYER_KEYS, lc, f"line {i + 2}: column ")
    resolved = read_resolved_config(os.path.join(out_dir, "config.resolved.yaml"))
    return Run(out_dir, report, rows, resolved)


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


def fmt_qty(value, units, digits=3):
    factor, name = scale_unit([value], units)
    return f"{value / factor:.{digits}g} {name}"


def dfs_transition_time(run):
    """totals.dfs_transition_time_s (the core clock stopped between layers), 0 if absent."""
    t = run.totals.get("dfs_transition_time_s")
    return float(t) if is_number(t) else 0.0


def run_time(run):
    """(sum of the layers' time_s, DFS transition time, totals.time_s): totals.time_s is the layers'
    time plus the transitions' (the sum of both when the report lacks it)."""
    layers = sum(run.col("time_s"))
    dfs = dfs_transition_time(run)
    total = run.totals.get("time_s")
    return layers, dfs, float(total) if is_number(total) else layers + dfs


def run_energy_parts(run):
    """(sum of the layers' energy_j, what the DFS transitions drew, the run's energy) in J. The run's
    energy is totals.energy_j (else the sum of totals.energy_breakdown_j, else of the layers), which
    includes what the NPU and the DRAM drew while transitions stopped the clock; the transitions'
    part is that minus the layers' sum (0 without transitions)."""
    if all(is_number(l.get("energy_j")) for l in run.layers):
        layers = sum(l["energy_j"] for l in run.layers)
    else:
        layers = sum(sum(v for _, v in flatten_numbers(l.get("energy_breakdown_j"))) for l in run.layers)
    total = run.totals.get("energy_j")
    if not is_number(total):
        items = flatten_numbers(run.totals.get("energy_breakdown_j"))
        total = sum(v for _, v in items) if items else layers
    transitions = run.totals.get("dfs_transitions")
    had = (is_number(transitions) and transitions > 0) or dfs_transition_time(run) > 0
    known = any(is_number(l.get("energy_j")) or l.get("energy_breakdown_j") for l in run.layers)
    return layers, (max(0.0, total - layers) if had and known else 0.0), float(total)


def time_total_text(run):
    """'layers 351.7 µs + 4 DFS transitions 8 µs = 359.7 µs' (= totals.time_s), or 'total 188.8 µs'."""
    layers, dfs, total = run_time(run)
    if dfs > 0:
        n = run.totals.get("dfs_transitions")
        what = f"{n} DFS transitions" if is_number(n) else "DFS transitions"
        return (f"layers {fmt_qty(layers, TIME_UNITS, 4)} + {what} {fmt_qty(dfs, TIME_UNITS, 4)} = "
                f"{fmt_qty(total, TIME_UNITS, 4)}")
    return f"total {fmt_qty(total, TIME_UNITS, 4)}"


def energy_total_text(run):
    """'layers 301.8 µJ + DFS transitions 1.315 µJ = 303.1 µJ' (= totals.energy_j), or 'total 28.94 µJ';
    the same text on every energy plot of the run."""
    layers, dfs, total = run_energy_parts(run)
    if dfs > 0:
        return (f"layers {fmt_qty(layers, ENERGY_UNITS, 4)} + DFS transitions {fmt_qty(dfs, ENERGY_UNITS, 4)}"
                f" = {fmt_qty(total, ENERGY_UNITS, 4)}")
    return f"total {fmt_qty(total, ENERGY_UNITS, 4)}"


def energy_note_text(run, width_in, fontsize=10):
    """totals.energy_notes as title lines ('' when there are none), wrapped to a figure width_in inches
    wide: what the run's energy leaves out."""
    import textwrap
    chars = max(40, int(0.85 * width_in * 72 / (fontsize * 0.58)))  # about the axes width
    return "".join("\n" + "\n".join(textwrap.wrap(f"note: {note}", chars)) for note in run.energy_notes())


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
    ax.set_title(title, fontsize=10)
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

    of = "of the layers' time" if dfs_transition_time(run) > 0 else "of time"
    series = [(f"compute, array unit ({share(arr):.1f} % {of})", arr, COLOR_ARRAY),
              (f"compute, vector unit ({share(vec):.1f} % {of})", vec, COLOR_VECTOR),
              (f"stall: waiting for memory ({share(stall):.1f} % {of})", stall, COLOR_STALL)]
    title = (f"{run.workload}: time per layer, compute vs stall "
             f"({n} layers, {time_total_text(run)})\n{run.hw_line()}")
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
    peaks, no_peak = run.array_peaks([i for _, _, i in pts])
    peak = peaks[0]["peak"] if peaks else None  # the highest, for the DRAM roof's ridge
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
    if peaks:
        yhi = max(yhi, peak / G * 2.5)
        r, c = run.config["array_rows"], run.config["array_cols"]
        dtypes = list(dict.fromkeys(p["dtype"] for p in peaks))
        freqs = sorted({p["freq_mhz"] for p in peaks}, reverse=True)
        for p in peaks:
            color = PEAK_COLORS[dtypes.index(p["dtype"]) % len(PEAK_COLORS)]
            style = PEAK_STYLES[freqs.index(p["freq_mhz"]) % len(PEAK_STYLES)]
            ax.axhline(p["peak"] / G, color=color, linestyle=style, linewidth=1.5)
            handles.append(Line2D([], [], color=color, linestyle=style, linewidth=1.5,
                                  label=peak_label(p, r, c)))
    if no_peak:
        print(f"{PROG}: roofline.png: array peak not drawn for every layer: {no_peak}")
        ax.text(0.01, 0.99, f"array peak not drawn: {no_peak}", transform=ax.transAxes, ha="left",
                va="top", fontsize=8, color="#d62728")
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
                                    + (f"; ridge at {ridge:.0f} MAC/B" if ridge else "")
                                    + (" (highest peak)" if ridge and len(peaks) > 1 else "")))
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
    zero_skip = (run.resolved or {}).get("array.zero_skip") == "true"
    ax.set_title(f"{run.workload}: roofline of the {len(pts)} conv2d/matmul layers ({what})\n"
                 f"{run.hw_line()}\nmarker area ~ layer time; the 6 points with the most time labelled (×N: N layers at that point)"
                 + ("\narray.zero_skip: the rate counts dense MACs, so a pruned layer can pass its peak (by up to 1 / weight density)"
                    if zero_skip else ""),
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


def peak_label(p, rows, cols):
    """Legend text of one array peak line (a dict of Run.array_peaks)."""
    return (f"{p['dtype']} array peak: {rows}x{cols} PEs x {p['rate']:g} MAC/cycle x {p['freq_mhz']:g} MHz"
            f" = {p['peak'] / 1e12:.3g} TMAC/s ({p['layers']} layer{'s' if p['layers'] != 1 else ''})")


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
    width = figure_width(n)
    fig = new_figure(width, figure_height(n, 4.6))
    per_layer_bars(fig, run, series, f"energy per layer ({unit})",
                   f"{run.workload}: energy per layer by component, {n} layers\n{energy_total_text(run)}"
                   f"\n{run.hw_line()}{energy_note_text(run, width)}", [v / factor for v in totals],
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
    fig = new_figure(9, 1.6 + 0.45 * len(items) + 0.2 * (2 + len(run.energy_notes())))
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
    ax.set_title(f"{run.workload}: energy of the run by component\n{energy_total_text(run)}\n"
                 f"{run.hw_line()}{energy_note_text(run, 9)}", fontsize=10)
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
