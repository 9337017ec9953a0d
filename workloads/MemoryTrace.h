// SPDX-License-Identifier: Apache-2.0
// Models: memory-request traces for replaying through the DRAM controller alone (`npusim dram`):
// the native format `[cycle] R|W address [bytes]` and Ramulator 2's load/store format `LD|ST address`
// (one 64-byte request per line). See docs/user_guide.md, "npusim dram".
// Ignores: data values, request sources.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace npu::workloads {

struct MemoryRequest {
    bool hasCycle = false;   ///< true: arrives at `cycle` (DRAM clock cycles); false: as soon as accepted
    uint64_t cycle = 0;
    bool write = false;
    uint64_t addr = 0;
    uint32_t bytes = 64;
};

struct MemoryTrace {
    std::string format;      ///< "native" or "ramulator"
    std::vector<MemoryRequest> requests;
};

/// Reads a trace one request at a time (constant memory, for traces of any length). Same rules and errors
/// as readMemoryTrace; an InputError naming `label:line` is thrown by the `next` call that reaches the line.
class MemoryTraceReader {
public:
    MemoryTraceReader(std::istream& in, std::string label, uint32_t defaultBytes = 64);
    /// The next request; false at the end of the trace (throws if the trace had no request at all).
    bool next(MemoryRequest& r);
    /// "native" or "ramulator" once a request was read, "" before.
    const char* format() const {
        return format_ == Format::Native ? "native" : format_ == Format::Ramulator ? "ramulator" : "";
    }
    uint64_t requests() const { return count_; }              ///< requests returned so far

private:
    /// The next line without its '\n' (valid until the next call); false at the end of the input.
    bool nextLine(std::string_view& line);
    /// carry_ += [p, p + n), within the line length limit (kMaxInputLineBytes).
    void appendCarry(const char* p, size_t n);

    enum class Format { None, Native, Ramulator };

    std::istream& in_;
    std::string label_;
    // The input is read in blocks and split in place; a line that spans two blocks is assembled in carry_.
    // A NUL follows a block's bytes (a common line's parse stops there), then more padding: the parse reads
    // 16 bytes from an address's first digit on, which may be that NUL.
    static constexpr size_t kBlockBytes = size_t(1) << 16, kBlockPadding = 16;
    std::vector<char> block_;
    size_t pos_ = 0, end_ = 0;
    bool eof_ = false, carried_ = false;
    std::string carry_;
    Format format_ = Format::None;  // of the first request; every later one must match
    uint32_t defaultBytes_;
    uint64_t lineNo_ = 0, count_ = 0, lastCycle_ = 0;
    int timed_ = -1;   // unknown until the first request
};

/// Reads a trace; the format is recognised per line (LD/ST: Ramulator 2; R/W: native); mixing both in
/// one file, or timed and untimed lines, is an error. `defaultBytes` is the size of lines that give none.
/// Throws InputError naming `label:line`.
MemoryTrace readMemoryTrace(std::istream& in, const std::string& label, uint32_t defaultBytes = 64);
MemoryTrace loadMemoryTrace(const std::string& path, uint32_t defaultBytes = 64);

}  // namespace npu::workloads
