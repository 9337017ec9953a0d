// SPDX-License-Identifier: Apache-2.0
#include "workloads/MemoryTrace.h"

#include <charconv>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <fstream>

#include "hw_models/common/Error.h"
#include "hw_models/common/InputFile.h"

namespace npu::workloads {
namespace {

/// Bytes of a Ramulator 2 request (`LD|ST address`: one cache line).
constexpr uint32_t kRamulatorBytes = 64;

/// A decimal number, or (allowHex) a hexadecimal one with 0x; false if it is neither or exceeds 64 bits.
bool parseNumber(std::string_view s, uint64_t& out, bool allowHex = true) {
    const bool hex = allowHex && s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    const char* b = s.data() + (hex ? 2 : 0);
    const char* e = s.data() + s.size();
    if (b == e) return false;
    auto [p, ec] = std::from_chars(b, e, out, hex ? 16 : 10);
    return ec == std::errc() && p == e;
}

/// Memory-trace cycles stay below 2^62 so that every cycle the engine derives from them (a request's
/// completion, refresh due times) fits in 64 bits.
constexpr uint64_t kMaxCycle = uint64_t(1) << 62;

std::string hex(uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
    return buf;
}

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

/// Whitespace-separated tokens of `line` before a '#', at most `max` (the rest is reported as extra).
size_t tokenize(std::string_view line, std::string_view* tok, size_t max) {
    const size_t hash = line.find('#');
    if (hash != std::string_view::npos) line = line.substr(0, hash);
    size_t n = 0, i = 0;
    while (n < max) {
        while (i < line.size() && isBlank(line[i])) ++i;
        if (i == line.size()) break;
        const size_t b = i;
        while (i < line.size() && !isBlank(line[i])) ++i;
        tok[n++] = line.substr(b, i - b);
    }
    return n;
}

/// The hex digits at p, up to 16 (the digits of a 64-bit number): how many lead the 16 bytes at p, with
/// their value in `value` (0 digits: value unset). Reads all 16 bytes (the caller's buffer has them) as one
/// vector (GCC vector extensions: SSE2 on x86-64): every byte is classified and its nibble taken at once.
unsigned hexDigits(const char* p, uint64_t& value) {
    typedef signed char Bytes __attribute__((vector_size(16)));  // (bytes >= 0x80 are negative: no digit)
    typedef uint16_t U16s __attribute__((vector_size(16)));
    typedef uint32_t U32s __attribute__((vector_size(16)));
    typedef uint64_t U64s __attribute__((vector_size(16)));
    static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the first byte of a lane must be its lowest");
    Bytes x;
    std::memcpy(&x, p, 16);
    const Bytes lower = x | 0x20;
    const Bytes letter = (lower >= 'a') & (lower <= 'f');  // (0 or -1 per byte)
    const U64s hex = U64s(((x >= '0') & (x <= '9')) | letter);
    const unsigned n = ~hex[0] ? unsigned(__builtin_ctzll(~hex[0])) / 8
                               : 8 + (~hex[1] ? unsigned(__builtin_ctzll(~hex[1])) / 8 : 8);
    if (n == 0) return 0;
    // The 16 nibbles as a number, the first the most significant: neighbouring pairs, quads and octets
    // joined in place; then without its last 16 - n digits (those from the first non-digit on).
    const Bytes nibble = (x & 0x0f) + (letter & 9);
    const U16s pairs = (U16s(nibble) << 4 | U16s(nibble) >> 8) & 0xff;
    const U32s quads = (U32s(pairs) << 8 | U32s(pairs) >> 16) & 0xffff;
    const U64s octets = (U64s(quads) << 16 | U64s(quads) >> 32) & 0xffffffff;
    value = (octets[0] << 32 | octets[1]) >> (64 - 4 * n);
    return n;
}

/// The common untimed line "OP 0xADDR" (OP one of R, W, RD, WR, LD, ST; one space; 1 to 16 hex digits)
/// parsed at p: the end of its address (the byte after its 16th hex digit at most), with `write`,
/// `ramulator` and `addr` set; nullptr if the bytes at p do not start so. The line is one only if its end
/// follows (else it has a comment, a timestamp, a size, other spacing, a decimal address or more than 16
/// digits, which the general path then reads, so that both give the same requests and the same errors).
/// Reads the bytes up to the first that breaks the pattern, and the 16 from the address's first digit on:
/// the caller's buffer has them (the read block's padding).
const char* parseCommonLine(const char* p, bool& write, bool& ramulator, uint64_t& addr) {
    const char c0 = p[0];
    if ((c0 == 'R' || c0 == 'W') && p[1] == ' ') {
        p += 2, write = c0 == 'W', ramulator = false;
    } else if (((c0 == 'R' && p[1] == 'D') || (c0 == 'W' && p[1] == 'R')) && p[2] == ' ') {
        p += 3, write = c0 == 'W', ramulator = false;
    } else if (((c0 == 'L' && p[1] == 'D') || (c0 == 'S' && p[1] == 'T')) && p[2] == ' ') {
        p += 3, write = c0 == 'S', ramulator = true;
    } else {
        return nullptr;
    }
    if (p[0] != '0' || (p[1] != 'x' && p[1] != 'X')) return nullptr;
    const unsigned digits = hexDigits(p + 2, addr);
    return digits ? p + 2 + digits : nullptr;
}

}  // namespace

MemoryTraceReader::MemoryTraceReader(std::istream& in, std::string label, uint32_t defaultBytes)
    : in_(in), label_(std::move(label)), block_(kBlockBytes + kBlockPadding), defaultBytes_(defaultBytes) {}

void MemoryTraceReader::appendCarry(const char* p, size_t n) {
    if (carry_.size() + n > kMaxInputLineBytes) throw lineTooLong(label_ + ":" + std::to_string(lineNo_ + 1));
    carry_.append(p, n);
}

bool MemoryTraceReader::nextLine(std::string_view& line) {
    if (carried_) {
        carry_.clear();
        carried_ = false;
    }
    for (;;) {
        if (pos_ < end_) {
            const char* b = block_.data() + pos_;
            const char* nl = static_cast<const char*>(std::memchr(b, '\n', end_ - pos_));
            if (nl) {
                pos_ = size_t(nl - block_.data()) + 1;
                if (carry_.empty()) {
                    line = std::string_view(b, size_t(nl - b));
                } else {
                    appendCarry(b, size_t(nl - b));
                    line = carry_;
                    carried_ = true;
                }
                return true;
            }
            appendCarry(b, end_ - pos_);
            pos_ = end_;
        }
        if (eof_) {
            if (carry_.empty()) return false;
            line = carry_;  // a last line without '\n'
            carried_ = true;
            return true;
        }
        in_.read(block_.data(), std::streamsize(kBlockBytes));
        end_ = size_t(in_.gcount());
        block_[end_] = '\0';
        pos_ = 0;
        if (!in_) eof_ = true;
    }
}

bool MemoryTraceReader::next(MemoryRequest& r) {
    // Most lines of a long trace, once its first request set the format and made it untimed: a common line
    // of that format read in place (the '\n' after its address ends it: no search for the line's end
    // first), if its request passes the checks below. Anything else goes the general way.
    if (timed_ == 0) {
        bool write = false, ramulator = false;
        uint64_t addr = 0;
        const char* e = parseCommonLine(block_.data() + pos_, write, ramulator, addr);
        const uint32_t bytes = ramulator ? kRamulatorBytes : defaultBytes_;
        if (e && *e == '\n' && ramulator == (format_ == Format::Ramulator) && bytes - 1 <= UINT64_MAX - addr) {
            pos_ = size_t(e - block_.data()) + 1;
            ++lineNo_;
            ++count_;
            r = MemoryRequest{false, 0, write, addr, bytes};
            return true;
        }
    }
    constexpr size_t kMaxTokens = 5;   // cycle R/W address bytes + one extra to report
    std::string_view tok[kMaxTokens];
    for (std::string_view line; nextLine(line);) {
        ++lineNo_;
        if (lineNo_ == 1 && startsWithBom(line)) line.remove_prefix(3);
        auto fail = [&](const std::string& msg) { throw inputError(label_ + ":" + std::to_string(lineNo_), msg); };
        r = MemoryRequest{};
        r.bytes = defaultBytes_;
        Format format = Format::Native;
        const size_t n = tokenize(line, tok, kMaxTokens);
        if (n == 0) continue;
        size_t i = 0;
        if (tok[0] == "LD" || tok[0] == "ST") {
            format = Format::Ramulator;
            if (n != 2) fail("expected 'LD|ST address'");
            r.write = tok[0] == "ST";
            r.bytes = kRamulatorBytes;
            i = 1;
        } else {
            if (tok[0][0] >= '0' && tok[0][0] <= '9') {  // a cycle (R/W start with a letter)
                if (!parseNumber(tok[0], r.cycle, /*allowHex=*/false))
                    fail("cycle: expected a decimal number below 2^62, got '" + std::string(tok[0]) + "'");
                r.hasCycle = true;
                i = 1;
            }
            if (i >= n) fail("expected R or W after the cycle");
            if (tok[i] == "R" || tok[i] == "RD") r.write = false;
            else if (tok[i] == "W" || tok[i] == "WR") r.write = true;
            else fail("expected R or W, got '" + std::string(tok[i]) + "'");
            ++i;
        }
        if (i >= n) fail("missing address");
        if (!parseNumber(tok[i], r.addr))
            fail("address: expected a hex (0x...) or decimal number, got '" + std::string(tok[i]) + "'");
        ++i;
        if (format == Format::Native && i < n) {
            uint64_t bytes = 0;
            if (!parseNumber(tok[i], bytes) || bytes == 0 || bytes > (1u << 30))
                fail("size: expected a byte count in [1, 2^30], got '" + std::string(tok[i]) + "'");
            r.bytes = static_cast<uint32_t>(bytes);
            ++i;
        }
        if (i != n) fail("unexpected '" + std::string(tok[i]) + "'");
        if (r.bytes - 1 > UINT64_MAX - r.addr)
            fail("the request's last byte is beyond address 2^64 - 1 (address " + hex(r.addr) + ", " +
                 std::to_string(r.bytes) + " bytes)");
        if (r.hasCycle && r.cycle >= kMaxCycle)
            fail("cycle " + std::to_string(r.cycle) + " is not below 2^62 (the engine's time range)");
        if (format_ == Format::None) format_ = format;
        else if (format_ != format) fail("mixes the native (R/W) and Ramulator (LD/ST) formats");
        if (timed_ < 0) timed_ = r.hasCycle;
        else if (timed_ != int(r.hasCycle)) fail("mixes timed and untimed requests");
        if (r.hasCycle && count_ > 0 && r.cycle < lastCycle_)
            fail("cycle " + std::to_string(r.cycle) + " is earlier than the previous request's");
        lastCycle_ = r.cycle;
        ++count_;
        return true;
    }
    if (count_ == 0) throw inputError(label_, "memory trace has no requests");
    return false;
}

MemoryTrace readMemoryTrace(std::istream& in, const std::string& label, uint32_t defaultBytes) {
    MemoryTraceReader reader(in, label, defaultBytes);
    MemoryTrace t;
    for (MemoryRequest r; reader.next(r);) t.requests.push_back(r);
    t.format = reader.format();
    return t;
}

MemoryTrace loadMemoryTrace(const std::string& path, uint32_t defaultBytes) {
    std::ifstream in = openInputFile(path, "memory trace");
    return readMemoryTrace(in, path, defaultBytes);
}

}  // namespace npu::workloads
