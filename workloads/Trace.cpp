// SPDX-License-Identifier: Apache-2.0
#include "workloads/Trace.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

#include "hw_models/common/Error.h"
#include "hw_models/common/InputFile.h"
#include "hw_models/common/Text.h"

namespace npu::workloads {
namespace {

std::string where(const std::string& label, uint32_t line) { return label + ":" + std::to_string(line); }

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    const auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

/// std::getline with the length limit of a text input (kMaxInputLineBytes). False at the end of the input.
bool readLine(std::istream& in, std::string& line, const std::string& label, uint32_t lineNo) {
    line.clear();
    std::streambuf* sb = in.rdbuf();
    for (;;) {
        const int c = sb->sbumpc();
        if (c == std::char_traits<char>::eof()) {
            in.setstate(std::ios::eofbit);
            return !line.empty();
        }
        if (c == '\n') return true;
        if (line.size() == kMaxInputLineBytes) throw lineTooLong(where(label, lineNo));
        line.push_back(static_cast<char>(c));
    }
}

/// Removes a UTF-8 byte-order mark from the start of a file's first line.
void skipBom(std::string& line, uint32_t lineNo) {
    if (lineNo == 1 && startsWithBom(line)) line.erase(0, 3);
}

/// What is wrong with a layer name ("" if nothing): it reaches layers.csv unquoted, report.json and messages.
std::string nameProblem(const std::string& name) {
    if (name.find_first_of("=,") != std::string::npos) return "contains '=' or ','";
    return textProblem(name);
}

/// Size limits of one layer (docs/trace_format.md, "Size limits"): far beyond real networks, they keep every
/// count npusim derives from a layer (bytes at 32 bits, MACs, cycles, addresses) clear of 64-bit overflow.
constexpr uint64_t kMaxTensorElements = uint64_t(1) << 46;   // 2^48 bytes (256 TiB) at fp32
constexpr uint64_t kMaxMacs = uint64_t(1) << 62;
constexpr uint64_t kSaturated = std::numeric_limits<uint64_t>::max();   // above every limit

uint64_t mulSat(uint64_t a, uint64_t b) {
    uint64_t r = 0;
    return __builtin_mul_overflow(a, b, &r) ? kSaturated : r;
}
uint64_t addSat(uint64_t a, uint64_t b) {
    uint64_t r = 0;
    return __builtin_add_overflow(a, b, &r) ? kSaturated : r;
}

/// The layer's tensors and MACs (as workloads/Layer.cpp derives them) against the size limits, computed
/// without overflow; "" if within them. A conv's kernel must already fit its padded input.
}  // namespace

std::string layerSizeProblem(const Layer& l) {
    auto tooLarge = [](const char* tensor) {
        return std::string(tensor) + " tensor too large: it must have fewer than 2^46 elements (256 TiB at fp32)";
    };
    uint64_t input = 0, weight = 0, output = 0, macs = 0;
    if (l.isConv()) {
        const Conv2d& c = l.conv();
        input = mulSat(mulSat(c.batch, c.h), mulSat(c.w, c.cIn));
        if (input >= kMaxTensorElements) return tooLarge("input");
        const uint64_t paddedH = addSat(c.h, mulSat(2, c.padH)), paddedW = addSat(c.w, mulSat(2, c.padW));
        if (paddedH == kSaturated || paddedW == kSaturated) return "padding too large: h + 2 x padding must fit in 64 bits";
        const uint64_t outH = (paddedH - c.kernelH) / c.strideH + 1, outW = (paddedW - c.kernelW) / c.strideW + 1;
        const uint64_t window = mulSat(mulSat(c.kernelH, c.kernelW), c.cIn / c.groups);
        weight = addSat(mulSat(c.cOut, window), c.bias ? c.cOut : 0);
        output = mulSat(mulSat(c.batch, outH), mulSat(outW, c.cOut));
        macs = mulSat(output, window);
    } else if (l.isMatmul()) {
        const Matmul& m = l.matmul();
        input = mulSat(mulSat(m.batch, m.m), m.k);
        if (m.b == MatmulOperand::Activation) input = addSat(input, mulSat(mulSat(m.batch, m.k), m.n));
        else weight = addSat(mulSat(m.k, m.n), m.bias ? m.n : 0);
        output = mulSat(mulSat(m.batch, m.m), m.n);
        macs = mulSat(output, m.k);
    } else {
        const VectorOp& v = l.vector();
        output = v.elements;
        switch (v.kind) {
            case VectorKind::Concat: input = v.elements; break;
            case VectorKind::Upsample: input = v.elements / mulSat(v.factor, v.factor); break;
            case VectorKind::Embedding: input = v.elements / v.channels; break;
            default: input = mulSat(v.elements, v.inputs); break;
        }
        if (v.kind == VectorKind::Embedding) weight = std::max(v.elements, mulSat(v.vocab, v.channels));
        if (v.kind == VectorKind::GroupNorm || v.kind == VectorKind::LayerNorm) weight = mulSat(2, v.channels);
    }
    if (input >= kMaxTensorElements) return tooLarge("input");
    if (weight >= kMaxTensorElements) return tooLarge("weight");
    if (output >= kMaxTensorElements) return tooLarge("output");
    if (macs >= kMaxMacs) return "too many MACs: a layer must have fewer than 2^62";
    return "";
}

namespace {

/// Strict unsigned parse: digits only, no sign, no overflow.
bool parseU64(const std::string& s, uint64_t& out) {
    if (s.empty()) return false;
    const char* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, out);
    return ec == std::errc() && p == end;
}

/// The key=value fields of one native trace line, consumed as the layer is built; leftovers are errors.
class Fields {
public:
    Fields(std::string label, uint32_t line) : label_(std::move(label)), line_(line) {}

    void add(const std::string& token) {
        const auto eq = token.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == token.size())
            fail("'" + token + "': expected key=value");
        const std::string key = token.substr(0, eq);
        if (!values_.emplace(key, token.substr(eq + 1)).second) fail("field '" + key + "' given twice");
    }

    bool has(const std::string& key) const { return values_.count(key) != 0; }

    std::string str(const std::string& key) {
        auto it = values_.find(key);
        if (it == values_.end()) fail("missing field '" + key + "'");
        std::string v = it->second;
        values_.erase(it);
        return v;
    }

    /// Integer >= minimum; `fallback` used when absent (nullopt: the field is required).
    uint64_t u64(const std::string& key, std::optional<uint64_t> fallback, uint64_t minimum = 1) {
        if (!has(key)) {
            if (!fallback) fail("missing field '" + key + "'");
            return *fallback;
        }
        const std::string v = str(key);
        uint64_t x = 0;
        if (!parseU64(v, x)) fail("field '" + key + "': expected a non-negative integer, got '" + v + "'");
        if (x < minimum)
            fail("field '" + key + "': must be >= " + std::to_string(minimum) + ", got " + v);
        return x;
    }

    bool flag(const std::string& key) {
        if (!has(key)) return false;
        const std::string v = str(key);
        if (v == "1" || v == "true") return true;
        if (v == "0" || v == "false") return false;
        fail("field '" + key + "': expected 0/1 or true/false, got '" + v + "'");
    }

    void rejectLeftovers() {
        if (!values_.empty()) fail("unknown field '" + values_.begin()->first + "'");
    }

    [[noreturn]] void fail(const std::string& msg) const { throw inputError(where(label_, line_), msg); }

private:
    std::string label_;
    uint32_t line_;
    std::map<std::string, std::string> values_;
};

/// `base` sets both dimensions; `base_h`/`base_w` override one.
std::pair<uint64_t, uint64_t> pairField(Fields& f, const std::string& base, uint64_t fallback,
                                        uint64_t minimum) {
    const uint64_t both = f.u64(base, fallback, minimum);
    return {f.u64(base + "_h", both, minimum), f.u64(base + "_w", both, minimum)};
}

Layer parseNativeLine(const std::string& text, const std::string& label, uint32_t lineNo) {
    std::istringstream ss(text);
    std::string opTok, tok;
    ss >> opTok;
    Fields f(label, lineNo);
    while (ss >> tok) f.add(tok);
    std::optional<double> pendingFreq;

    if (f.has("freq_mhz")) {
        const std::string v = f.str("freq_mhz");
        char* end = nullptr;
        const double x = std::strtod(v.c_str(), &end);
        if (end != v.c_str() + v.size() || !(x > 0.0 && x <= 100000.0))
            f.fail("field 'freq_mhz': expected a frequency in (0, 100000] MHz, got '" + v + "'");
        pendingFreq = x;
    }
    const bool knownOp = opTok == "conv2d" || opTok == "matmul" || parseVectorKind(opTok).has_value();
    if (!knownOp) f.fail("unknown op '" + opTok + "'");
    Layer l;
    l.sourceLine = lineNo;
    l.name = f.str("name");
    l.hints.freqMhz = pendingFreq;
    if (const std::string p = nameProblem(l.name); !p.empty()) f.fail("layer name '" + l.name + "' " + p);
    if (f.has("dtype")) {
        const std::string d = f.str("dtype");
        l.hints.dtype = parseDType(d);
        if (!l.hints.dtype) f.fail("field 'dtype': unknown dtype '" + d + "' (fp32, fp16, bf16, int8, int4)");
    }
    if (f.has("weight_density")) {
        const std::string d = f.str("weight_density");
        char* end = nullptr;
        const double x = std::strtod(d.c_str(), &end);
        if (end != d.c_str() + d.size() || !(x > 0.0 && x <= 1.0))
            f.fail("field 'weight_density': expected a number in (0, 1], got '" + d + "'");
        l.hints.weightDensity = x;
    }

    if (opTok == "conv2d") {
        Conv2d c;
        c.batch = f.u64("batch", 1);
        c.h = f.u64("h", std::nullopt);
        c.w = f.u64("w", std::nullopt);
        c.cIn = f.u64("c_in", std::nullopt);
        c.cOut = f.u64("c_out", std::nullopt);
        std::tie(c.kernelH, c.kernelW) = pairField(f, "kernel", 1, 1);
        std::tie(c.strideH, c.strideW) = pairField(f, "stride", 1, 1);
        std::tie(c.padH, c.padW) = pairField(f, "padding", 0, 0);
        c.groups = f.u64("groups", 1);
        c.bias = f.flag("bias");
        if (c.cIn % c.groups || c.cOut % c.groups) f.fail("c_in and c_out must be divisible by groups");
        if (addSat(c.h, mulSat(2, c.padH)) < c.kernelH || addSat(c.w, mulSat(2, c.padW)) < c.kernelW)
            f.fail("kernel larger than the padded input");
        l.op = c;
    } else if (opTok == "matmul") {
        Matmul m;
        m.batch = f.u64("batch", 1);
        m.m = f.u64("m", std::nullopt);
        m.n = f.u64("n", std::nullopt);
        m.k = f.u64("k", std::nullopt);
        const std::string b = f.has("b") ? f.str("b") : "weight";
        if (b == "weight") m.b = MatmulOperand::Weight;
        else if (b == "activation") m.b = MatmulOperand::Activation;
        else f.fail("field 'b': expected weight or activation, got '" + b + "'");
        m.bias = f.flag("bias");
        if (m.bias && m.b != MatmulOperand::Weight) f.fail("bias=1 needs b=weight");
        l.op = m;
    } else if (auto kind = parseVectorKind(opTok)) {
        VectorOp v;
        v.kind = *kind;
        v.elements = f.u64("elements", std::nullopt);
        v.inputs = f.u64("inputs", defaultVectorInputs(v.kind));
        const bool norm = v.kind == VectorKind::GroupNorm || v.kind == VectorKind::LayerNorm;
        const bool embedding = v.kind == VectorKind::Embedding;
        v.channels = norm || embedding ? f.u64("channels", std::nullopt) : 0;
        v.vocab = embedding ? f.u64("vocab", std::nullopt) : 0;
        if (embedding && v.elements % v.channels) f.fail("elements must be a multiple of channels");
        v.groups = v.kind == VectorKind::GroupNorm ? f.u64("groups", std::nullopt) : 0;
        v.factor = v.kind == VectorKind::Upsample ? f.u64("factor", 2) : 1;
        if (norm && v.elements % v.channels) f.fail("elements must be a multiple of channels");
        if (v.groups && v.channels % v.groups) f.fail("channels must be divisible by groups");
        if (v.elements % mulSat(v.factor, v.factor)) f.fail("elements must be a multiple of factor^2");
        l.op = v;
    } else {
        f.fail("unknown op '" + opTok + "'");
    }
    f.rejectLeftovers();
    if (l.hints.weightDensity && !hasArrayWeights(l))
        f.fail("field 'weight_density': only conv2d and matmul with b=weight have weights to prune");
    if (const std::string p = layerSizeProblem(l); !p.empty()) f.fail(p);
    return l;
}

std::string stem(const std::string& path) {
    const auto slash = path.find_last_of('/');
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    const auto dot = base.find_last_of('.');
    return dot == std::string::npos || dot == 0 ? base : base.substr(0, dot);
}

std::vector<std::string> splitCsv(const std::string& line) {
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream ss(line);
    while (std::getline(ss, cell, ',')) cells.push_back(trim(cell));
    if (!line.empty() && line.back() == ',') {
        // getline drops the empty field after a trailing comma already; nothing to do.
    }
    while (!cells.empty() && cells.back().empty()) cells.pop_back();
    return cells;
}

}  // namespace

std::string layerSource(const Workload& w, const Layer& l) {
    return w.source.empty() || l.sourceLine == 0 ? "" : where(w.source, l.sourceLine);
}

Workload readNativeTrace(std::istream& in, const std::string& label) {
    Workload w;
    w.name = stem(label);
    w.source = label;
    std::string line;
    uint32_t lineNo = 0;
    std::map<std::string, uint32_t> seen;
    while (readLine(in, line, label, lineNo + 1)) {
        ++lineNo;
        skipBom(line, lineNo);
        const auto hash = line.find('#');
        const std::string text = trim(hash == std::string::npos ? line : line.substr(0, hash));
        if (text.empty()) continue;
        Layer l = parseNativeLine(text, label, lineNo);
        auto [it, fresh] = seen.emplace(l.name, lineNo);
        if (!fresh)
            throw inputError(where(label, lineNo),
                             "layer name '" + l.name + "' already used on line " + std::to_string(it->second));
        w.layers.push_back(std::move(l));
    }
    if (w.layers.empty()) throw inputError(label, "trace has no layers");
    return w;
}

Workload readScaleSimCsv(std::istream& in, const std::string& label) {
    Workload w;
    w.name = stem(label);
    w.source = label;
    std::string line;
    uint32_t lineNo = 0;
    bool gemm = false, haveHeader = false;
    std::map<std::string, uint32_t> seen;
    while (readLine(in, line, label, lineNo + 1)) {
        ++lineNo;
        skipBom(line, lineNo);
        if (trim(line).empty()) continue;
        const std::vector<std::string> cells = splitCsv(line);
        if (!haveHeader) {
            // Conv: Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter,
            // Strides[, Stride width]. GEMM: Layer, M, N, K.
            if (cells.size() == 4) gemm = true;
            else if (cells.size() != 8 && cells.size() != 9)
                throw inputError(where(label, lineNo),
                                 "SCALE-Sim header must have 4 (GEMM) or 8-9 (conv) columns, got " +
                                     std::to_string(cells.size()));
            haveHeader = true;
            continue;
        }
        const size_t want = gemm ? 4 : 8;
        if (cells.size() != want && !(!gemm && cells.size() == 9))
            throw inputError(where(label, lineNo), "expected " + std::string(gemm ? "4" : "8 or 9") +
                                                       " fields, got " + std::to_string(cells.size()));
        std::vector<uint64_t> v(cells.size(), 0);
        static const char* kConvCols[] = {"Layer name", "IFMAP Height", "IFMAP Width", "Filter Height",
                                          "Filter Width", "Channels", "Num Filter", "Strides",
                                          "Stride width"};
        static const char* kGemmCols[] = {"Layer", "M", "N", "K"};
        for (size_t i = 1; i < cells.size(); ++i) {
            if (!parseU64(cells[i], v[i]) || v[i] == 0)
                throw inputError(where(label, lineNo), std::string("column '") +
                                                           (gemm ? kGemmCols[i] : kConvCols[i]) +
                                                           "': expected a positive integer, got '" +
                                                           cells[i] + "'");
        }
        Layer l;
        l.sourceLine = lineNo;
        l.name = cells[0].empty() ? "layer" + std::to_string(w.layers.size()) : cells[0];
        if (const std::string p = nameProblem(l.name); !p.empty())
            throw inputError(where(label, lineNo), "layer name '" + l.name + "' " + p);
        if (auto [it, fresh] = seen.emplace(l.name, lineNo); !fresh)
            throw inputError(where(label, lineNo),
                             "layer name '" + l.name + "' already used on line " + std::to_string(it->second));
        if (gemm) {
            // SCALE-Sim lowers "M, N, K" to an M x K ifmap against N filters of 1 x K: an [M x K]*[K x N] GEMM.
            Matmul m;
            m.m = v[1];
            m.n = v[2];
            m.k = v[3];
            l.op = m;
        } else {
            Conv2d c;
            c.h = v[1];
            c.w = v[2];
            c.kernelH = v[3];
            c.kernelW = v[4];
            c.cIn = v[5];
            c.cOut = v[6];
            c.strideH = v[7];
            c.strideW = cells.size() == 9 ? v[8] : v[7];
            if (c.kernelH > c.h || c.kernelW > c.w)
                throw inputError(where(label, lineNo), "filter larger than the IFMAP");
            // SCALE-Sim sizes the output as ceil((H - F + S) / S): a partial last window counts. A real
            // convolution floors, so the IFMAP is extended to the end of that last window (the extra
            // rows/columns are zeros SCALE-Sim implicitly reads) and MACs match SCALE-Sim's exactly.
            c.h = addSat(c.h, (c.strideH - (c.h - c.kernelH) % c.strideH) % c.strideH);
            c.w = addSat(c.w, (c.strideW - (c.w - c.kernelW) % c.strideW) % c.strideW);
            // SCALE-Sim's convention: a layer whose name contains "DP" is depthwise: one 1-channel
            // convolution with `Num Filter` filters per input channel.
            if (l.name.find("DP") != std::string::npos) {
                c.groups = c.cIn;
                c.cOut = mulSat(c.cIn, v[6]);
            }
            l.op = c;
        }
        if (const std::string p = layerSizeProblem(l); !p.empty()) throw inputError(where(label, lineNo), p);
        w.layers.push_back(std::move(l));
    }
    if (!haveHeader) throw inputError(label, "empty SCALE-Sim topology file");
    if (w.layers.empty()) throw inputError(label, "SCALE-Sim topology file has no layer rows");
    return w;
}

Workload loadWorkload(const std::string& path) {
    std::ifstream in = openInputFile(path, "trace file");
    std::string ext = path.size() >= 4 ? path.substr(path.size() - 4) : "";
    for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const bool csv = ext == ".csv";
    return csv ? readScaleSimCsv(in, path) : readNativeTrace(in, path);
}

std::string formatTraceLine(const Layer& l) {
    std::ostringstream o;
    auto pair = [&](const char* base, uint64_t h, uint64_t w) {
        if (h == w) o << ' ' << base << '=' << h;
        else o << ' ' << base << "_h=" << h << ' ' << base << "_w=" << w;
    };
    o << opName(l) << " name=" << l.name;
    if (l.isConv()) {
        const Conv2d& c = l.conv();
        o << " batch=" << c.batch << " h=" << c.h << " w=" << c.w << " c_in=" << c.cIn << " c_out=" << c.cOut;
        pair("kernel", c.kernelH, c.kernelW);
        pair("stride", c.strideH, c.strideW);
        pair("padding", c.padH, c.padW);
        if (c.groups != 1) o << " groups=" << c.groups;
        if (c.bias) o << " bias=1";
    } else if (l.isMatmul()) {
        const Matmul& m = l.matmul();
        o << " batch=" << m.batch << " m=" << m.m << " n=" << m.n << " k=" << m.k
          << " b=" << (m.b == MatmulOperand::Weight ? "weight" : "activation");
        if (m.bias) o << " bias=1";
    } else {
        const VectorOp& v = l.vector();
        o << " elements=" << v.elements;
        if (v.inputs != defaultVectorInputs(v.kind)) o << " inputs=" << v.inputs;
        if (v.channels) o << " channels=" << v.channels;
        if (v.groups) o << " groups=" << v.groups;
        if (v.vocab) o << " vocab=" << v.vocab;
        if (v.kind == VectorKind::Upsample) o << " factor=" << v.factor;
    }
    if (l.hints.dtype) o << " dtype=" << dtypeName(*l.hints.dtype);
    if (l.hints.freqMhz) {
        char buf[32];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *l.hints.freqMhz);
        o << " freq_mhz=" << std::string(buf, end);
    }
    if (l.hints.weightDensity) {
        char buf[32];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *l.hints.weightDensity);
        o << " weight_density=" << std::string(buf, end);
    }
    return o.str();
}

void writeNativeTrace(std::ostream& out, const Workload& w) {
    out << "# npusim layer trace: " << w.name << " (" << w.layers.size() << " layers)\n";
    for (const Layer& l : w.layers) out << formatTraceLine(l) << '\n';
}

}  // namespace npu::workloads
