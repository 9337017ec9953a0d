// SPDX-License-Identifier: Apache-2.0
// Models: named statistics with unit and description, owned by the module that counts them
// (after SST's statistics and gem5's stats): the SystemC hierarchy is the statistics tree.
// Ignores: histograms (a model that needs a distribution keeps its own and exports summary stats).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace npu::hw {

/// A monotonically increasing count of something (bytes, cycles, actions).
class Counter {
public:
    Counter(std::string name, std::string unit, std::string desc)
        : name_(std::move(name)), unit_(std::move(unit)), desc_(std::move(desc)) {}
    void add(uint64_t n = 1) { value_ += n; }
    uint64_t value() const { return value_; }
    const std::string& name() const { return name_; }
    const std::string& unit() const { return unit_; }
    const std::string& desc() const { return desc_; }

private:
    std::string name_, unit_, desc_;
    uint64_t value_ = 0;
};

/// The statistics of one module. Counters live as long as the group (stable addresses).
class StatGroup {
public:
    explicit StatGroup(std::string owner) : owner_(std::move(owner)) {}
    Counter& counter(const std::string& name, const std::string& unit, const std::string& desc) {
        return counters_.emplace_back(name, unit, desc);
    }
    const std::string& owner() const { return owner_; }
    const std::deque<Counter>& counters() const { return counters_; }

private:
    std::string owner_;
    std::deque<Counter> counters_;
};

/// Implemented by every module that has statistics; the report walks the module tree for it.
class StatProviderIf {
public:
    virtual ~StatProviderIf() = default;
    virtual const StatGroup& stats() const = 0;
};

}  // namespace npu::hw
