// SPDX-License-Identifier: Apache-2.0
#include "sim/report/Vcd.h"

#include <fnmatch.h>

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "hw_models/common/Error.h"

namespace npu::sim {
namespace {

namespace fs = std::filesystem;

bool isIndex(const std::string& s) {
    return !s.empty() && s.size() <= 9 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool globMatch(const std::string& pattern, const std::string& name) {
    return fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
}

/// The temporary files next to `path`: SystemC's output (it appends ".vcd") and the merged file.
fs::path scratch(const std::string& path, const char* suffix) {
    const fs::path p(path);
    return p.parent_path() / ("." + p.filename().string() + suffix);
}

}  // namespace

LayerWindow::LayerWindow(const std::string& spec, const workloads::Workload& work) {
    const size_t n = work.layers.size();
    auto bad = [&](const std::string& why) { return InputError("--vcd-layers '" + spec + "': " + why); };
    if (spec.empty()) throw bad("expected A:B (layer indices, inclusive), A, or a glob over layer names");
    traced_.assign(n, false);
    const size_t colon = spec.find(':');
    if (colon != std::string::npos || isIndex(spec)) {
        const std::string a = spec.substr(0, colon);
        const std::string b = colon == std::string::npos ? a : spec.substr(colon + 1);
        if (!isIndex(a) || !isIndex(b)) throw bad("expected A:B with layer indices A <= B");
        const size_t first = std::stoul(a), last = std::stoul(b);
        if (first > last) throw bad("the first layer comes after the last");
        if (last >= n) throw bad("the workload's layers are 0 to " + std::to_string(n - 1));
        std::fill(traced_.begin() + long(first), traced_.begin() + long(last) + 1, true);
        return;
    }
    bool any = false;
    for (size_t i = 0; i < n; ++i) any |= (traced_[i] = globMatch(spec, work.layers[i].name));
    if (!any) throw bad("matches no layer name");
}

VcdWriter::VcdWriter(std::string path, std::vector<std::string> patterns)
    : path_(std::move(path)), patterns_(std::move(patterns)) {
    if (path_.empty()) throw InputError("--vcd: empty file name");
    for (const std::string& p : patterns_)
        if (p.empty()) throw InputError("--vcd-signals: empty pattern (expected globs separated by commas)");
    add(traced_, "npu.traced");
}

VcdWriter::~VcdWriter() {
    if (!finished_) cleanup();
}

void VcdWriter::cleanup() {
    if (tf_) sc_core::sc_close_vcd_trace_file(tf_);
    tf_ = nullptr;
    std::error_code ec;
    fs::remove(scratch(path_, ".sc.vcd"), ec);
    fs::remove(scratch(path_, ".tmp"), ec);
}

void VcdWriter::add(hw::WaveVar<bool>& v, const std::string& name) {
    signals_.push_back({name, Type::Bool, 1, false, false,
                        [&v](sc_core::sc_trace_file* tf, const std::string& n) { sc_trace(tf, shown(v), n); },
                        [&v, this] { bind(v, &active_); }, [&v] { sync(v); }});
}

void VcdWriter::add(hw::WaveVar<double>& v, const std::string& name) {
    signals_.push_back({name, Type::Real, 0, false, false,
                        [&v](sc_core::sc_trace_file* tf, const std::string& n) { sc_trace(tf, shown(v), n); },
                        [&v, this] { bind(v, &active_); }, [&v] { sync(v); }});
}

void VcdWriter::add(hw::WaveVar<uint64_t>& v, const std::string& name, int bits) {
    signals_.push_back(
        {name, Type::Int, bits, false, false,
         [&v, bits](sc_core::sc_trace_file* tf, const std::string& n) {
             sc_trace(tf, shown(v), n, bits);
         },
         [&v, this] { bind(v, &active_); }, [&v] { sync(v); }});
}

hw::WaveformSinkIf::LateId VcdWriter::addLate(const std::string& name, LateKind kind, int bits, bool unknownAtStart) {
    Signal s{name, Type::LateReal, 0, unknownAtStart, false, nullptr, nullptr, nullptr};
    if (kind == LateKind::Real) {
        const double* slot = &lateRealSlots_.emplace_back(0.0);
        s.trace = [slot](sc_core::sc_trace_file* tf, const std::string& n) { sc_trace(tf, *slot, n); };
    } else {
        s.type = kind == LateKind::Value ? Type::LateValue : Type::LateCounter;
        s.bits = bits;
        const uint64_t* slot = &lateIntSlots_.emplace_back(0);
        s.trace = [slot, bits](sc_core::sc_trace_file* tf, const std::string& n) {
            sc_trace(tf, *slot, n, bits);
        };
    }
    signals_.push_back(std::move(s));
    return static_cast<LateId>(signals_.size() - 1);
}

void VcdWriter::record(LateId id, const sc_core::sc_time& t, uint32_t value) {
    if (!active_ || !signals_[id].selected) return;
    events_.push_back({t.value(), id, value});
}

void VcdWriter::late(LateId id, const sc_core::sc_time& t, double value) {
    if (!active_ || !signals_[id].selected) return;
    reals_.push_back(value);
    record(id, t, static_cast<uint32_t>(reals_.size() - 1));
}

void VcdWriter::lateInt(LateId id, const sc_core::sc_time& t, int64_t value) {
    record(id, t, static_cast<uint32_t>(value));   // a counter's delta wraps to 32 bits, and back in merge
}

void VcdWriter::lateZ(LateId id, const sc_core::sc_time& t) { record(id, t, kZ); }
void VcdWriter::lateX(LateId id, const sc_core::sc_time& t) { record(id, t, kX); }

std::vector<std::string> VcdWriter::signalNames() const {
    std::vector<std::string> names;
    for (const Signal& s : signals_) names.push_back(s.name);
    return names;
}

void VcdWriter::open() {
    for (const std::string& p : patterns_) {
        bool any = false;
        for (Signal& s : signals_) {
            const bool match = globMatch(p, s.name);
            s.selected = s.selected || match;
            any = any || match;
        }
        if (!any)
            throw InputError("--vcd-signals: '" + p + "' matches no signal (names look like npu.dram.ch0.cmd; see "
                             "docs/user_guide.md)");
    }
    if (patterns_.empty())
        for (Signal& s : signals_) s.selected = true;
    const fs::path out(path_);
    std::error_code ec;
    if (!out.parent_path().empty()) fs::create_directories(out.parent_path(), ec);
    {
        std::ofstream probe(scratch(path_, ".tmp"), std::ios::binary | std::ios::trunc);
        if (!probe) throw InputError(path_ + ": cannot write");
    }
    tf_ = sc_core::sc_create_vcd_trace_file(scratch(path_, ".sc").string().c_str());
    // VCD time stamps are in the kernel's time resolution (1 fs in npusim), so every time is exact.
    tf_->set_time_unit(sc_core::sc_get_time_resolution().to_seconds() * 1e15, sc_core::SC_FS);
    for (Signal& s : signals_) {
        if (!s.selected) continue;
        s.trace(tf_, s.name);
        if (s.bind) s.bind();
        if (s.sync) s.sync();   // time 0 shows the initial state, whether or not layer 0 is traced
    }
}

void VcdWriter::setActive(bool on) {
    if (on == active_) return;
    if (on) {
        active_ = true;
        for (Signal& s : signals_)
            if (s.selected && s.sync) s.sync();
        traced_.set(true);
    } else {
        traced_.set(false);
        active_ = false;
    }
}

void VcdWriter::finish() {
    if (!tf_) return;
    sc_core::sc_close_vcd_trace_file(tf_);
    tf_ = nullptr;
    std::stable_sort(events_.begin(), events_.end(),
                     [](const Event& a, const Event& b) { return a.timeFs < b.timeFs; });
    {
        std::ifstream in(scratch(path_, ".sc.vcd"), std::ios::binary);
        std::ofstream out(scratch(path_, ".tmp"), std::ios::binary | std::ios::trunc);
        if (!in || !out) throw InputError(path_ + ": cannot write");
        merge(in, out);
        out.close();
        if (!out) throw InputError(path_ + ": cannot write");
    }
    fs::rename(scratch(path_, ".tmp"), path_);
    std::error_code ec;
    fs::remove(scratch(path_, ".sc.vcd"), ec);
    finished_ = true;
    events_ = {};
    reals_ = {};
}

void VcdWriter::merge(std::istream& in, std::ostream& out) {
    // State of every late signal as last written to the file.
    struct State {
        std::string code;     ///< VCD identifier ("" if not traced)
        int64_t value = 0;    ///< integer value or running counter
        double real = 0.0;
        uint32_t special = 0; ///< 0, kZ or kX
        std::string shown;    ///< the last value line written
        bool touched = false;
    };
    std::vector<State> st(signals_.size());
    for (size_t i = 0; i < signals_.size(); ++i)
        if (signals_[i].unknownAtStart) st[i].special = kX;
    auto format = [&](size_t i) {
        const Signal& s = signals_[i];
        const State& x = st[i];
        char buf[96];
        if (s.type == Type::LateReal) {
            std::snprintf(buf, sizeof buf, "r%.16g %s", x.real, x.code.c_str());
            return std::string(buf);
        }
        const char special = x.special == kZ ? 'z' : x.special == kX ? 'x' : 0;
        if (s.bits == 1) return std::string(1, special ? special : (x.value ? '1' : '0')) + x.code;
        std::string v = "b";
        if (special) {
            v += special;
        } else {
            const uint64_t u = s.bits >= 64 ? uint64_t(x.value) : uint64_t(x.value) & ((uint64_t(1) << s.bits) - 1);
            int top = 63;
            while (top > 0 && !((u >> top) & 1)) --top;
            for (int b = top; b >= 0; --b) v += ((u >> b) & 1) ? '1' : '0';
        }
        return v + " " + x.code;
    };
    size_t next = 0;
    std::vector<size_t> touched;
    // Applies the events of the next time stamp; returns it. `touched` lists the signals they wrote.
    auto apply = [&] {
        const uint64_t t = events_[next].timeFs;
        touched.clear();
        for (; next < events_.size() && events_[next].timeFs == t; ++next) {
            const Event& e = events_[next];
            State& x = st[e.signal];
            if (!x.touched) {
                x.touched = true;
                touched.push_back(e.signal);
            }
            switch (signals_[e.signal].type) {
                case Type::LateReal: x.real = reals_[e.value]; break;
                case Type::LateCounter:
                    x.value += int32_t(e.value);
                    x.special = 0;
                    break;
                default:
                    x.special = e.value == kZ || e.value == kX ? e.value : 0;
                    if (!x.special) x.value = e.value;
            }
        }
        for (size_t i : touched) st[i].touched = false;
        return t;
    };
    // Applies the next time stamp and writes the lines of the signals whose value changed.
    auto group = [&](bool header) {
        const uint64_t t = apply();
        std::string lines;
        for (size_t i : touched) {
            std::string v = format(i);
            if (v == st[i].shown) continue;
            lines += v;
            lines += '\n';
            st[i].shown = std::move(v);
        }
        if (lines.empty()) return;
        if (header) out << '#' << t << '\n';
        out << lines;
    };

    // Header: fixed $date, and the identifier of every late signal.
    std::string line;
    std::vector<std::string> scopes;
    std::unordered_map<std::string, size_t> lateByName, byCode;
    for (size_t i = 0; i < signals_.size(); ++i)
        if (signals_[i].selected && signals_[i].type >= Type::LateReal) lateByName[signals_[i].name] = i;
    while (std::getline(in, line)) {
        if (line.rfind("$date", 0) == 0) {
            out << "$date\n     (omitted: npusim writes identical files for identical inputs)\n$end\n";
            while (std::getline(in, line) && line.find("$end") == std::string::npos) {}
            continue;
        }
        out << line << '\n';
        std::istringstream ls(line);
        std::string tok;
        ls >> tok;
        if (tok == "$scope") {
            std::string kind, name;
            ls >> kind >> name;
            scopes.push_back(name);
        } else if (tok == "$upscope") {
            if (!scopes.empty()) scopes.pop_back();
        } else if (tok == "$var") {
            std::string type, width, code, name;
            ls >> type >> width >> code >> name;
            std::string full;
            for (size_t i = 1; i < scopes.size(); ++i) full += scopes[i] + ".";   // scopes[0] is "SystemC"
            full += name;
            if (const auto it = lateByName.find(full); it != lateByName.end()) {
                st[it->second].code = code;
                byCode[code] = it->second;
            }
        } else if (tok == "$enddefinitions") {
            break;
        }
    }
    // Initial values ($dumpvars): the late signals' values at time 0.
    if (!events_.empty() && events_.front().timeFs == 0) apply();
    bool inDump = false;
    uint64_t block = 0;
    bool haveBlock = false;
    while (std::getline(in, line)) {
        if (!inDump && line.rfind("$dumpvars", 0) == 0) {
            inDump = true;
            out << line << '\n';
            continue;
        }
        if (inDump) {
            if (line.rfind("$end", 0) == 0) {
                inDump = false;
                out << line << '\n';
                continue;
            }
            // Late signals: replace SystemC's placeholder by the value at time 0.
            const std::string code = line.empty() ? "" : line[0] == 'b' || line[0] == 'r' ? line.substr(line.find(' ') + 1)
                                                                                          : line.substr(1);
            if (const auto it = byCode.find(code); it != byCode.end()) {
                st[it->second].shown = format(it->second);
                out << st[it->second].shown << '\n';
            } else {
                out << line << '\n';
            }
            continue;
        }
        if (!line.empty() && line[0] == '#') {
            const uint64_t t = std::strtoull(line.c_str() + 1, nullptr, 10);
            if (haveBlock && next < events_.size() && events_[next].timeFs == block) group(false);
            while (next < events_.size() && events_[next].timeFs < t) group(true);
            block = t;
            haveBlock = true;
        }
        out << line << '\n';
    }
    if (haveBlock && next < events_.size() && events_[next].timeFs == block) group(false);
    while (next < events_.size()) group(true);
}

}  // namespace npu::sim
