// SPDX-License-Identifier: Apache-2.0
#include "sim/config/ConfigLoader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include "hw_models/common/Error.h"
#include "hw_models/common/InputFile.h"
#include "hw_models/common/Text.h"
#include "sim/config/Presets.h"
#include "sim/config/Schema.h"

namespace npu::sim {
namespace {

std::string join(const std::string& prefix, const char* key) {
    return prefix.empty() ? std::string(key) : prefix + "." + key;
}

/// Shortest text that parses back to exactly `x`.
std::string formatReal(double x) {
    if (x == std::floor(x) && std::fabs(x) < 1e15) return std::to_string(static_cast<long long>(x));
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
    return std::string(buf, end);
}

std::string formatRange(double lo, double hi) { return "[" + formatReal(lo) + ", " + formatReal(hi) + "]"; }

/// Where a config value came from, for error messages: a --set, or a line of the file. The lines are
/// recorded when the file is read: merging a preset into the dram and energy sections makes new nodes,
/// without YAML's marks.
struct Origin {
    std::string file;                       ///< "" when there is no file (built-in defaults)
    std::set<std::string> overridden;       ///< YAML paths given with --set
    std::map<std::string, size_t> lines;    ///< YAML path of every key and list element of the file -> line

    /// "--set <path>", "--set <override>: <path>", "<file>:<line>: <path>", or "<file>: <path>" for a value
    /// neither set (a preset's or a default).
    std::string at(const std::string& path) const {
        if (const std::string s = setBy(path); !s.empty()) return s;
        const size_t line = fileLine(path);
        const std::string f = file.empty() ? "<defaults>" : file;
        return line ? f + ":" + std::to_string(line) + ": " + path : f + ": " + path;
    }

    /// The line of the file that set `path`; 0 if the file did not, or a --set replaced it.
    size_t fileLine(const std::string& path) const {
        const auto it = lines.find(path);
        return it == lines.end() || !setBy(path).empty() ? 0 : it->second;
    }

    /// Checks that every mapping in `n`, the value at `path`, has plain keys, each given once, and records
    /// the line of every key and list element. `set`: the --set path `n` was given with ("" for the file).
    void scan(const YAML::Node& n, const std::string& path, const std::string& set) {
        std::set<size_t> visited;
        scan(n, path, set, visited);
    }

    /// "--set <path>" or "--set <override>: <path>" when a --set gave `path` or a list or section holding
    /// it, or created it on its way down; else "".
    std::string setBy(const std::string& path) const {
        if (overridden.count(path)) return "--set " + path;
        for (const std::string& o : overridden)   // inside a list or a section given with --set
            if (path.compare(0, o.size() + 1, o + "[") == 0 || path.compare(0, o.size() + 1, o + ".") == 0)
                return "--set " + o + ": " + path;
        for (const std::string& o : overridden)   // a --set that created this node on its way down
            if (o.compare(0, path.size() + 1, path + ".") == 0) return "--set " + o + ": " + path;
        return "";
    }

private:
    /// `visited`: the text positions of the lists and mappings scanned. An alias is its anchored node
    /// itself (same position), scanned once: a chain of aliases ("billion laughs") would else be walked
    /// exponentially.
    void scan(const YAML::Node& n, const std::string& path, const std::string& set, std::set<size_t>& visited) {
        auto place = [&](const std::string& p, const YAML::Mark& m) {
            if (!set.empty()) return p == set ? "--set " + set : "--set " + set + ": " + p;
            const std::string at = m.is_null() ? file : file + ":" + std::to_string(m.line + 1);
            return p.empty() ? at : at + ": " + p;
        };
        if ((n.IsSequence() || n.IsMap()) && !visited.insert(size_t(n.Mark().pos)).second) return;
        if (n.IsSequence()) {
            for (size_t i = 0; i < n.size(); ++i) {
                const std::string p = path + "[" + std::to_string(i) + "]";
                if (set.empty()) lines.emplace(p, n[i].Mark().line + 1);
                scan(n[i], p, set, visited);
            }
        } else if (n.IsMap()) {
            std::map<std::string, size_t> keys;   // key -> line
            for (const auto& kv : n) {
                if (!kv.first.IsScalar())
                    throw InputError(place(path, kv.first.Mark()) +
                                     ": keys must be plain names, not lists or mappings");
                const std::string p = join(path, kv.first.Scalar().c_str());
                const size_t line = kv.first.Mark().line + 1;
                if (const auto [it, fresh] = keys.emplace(kv.first.Scalar(), line); !fresh)
                    throw InputError(place(p, kv.first.Mark()) + ": key given twice" +
                                     (set.empty() ? " (first on line " + std::to_string(it->second) + ")" : ""));
                if (set.empty()) lines.emplace(p, line);
                scan(kv.second, p, set, visited);
            }
        }
    }
};

/// YAML -> SimConfig. Absent keys keep their defaults; present ones are parsed strictly and range-checked.
class YamlReader : public ConfigVisitor {
public:
    YamlReader(YAML::Node node, std::string path, const Origin& origin)
        : node_(std::move(node)), path_(std::move(path)), origin_(origin) {}

    void integer(const char* key, uint64_t& v, uint64_t min, uint64_t max, FieldDoc) override {
        const YAML::Node n = take(key);
        if (!n) return;
        const std::string s = numberScalar(n, key, "an integer");
        uint64_t x = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
        if (ec != std::errc() || p != s.data() + s.size()) fail(key, "expected an integer, got '" + s + "'");
        if (x < min || x > max)
            fail(key, "must be in [" + std::to_string(min) + ", " + std::to_string(max) + "], got " + s);
        v = x;
    }

    void real(const char* key, double& v, double min, double max, FieldDoc) override {
        const YAML::Node n = take(key);
        if (!n) return;
        v = realValue(n, key, min, max);
    }

    void text(const char* key, std::string& v, FieldDoc) override {
        const YAML::Node n = take(key);
        if (n) v = textValue(n, key);
    }

    void realList(const char* key, std::vector<double>& v, double min, double max, FieldDoc) override {
        const YAML::Node n = take(key);
        if (!n) return;
        if (!n.IsSequence()) fail(key, "expected a list of numbers, e.g. [400, 600]");
        std::vector<double> out;
        for (size_t i = 0; i < n.size(); ++i) {
            const std::string k = std::string(key) + "[" + std::to_string(i) + "]";
            out.push_back(realValue(n[i], k.c_str(), min, max));
        }
        v = std::move(out);
    }

    void textList(const char* key, std::vector<std::string>& v, FieldDoc) override {
        const YAML::Node n = take(key);
        if (!n) return;
        if (!n.IsSequence()) fail(key, "expected a list of strings");
        std::vector<std::string> out;
        for (size_t i = 0; i < n.size(); ++i) {
            const std::string k = std::string(key) + "[" + std::to_string(i) + "]";
            out.push_back(textValue(n[i], k.c_str()));
        }
        v = std::move(out);
    }

    void flag(const char* key, bool& v, FieldDoc) override {
        const YAML::Node n = take(key);
        if (!n) return;
        const std::string s = numberScalar(n, key, "true or false");  // (plain, like a number)
        if (s == "true") v = true;
        else if (s == "false") v = false;
        else fail(key, "expected true or false, got '" + s + "'");
    }

    void choice(const char* key, std::string& v, const std::vector<std::string>& choices, FieldDoc) override {
        const YAML::Node n = take(key);
        if (!n) return;
        const std::string s = scalar(n, key, "a string");
        for (const auto& c : choices)
            if (c == s) {
                v = s;
                return;
            }
        std::string list;
        for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
        fail(key, "'" + s + "' is not one of: " + list);
    }

    void section(const char* key, const char*, const std::function<void(ConfigVisitor&)>& body) override {
        const YAML::Node n = take(key);
        if (!n) return;
        if (!n.IsMap()) fail(key, "expected a mapping (a section of keys)");
        YamlReader sub(n, join(path_, key), origin_);
        body(sub);
        sub.rejectUnknownKeys();
    }

    void sectionList(const char* key, const char*, size_t, const std::function<void(size_t)>& resize,
                     const std::function<void(ConfigVisitor&, size_t)>& body) override {
        const YAML::Node n = take(key);
        if (!n) return;
        if (!n.IsSequence()) fail(key, "expected a list of mappings");
        resize(n.size());
        for (size_t i = 0; i < n.size(); ++i) {
            const std::string k = std::string(key) + "[" + std::to_string(i) + "]";
            if (!n[i].IsMap()) fail(k.c_str(), "expected a mapping");
            YamlReader sub(n[i], join(path_, k.c_str()), origin_);
            body(sub, i);
            sub.rejectUnknownKeys();
        }
    }

    void rejectUnknownKeys() const {
        for (const auto& kv : node_)   // keys are plain names (Origin::scan)
            if (!seen_.count(kv.first.Scalar()))
                throw InputError(origin_.at(join(path_, kv.first.Scalar().c_str())) + ": unknown key");
    }

private:
    YAML::Node take(const char* key) {
        seen_.insert(key);
        const YAML::Node& cn = node_;
        return cn[key];
    }
    std::string scalar(const YAML::Node& n, const char* key, const char* what) const {
        if (!n.IsScalar()) fail(key, std::string("expected ") + what);
        return n.Scalar();
    }
    /// A number (or a boolean) is a plain YAML scalar (or one tagged !!int / !!float / !!bool): "64" in
    /// quotes, a block scalar or another tag is a string.
    std::string numberScalar(const YAML::Node& n, const char* key, const char* what) const {
        const std::string s = scalar(n, key, what);
        const std::string& tag = n.Tag();
        if (tag == "!") fail(key, std::string("expected ") + what + ", got the string '" + s + "' (quoted or a block)");
        if (tag != "?" && tag != "tag:yaml.org,2002:int" && tag != "tag:yaml.org,2002:float" &&
            tag != "tag:yaml.org,2002:bool")
            fail(key, std::string("expected ") + what + ", got a value tagged " + tag);
        return s;
    }
    /// A real: a finite decimal number (isDecimalReal) in [min, max].
    double realValue(const YAML::Node& n, const char* key, double min, double max) const {
        const std::string s = numberScalar(n, key, "a number");
        if (!isDecimalReal(s)) fail(key, "expected a number, got '" + s + "'");
        const double x = std::strtod(s.c_str(), nullptr);
        if (!std::isfinite(x)) fail(key, "expected a number, got '" + s + "'");
        if (x < min || x > max) fail(key, "must be in " + formatRange(min, max) + ", got " + s);
        return x;
    }
    /// A decimal number as YAML's core schema writes a float: [-+]? (digits [. digits?] | . digits)
    /// [e [-+]? digits]; not hexadecimal, not inf or nan.
    static bool isDecimalReal(const std::string& s) {
        size_t i = 0;
        auto digits = [&] {
            const size_t b = i;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
            return i - b;
        };
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
        const size_t intDigits = digits();
        size_t fracDigits = 0;
        if (i < s.size() && s[i] == '.') {
            ++i;
            fracDigits = digits();
        }
        if (intDigits + fracDigits == 0) return false;
        if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
            ++i;
            if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
            if (digits() == 0) return false;
        }
        return i == s.size();
    }
    /// A string that reaches reports and messages: valid UTF-8, no control characters.
    std::string textValue(const YAML::Node& n, const char* key) const {
        const std::string s = scalar(n, key, "a string");
        if (const std::string problem = textProblem(s); !problem.empty()) fail(key, "'" + s + "' " + problem);
        return s;
    }
    [[noreturn]] void fail(const char* key, const std::string& msg) const {
        throw InputError(origin_.at(join(path_, key)) + ": " + msg);
    }

    YAML::Node node_;
    std::string path_;
    const Origin& origin_;
    std::set<std::string> seen_;
};

/// SimConfig -> YAML text with units as comments.
class YamlWriter : public ConfigVisitor {
public:
    explicit YamlWriter(YAML::Emitter& out) : out_(out) {}
    void integer(const char* key, uint64_t& v, uint64_t, uint64_t, FieldDoc d) override {
        out_ << YAML::Key << key << YAML::Value << v;
        unit(d);
    }
    void real(const char* key, double& v, double, double, FieldDoc d) override {
        out_ << YAML::Key << key << YAML::Value << formatReal(v);
        unit(d);
    }
    void text(const char* key, std::string& v, FieldDoc) override {
        out_ << YAML::Key << key << YAML::Value << YAML::DoubleQuoted << v;
    }
    void flag(const char* key, bool& v, FieldDoc) override {
        out_ << YAML::Key << key << YAML::Value << (v ? "true" : "false");
    }
    void realList(const char* key, std::vector<double>& v, double, double, FieldDoc d) override {
        out_ << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (double x : v) out_ << formatReal(x);
        out_ << YAML::EndSeq;
        unit(d);
    }
    void textList(const char* key, std::vector<std::string>& v, FieldDoc) override {
        out_ << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const std::string& x : v) out_ << YAML::DoubleQuoted << x;
        out_ << YAML::EndSeq;
    }
    void choice(const char* key, std::string& v, const std::vector<std::string>&, FieldDoc) override {
        out_ << YAML::Key << key << YAML::Value << v;
    }
    void section(const char* key, const char*, const std::function<void(ConfigVisitor&)>& body) override {
        out_ << YAML::Key << key << YAML::Value << YAML::BeginMap;
        body(*this);
        out_ << YAML::EndMap;
    }
    void sectionList(const char* key, const char*, size_t size, const std::function<void(size_t)>&,
                     const std::function<void(ConfigVisitor&, size_t)>& body) override {
        out_ << YAML::Key << key << YAML::Value << YAML::BeginSeq;
        inFlow_ = true;
        for (size_t i = 0; i < size; ++i) {
            out_ << YAML::Flow << YAML::BeginMap;
            body(*this, i);
            out_ << YAML::EndMap;
        }
        inFlow_ = false;
        out_ << YAML::EndSeq;
    }

private:
    void unit(FieldDoc d) {
        if (*d.unit && !inFlow_) out_ << YAML::Comment(d.unit);
    }
    YAML::Emitter& out_;
    bool inFlow_ = false;   ///< inside a flow mapping, where YAML has no comments
};

/// Markdown reference rows.
class DocWriter : public ConfigVisitor {
public:
    explicit DocWriter(std::ostringstream& out, std::string path = "") : out_(out), path_(std::move(path)) {}
    void integer(const char* key, uint64_t& v, uint64_t lo, uint64_t hi, FieldDoc d) override {
        row(key, d, std::to_string(v), "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
    }
    void real(const char* key, double& v, double lo, double hi, FieldDoc d) override {
        row(key, d, formatReal(v), formatRange(lo, hi));
    }
    void text(const char* key, std::string& v, FieldDoc d) override { row(key, d, "\"" + v + "\"", "text"); }
    void flag(const char* key, bool& v, FieldDoc d) override { row(key, d, v ? "`true`" : "`false`", "`true`, `false`"); }
    void realList(const char* key, std::vector<double>& v, double lo, double hi, FieldDoc d) override {
        std::string list;
        for (double x : v) list += (list.empty() ? "" : ", ") + formatReal(x);
        row(key, d, "[" + list + "]", "list, each in " + formatRange(lo, hi));
    }
    void textList(const char* key, std::vector<std::string>& v, FieldDoc d) override {
        std::string list;
        for (const auto& x : v) list += (list.empty() ? "" : ", ") + x;
        row(key, d, "[" + list + "]", "list of text");
    }
    void choice(const char* key, std::string& v, const std::vector<std::string>& cs, FieldDoc d) override {
        std::string list;
        for (const auto& c : cs) list += (list.empty() ? "`" : ", `") + c + "`";
        row(key, d, "`" + v + "`", list);
    }
    void section(const char* key, const char* desc, const std::function<void(ConfigVisitor&)>& body) override {
        out_ << "| **`" << join(path_, key) << "`** | | | | " << desc << " |\n";
        DocWriter sub(out_, join(path_, key));
        body(sub);
    }
    void sectionList(const char* key, const char* desc, size_t size, const std::function<void(size_t)>&,
                     const std::function<void(ConfigVisitor&, size_t)>& body) override {
        out_ << "| **`" << join(path_, key) << "[]`** | | " << size << " entries | list | " << desc << " |\n";
        if (size == 0) return;
        DocWriter sub(out_, join(path_, key) + "[]");
        body(sub, 0);   // the fields of one entry, with the first entry's values as example defaults
    }

private:
    void row(const char* key, FieldDoc d, const std::string& def, const std::string& range) {
        out_ << "| `" << join(path_, key) << "` | " << (*d.unit ? d.unit : "-") << " | " << def << " | "
             << range << " | " << d.desc << " |\n";
    }
    std::ostringstream& out_;
    std::string path_;
};

/// Applies "a.b.c=value" to the YAML tree, creating sections as needed.
void applyOverride(YAML::Node& root, const std::string& spec, Origin& origin) {
    const auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0)
        throw InputError("--set " + spec + ": expected path.to.field=value");
    const std::string path = spec.substr(0, eq);
    const std::string value = spec.substr(eq + 1);
    if (value.empty()) throw InputError("--set " + path + ": empty value");
    std::vector<std::string> parts;
    for (size_t start = 0, dot = 0; dot != std::string::npos; start = dot + 1) {
        dot = path.find('.', start);
        parts.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (parts.back().empty()) throw InputError("--set " + path + ": empty path component");
    }
    YAML::Node cur = root;
    std::string sofar;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
        sofar = sofar.empty() ? parts[i] : sofar + "." + parts[i];
        if (!cur.IsMap() && !cur.IsNull()) throw InputError("--set " + path + ": " + sofar + " is not a section");
        YAML::Node next = cur[parts[i]];
        if (!next.IsDefined() || next.IsNull()) {
            cur[parts[i]] = YAML::Node(YAML::NodeType::Map);
            next = cur[parts[i]];
        }
        if (!next.IsMap()) throw InputError("--set " + path + ": " + sofar + " is not a section");
        cur.reset(next);
    }
    std::vector<YAML::Node> docs;
    try {
        docs = YAML::LoadAll(value);
    } catch (const YAML::Exception&) {
        docs.clear();   // not YAML: reported below
    }
    if (docs.size() != 1) throw InputError("--set " + path + ": cannot parse value '" + value + "'");
    origin.scan(docs.front(), path, path);
    cur[parts.back()] = docs.front();
    origin.overridden.insert(path);
}

bool hasPoint(const ClockConfig& c, double mhz) {
    for (double f : c.pointFreqsMhz)
        if (std::fabs(f - mhz) < 1e-6) return true;
    return false;
}

/// Relations between clock and dfs fields the schema's ranges cannot express.
void validateClock(const SimConfig& cfg) {
    const ClockConfig& c = cfg.clock;
    if (c.pointFreqsMhz.empty()) throw InputError("clock.point_freqs_mhz: needs at least one operating point");
    for (size_t i = 1; i < c.pointFreqsMhz.size(); ++i)
        for (size_t j = 0; j < i; ++j)
            if (std::fabs(c.pointFreqsMhz[i] - c.pointFreqsMhz[j]) < 1e-6)
                throw InputError("clock.point_freqs_mhz[" + std::to_string(i) + "]: " + formatReal(c.pointFreqsMhz[i]) +
                                 " MHz is already point " + std::to_string(j));
    if (c.pointVoltagesV.size() != c.pointFreqsMhz.size())
        throw InputError("clock.point_voltages_v: needs one voltage per frequency (" +
                         std::to_string(c.pointFreqsMhz.size()) + "), got " + std::to_string(c.pointVoltagesV.size()));
    if (!hasPoint(c, c.freqMhz))
        throw InputError("clock.freq_mhz: " + formatReal(c.freqMhz) + " is not in clock.point_freqs_mhz");
    if (cfg.dfs.fixedFreqMhz != 0.0 && !hasPoint(c, cfg.dfs.fixedFreqMhz))
        throw InputError("dfs.fixed_freq_mhz: " + formatReal(cfg.dfs.fixedFreqMhz) + " is not in clock.point_freqs_mhz");
    if (cfg.dfs.policy == "power_cap" && !(cfg.dfs.powerCapW > 0.0))
        throw InputError("dfs.power_cap_w: must be > 0 with dfs.policy power_cap");
    for (size_t i = 0; i < cfg.dfs.perLayer.size(); ++i) {
        const std::string& rule = cfg.dfs.perLayer[i];
        const std::string where = "dfs.per_layer[" + std::to_string(i) + "]";
        const auto eq = rule.rfind('=');
        char* end = nullptr;
        const double mhz = eq == std::string::npos ? 0.0 : std::strtod(rule.c_str() + eq + 1, &end);
        if (eq != std::string::npos && eq != 0 && eq + 1 == rule.size())
            throw InputError(where + ": '" + rule + "' has no frequency (expected 'glob=freq_mhz')");
        if (eq == std::string::npos || eq == 0 || end != rule.c_str() + rule.size())
            throw InputError(where + ": expected 'glob=freq_mhz', got '" + rule + "'");
        if (!hasPoint(c, mhz))
            throw InputError(where + ": " + formatReal(mhz) + " MHz is not in clock.point_freqs_mhz");
    }
}

/// `over` laid on top of `base`, recursively for mappings (a fresh tree; neither input is modified).
YAML::Node merged(const YAML::Node& base, const YAML::Node& over) {
    if (!base.IsMap() || !over.IsMap()) return YAML::Clone(over);
    YAML::Node out = YAML::Clone(base);
    for (const auto& kv : over) {   // keys are plain names (Origin::scan)
        const std::string& k = kv.first.Scalar();
        const YAML::Node& b = base;
        out[k] = b[k] ? merged(b[k], kv.second) : YAML::Clone(kv.second);
    }
    return out;
}

/// Replaces root[section] by the named preset (root[section].preset, else `fallback`) with the given
/// keys laid on top.
void applyPreset(YAML::Node& root, const Origin& origin, const char* section, const std::string& fallback,
                 const std::vector<Preset>& presets) {
    const YAML::Node& croot = root;
    YAML::Node user = croot[section] ? croot[section] : YAML::Node(YAML::NodeType::Map);
    if (!user.IsMap()) return;   // the schema reader reports "expected a mapping"
    const std::string presetPath = std::string(section) + ".preset";
    std::string name = fallback;
    const YAML::Node& cuser = user;
    if (cuser["preset"]) {
        if (!cuser["preset"].IsScalar())
            throw InputError(origin.at(presetPath) + ": expected a preset name");
        name = cuser["preset"].Scalar();
    }
    for (const Preset& p : presets) {
        if (name != p.name) continue;
        YAML::Node base = YAML::Load(p.yaml);
        root[section] = merged(base, user);
        root[section]["preset"] = name;
        return;
    }
    std::string list;
    for (const Preset& p : presets) list += (list.empty() ? "" : ", ") + std::string(p.name);
    throw InputError(origin.at(presetPath) + ": unknown preset '" + name + "' (" + list + ")");
}

}  // namespace

SimConfig loadConfig(const std::string& path, const std::vector<std::string>& overrides) {
    Origin origin;
    origin.file = path;
    YAML::Node root;
    if (!path.empty()) {
        std::ifstream file = openInputFile(path, "config file");
        // Read whole, up to 16 MiB (a config is a few KiB; /dev/zero must not fill the memory). YAML forbids
        // a NUL byte, and yaml-cpp reports one as an unrelated escape error on a later line.
        constexpr size_t kMaxConfigBytes = size_t(16) << 20;
        std::string text;
        for (char buf[65536]; file.read(buf, sizeof buf) || file.gcount() > 0;) {
            text.append(buf, size_t(file.gcount()));
            if (const size_t nul = text.find('\0', text.size() - size_t(file.gcount())); nul != std::string::npos)
                throw InputError(path + ":" + std::to_string(1 + std::count(text.begin(), text.begin() + long(nul), '\n')) +
                                 ": YAML syntax error: a NUL byte (a config file is text)");
            if (text.size() > kMaxConfigBytes) throw InputError(path + ": config file larger than 16 MiB");
        }
        std::vector<YAML::Node> docs;
        try {
            docs = YAML::LoadAll(text);
        } catch (const YAML::ParserException& e) {
            throw InputError(path + ":" + std::to_string(e.mark.line + 1) + ": YAML syntax error: " + e.msg);
        }
        for (size_t i = 1; i < docs.size(); ++i) {   // an empty one after a trailing "---" is harmless
            if (docs[i].IsNull()) continue;
            const YAML::Mark m = docs[i].Mark();
            throw InputError((m.is_null() ? path : path + ":" + std::to_string(m.line + 1)) +
                             ": a second YAML document (a config file holds one)");
        }
        if (!docs.empty()) root = docs.front();
        if (root.IsNull()) throw InputError(path + ": empty config file");
        if (!root.IsMap()) throw InputError(path + ": the config must be a YAML mapping");
        origin.scan(root, "", "");
    } else {
        root = YAML::Node(YAML::NodeType::Map);
    }
    for (const std::string& o : overrides) applyOverride(root, o, origin);
    SimConfig cfg;  // the defaults, then what the file and the overrides set
    applyPreset(root, origin, "dram", cfg.dramPreset, dramPresets());
    applyPreset(root, origin, "energy", cfg.energyPreset, energyPresets());

    const std::string label = path.empty() ? std::string("config") : path;
    try {
        YamlReader reader(root, "", origin);
        visitConfig(reader, cfg);
        reader.rejectUnknownKeys();
    } catch (const YAML::Exception& e) {
        throw InputError(label + ": " + e.msg);
    }
    try {   // relations between fields: the message begins with the YAML path of the field it names
        validateConfig(cfg);
    } catch (const InputError& e) {
        // Its line when the file set it; "config" for a --set (several fields are involved, see
        // docs/config.md); else the file (or "config" without one).
        const std::string msg = e.what(), field = msg.substr(0, msg.find(": "));
        const size_t line = origin.fileLine(field);
        const std::string place = line ? path + ":" + std::to_string(line)
                                  : origin.setBy(field).empty() ? label
                                                                : std::string("config");
        throw InputError(place + ": " + msg);
    }
    return cfg;
}

void validateConfig(const SimConfig& cfg) {
    cfg.dram.validate();
    cfg.energy.validate("energy");
    validateClock(cfg);
    const uint32_t bits = workloads::dtypeBits(cfg.dtype);
    if (cfg.compression.sharingBits >= bits)
        throw InputError("compression.weight_sharing_bits: must be fewer than the " + std::to_string(bits) +
                         " bits of dtype " + workloads::dtypeName(cfg.dtype) +
                         " (else sharing grows the weights), got " + std::to_string(cfg.compression.sharingBits));
}

std::string resolvedConfigYaml(const SimConfig& cfgIn) {
    SimConfig cfg = cfgIn;
    YAML::Emitter out;
    out << YAML::BeginMap;
    YamlWriter w(out);
    visitConfig(w, cfg);
    out << YAML::EndMap;
    return std::string("# npusim resolved configuration: `npusim run --config` on this file reproduces the run\n") +
           out.c_str() + "\n";
}

std::string configReferenceMarkdown() {
    SimConfig defaults;
    std::ostringstream o;
    o << "| YAML path | unit | default | range / choices | description |\n";
    o << "|---|---|---|---|---|\n";
    DocWriter w(o);
    visitConfig(w, defaults);
    return o.str();
}

}  // namespace npu::sim
