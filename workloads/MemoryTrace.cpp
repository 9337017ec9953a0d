// SPDX-License-Identifier: Apache-2.0
#include "workloads/MemoryTrace.h"

#include <charconv>
#include <fstream>
#include <sstream>

#include "hw_models/common/Error.h"

namespace npu::workloads {
namespace {

bool parseNumber(const std::string& s, uint64_t& out) {
    const bool hex = s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    const char* b = s.data() + (hex ? 2 : 0);
    const char* e = s.data() + s.size();
    if (b == e) return false;
    auto [p, ec] = std::from_chars(b, e, out, hex ? 16 : 10);
    return ec == std::errc() && p == e;
}

}  // namespace

MemoryTrace readMemoryTrace(std::istream& in, const std::string& label, uint32_t defaultBytes) {
    MemoryTrace t;
    std::string line;
    uint32_t lineNo = 0;
    int timed = -1;   // unknown until the first line
    while (std::getline(in, line)) {
        ++lineNo;
        const auto hash = line.find('#');
        std::istringstream ss(hash == std::string::npos ? line : line.substr(0, hash));
        std::vector<std::string> tok;
        for (std::string s; ss >> s;) tok.push_back(s);
        if (tok.empty()) continue;
        const std::string where = label + ":" + std::to_string(lineNo);
        auto fail = [&](const std::string& msg) { throw inputError(where, msg); };
        MemoryRequest r;
        r.bytes = defaultBytes;
        size_t i = 0;
        std::string format;
        if (tok[0] == "LD" || tok[0] == "ST") {
            format = "ramulator";
            if (tok.size() != 2) fail("expected 'LD|ST address'");
            r.write = tok[0] == "ST";
            r.bytes = 64;
            i = 1;
        } else {
            format = "native";
            uint64_t cycle = 0;
            if (parseNumber(tok[0], cycle)) {
                r.hasCycle = true;
                r.cycle = cycle;
                i = 1;
            }
            if (i >= tok.size()) fail("expected R or W after the cycle");
            if (tok[i] == "R" || tok[i] == "RD") r.write = false;
            else if (tok[i] == "W" || tok[i] == "WR") r.write = true;
            else fail("expected R or W, got '" + tok[i] + "'");
            ++i;
        }
        if (i >= tok.size()) fail("missing address");
        if (!parseNumber(tok[i], r.addr)) fail("address: expected a hex (0x...) or decimal number, got '" + tok[i] + "'");
        ++i;
        if (format == "native" && i < tok.size()) {
            uint64_t bytes = 0;
            if (!parseNumber(tok[i], bytes) || bytes == 0 || bytes > (1u << 30))
                fail("size: expected a byte count in [1, 2^30], got '" + tok[i] + "'");
            r.bytes = static_cast<uint32_t>(bytes);
            ++i;
        }
        if (i != tok.size()) fail("unexpected '" + tok[i] + "'");
        if (t.format.empty()) t.format = format;
        else if (t.format != format) fail("mixes the native (R/W) and Ramulator (LD/ST) formats");
        if (timed < 0) timed = r.hasCycle;
        else if (timed != int(r.hasCycle)) fail("mixes timed and untimed requests");
        if (r.hasCycle && !t.requests.empty() && r.cycle < t.requests.back().cycle)
            fail("cycle " + std::to_string(r.cycle) + " is earlier than the previous request's");
        t.requests.push_back(r);
    }
    if (t.requests.empty()) throw inputError(label, "memory trace has no requests");
    return t;
}

MemoryTrace loadMemoryTrace(const std::string& path, uint32_t defaultBytes) {
    std::ifstream in(path);
    if (!in) throw inputError(path, "cannot open memory trace");
    return readMemoryTrace(in, path, defaultBytes);
}

}  // namespace npu::workloads
