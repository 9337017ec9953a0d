// SPDX-License-Identifier: Apache-2.0
// The configuration schema: every field of SimConfig with its YAML key, unit, range and description,
// walked by a visitor. Readers (YAML -> struct), writers (struct -> YAML) and the reference-doc
// generator are visitors, so a field is declared in exactly one place.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "sim/config/SimConfig.h"

namespace npu::sim {

struct FieldDoc {
    const char* unit;   ///< "" for dimensionless / strings
    const char* desc;
};

class ConfigVisitor {
public:
    virtual ~ConfigVisitor() = default;
    virtual void integer(const char* key, uint64_t& v, uint64_t min, uint64_t max, FieldDoc doc) = 0;
    virtual void real(const char* key, double& v, double min, double max, FieldDoc doc) = 0;
    virtual void text(const char* key, std::string& v, FieldDoc doc) = 0;
    virtual void flag(const char* key, bool& v, FieldDoc doc) = 0;
    /// A list of numbers, each in [min, max].
    virtual void realList(const char* key, std::vector<double>& v, double min, double max, FieldDoc doc) = 0;
    /// A list of strings.
    virtual void textList(const char* key, std::vector<std::string>& v, FieldDoc doc) = 0;
    virtual void choice(const char* key, std::string& v, const std::vector<std::string>& choices,
                        FieldDoc doc) = 0;
    virtual void section(const char* key, const char* desc, const std::function<void(ConfigVisitor&)>& body) = 0;
    /// A list of sections: `size` is the current length, `resize(n)` sets it, `body(v, i)` visits entry i.
    virtual void sectionList(const char* key, const char* desc, size_t size, const std::function<void(size_t)>& resize,
                             const std::function<void(ConfigVisitor&, size_t)>& body) = 0;

    // Typed conveniences built on the primitives above.
    void integer32(const char* key, uint32_t& v, uint32_t min, uint32_t max, FieldDoc doc) {
        uint64_t x = v;
        integer(key, x, min, max, doc);
        v = static_cast<uint32_t>(x);
    }
    template <class E>
    void enumeration(const char* key, E& v, const std::vector<std::pair<std::string, E>>& names, FieldDoc doc) {
        std::string s;
        std::vector<std::string> choices;
        for (const auto& [n, e] : names) {
            choices.push_back(n);
            if (e == v) s = n;
        }
        choice(key, s, choices, doc);
        for (const auto& [n, e] : names)
            if (n == s) v = e;
    }
};

/// Walks every field of `cfg` (top-level keys first, then sections in order).
void visitConfig(ConfigVisitor& v, SimConfig& cfg);

}  // namespace npu::sim
