// SPDX-License-Identifier: Apache-2.0
// Text the user gives (layer names, config strings) reaches JSON, CSV and one-line messages, so it must be
// valid UTF-8 without control characters (textProblem); and every InputError message is made one printable
// line (printable). Header-only: the trace readers (workloads/) use it too.
#pragma once

#include <cstdio>
#include <string>

namespace npu {

namespace text_detail {

/// Length of the well-formed UTF-8 sequence starting at s[i] (1 to 4 bytes), or 0 if none starts there
/// (a stray continuation byte, an overlong form, a surrogate, a code point above U+10FFFF, a cut sequence).
inline size_t utf8Length(const std::string& s, size_t i) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    if (c < 0x80) return 1;
    size_t n = 0;
    unsigned char lo = 0x80, hi = 0xbf;   // the range of the second byte
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        if (c == 0xe0) lo = 0xa0;
        if (c == 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        if (c == 0xf0) lo = 0x90;
        if (c == 0xf4) hi = 0x8f;
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    for (size_t k = 1; k < n; ++k) {
        const unsigned char x = byte(i + k);
        if (x < (k == 1 ? lo : 0x80) || x > (k == 1 ? hi : 0xbf)) return 0;
    }
    return n;
}

/// A control character: C0 (below 0x20), DEL, or C1 (U+0080 to U+009F, UTF-8 c2 80 to c2 9f), given the
/// length of the sequence at s[i].
inline bool isControl(const std::string& s, size_t i, size_t len) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (len == 1) return c < 0x20 || c == 0x7f;
    return len == 2 && c == 0xc2 && static_cast<unsigned char>(s[i + 1]) <= 0x9f;
}

}  // namespace text_detail

/// What is wrong with `s` as a name or a text value: "" if nothing, else "is not valid UTF-8" or "contains a
/// control character".
inline std::string textProblem(const std::string& s) {
    for (size_t i = 0; i < s.size();) {
        const size_t len = text_detail::utf8Length(s, i);
        if (len == 0) return "is not valid UTF-8";
        if (text_detail::isControl(s, i, len)) return "contains a control character";
        i += len;
    }
    return "";
}

/// `s` as one printable line: control characters escaped (\n, \r, \t, else \xNN per byte) and so is every
/// byte that is not part of valid UTF-8, and the invisible byte-order mark U+FEFF (\xef\xbb\xbf);
/// everything else unchanged.
inline std::string printable(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const size_t len = text_detail::utf8Length(s, i);
        const bool bom = len == 3 && s.compare(i, 3, "\xEF\xBB\xBF") == 0;
        if (len != 0 && !bom && !text_detail::isControl(s, i, len)) {
            out.append(s, i, len);
            i += len;
            continue;
        }
        for (size_t k = 0; k < (len == 0 ? 1 : len); ++k, ++i) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (c == '\n') out += "\\n";
            else if (c == '\r') out += "\\r";
            else if (c == '\t') out += "\\t";
            else {
                char buf[5];
                std::snprintf(buf, sizeof buf, "\\x%02x", c);
                out += buf;
            }
        }
    }
    return out;
}

/// A message `s` cut to at most `max` bytes (at a UTF-8 boundary) with "... (message cut: N more bytes)"
/// appended when longer, N counting the message's bytes dropped: one quoting a long line must stay short.
inline std::string capped(const std::string& s, size_t max = 1024) {
    if (s.size() <= max) return s;
    size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xc0) == 0x80) --end;  // (not inside a sequence)
    return s.substr(0, end) + "... (message cut: " + std::to_string(s.size() - end) + " more bytes)";
}

}  // namespace npu
