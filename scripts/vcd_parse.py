"""Reads a VCD file (as npusim --vcd writes it) into signals and value changes. Used by tests/cli/vcd_check.sh;
import it from your own scripts (sys.path.insert(0, "scripts"); from vcd_parse import read_vcd, value_at).

read_vcd(path) -> (signals, changes, end_time, timescale_s)
  signals: full hierarchical name ("npu.dram.ch0.cmd", the top "SystemC" scope dropped) -> (code, kind, width)
  changes: code -> [(time, value)], the $dumpvars value first at time 0; value is an int, a float (real
           signals), 'x' or 'z'
  end_time: the last time stamp; timescale_s: seconds per time unit
value_at(changes[code], time) -> the signal's value at `time` (its last change at or before it)
"""

_UNITS = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9, "ps": 1e-12, "fs": 1e-15}


def _value(text):
    if text[0] == "r":
        return float(text[1:])
    digits = text[1:] if text[0] == "b" else text
    if digits in ("x", "z"):
        return digits
    return int(digits, 2)


def read_vcd(path):
    signals, changes, scopes = {}, {}, []
    t, end, timescale = 0, 0, 1.0
    with open(path) as f:
        words = iter(f.read().split())
    for w in words:
        if w == "$scope":
            next(words)
            scopes.append(next(words))
            next(words)
        elif w == "$upscope":
            scopes.pop()
            next(words)
        elif w == "$var":
            kind, width, code, name = next(words), int(next(words)), next(words), next(words)
            while next(words) != "$end":
                pass
            signals[".".join(scopes[1:] + [name])] = (code, kind, width)
            changes.setdefault(code, [])
        elif w == "$timescale":
            spec = []
            while (x := next(words)) != "$end":
                spec.append(x)
            spec = "".join(spec)
            num = "".join(c for c in spec if c.isdigit())
            timescale = int(num) * _UNITS[spec[len(num):]]
        elif w in ("$date", "$version", "$comment"):
            while next(words) != "$end":
                pass
        elif w in ("$enddefinitions", "$dumpvars", "$end"):
            continue
        elif w[0] == "#":
            t = int(w[1:])
            end = max(end, t)
        elif w[0] in "br":
            changes[next(words)].append((t, _value(w)))
        else:
            changes[w[1:]].append((t, _value(w[0])))
    return signals, changes, end, timescale


def value_at(series, time):
    """The value of a change list at `time` (the last change at or before it)."""
    v = series[0][1]
    for t, x in series:
        if t > time:
            break
        v = x
    return v
