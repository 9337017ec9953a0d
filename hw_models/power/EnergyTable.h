// SPDX-License-Identifier: Apache-2.0
// Models: a technology energy table, the data half of "energy = action counts x energy per action":
// dynamic energy per action in pJ at the table's nominal voltage (arithmetic per data type, a register
// write per bit, SRAM accesses at reference bank sizes, DMA bytes) and static power per component in W.
// Ignores: YAML (sim/config binds the keys named next to each field; docs/energy.md), how actions are
// counted (ActionEnergy.h turns a table into per-action energies).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "workloads/Layer.h"

namespace npu::hw::power {

/// One data type's arithmetic. YAML: `ops.<dtype>: {add_pj, mult_pj, exp_like_pj}`.
struct OpEnergy {
    double addPj = 0.0;      ///< `add_pj`: one add at the operand width
    double multPj = 0.0;     ///< `mult_pj`: one multiply at the operand width
    double expLikePj = 0.0;  ///< `exp_like_pj`: one exp / reciprocal / tanh / rsqrt evaluation
    /// One multiply-accumulate = one multiply + one add at the operand width.
    double macPj() const { return multPj + addPj; }
};

/// YAML section `ops:`, one entry per workloads::DType, keys = dtypeName() (`fp32`, ..., `int4`).
struct OpEnergyTable {
    OpEnergy fp32{0.0841700, 0.346032, 2.15101};
    OpEnergy fp16{0.0374089, 0.102874, 0.701417};
    OpEnergy bf16{0.0272065, 0.0544129, 0.408097};
    OpEnergy int8{0.00280567, 0.0187044, 0.107551};
    OpEnergy int4{0.00140283, 0.00467611, 0.0303947};

    const OpEnergy& of(workloads::DType t) const;
    OpEnergy& of(workloads::DType t);
};

/// One measured SRAM point. YAML: `{bank_bytes, read_pj, write_pj}`.
struct SramEnergyPoint {
    uint64_t bankBytes = 0;  ///< `bank_bytes`: capacity of one bank (one independently accessed array)
    double readPj = 0.0;     ///< `read_pj`: one read of `access_bytes` at this bank size
    double writePj = 0.0;    ///< `write_pj`: one write of `access_bytes` at this bank size
};

/// YAML section `sram:`. Energy at other sizes is log-linear in bank size between the points and
/// linear in access width (ActionEnergy.h, docs/energy.md section 3).
struct SramEnergyTable {
    uint32_t accessBytes = 8;  ///< `access_bytes`: width of the access the points are given for
    /// `points`: strictly increasing bank_bytes, energies non-decreasing with size.
    std::vector<SramEnergyPoint> points{{8192, 0.935222, 0.935222},
                                        {32768, 1.87044, 1.87044},
                                        {1048576, 9.35222, 9.35222}};
};

/// YAML section `leakage:`: static power in W at the table's nominal voltage.
struct StaticPowerTable {
    double arrayPerPeWatts = 1.47539e-06;     ///< `array_per_pe_watts`: one processing element
    double sramPerKibWatts = 2.26761e-06;     ///< `sram_per_kib_watts`: one KiB of SRAM (cells + periphery)
    double vectorPerLaneWatts = 8.28486e-06;  ///< `vector_per_lane_watts`: one vector-unit lane
    double dmaWatts = 9.9208e-06;             ///< `dma_watts`: one DMA engine
};

/// YAML section `reference:`: published figures kept for traceability and cross-checks. The model
/// does not charge them (DRAM energy comes from the preset's IDD currents, DramEnergy.h).
struct ReferenceFigures {
    double int16AddPj = 0.00467611;   ///< `int16_add_pj`
    double int32AddPj = 0.00935222;   ///< `int32_add_pj`
    double int32MultPj = 0.289919;    ///< `int32_mult_pj`
    double dramMinPjPer64Bit = 1300;  ///< `dram_min_pj_per_64bit`: one 64-bit DRAM access, low end
    double dramMaxPjPer64Bit = 2600;  ///< `dram_max_pj_per_64bit`: one 64-bit DRAM access, high end
};

/// A whole table (one file in configs/energy/). Defaults are the `mobile7nm` preset.
struct EnergyTable {
    std::string name = "mobile7nm";          ///< `name`
    double nominalVoltageV = 0.8;            ///< `nominal_voltage_v`: supply every figure is given at
    OpEnergyTable ops;                       ///< `ops`
    double registerPjPerBit = 0.00084170;    ///< `register_pj_per_bit`: one pipeline-register write of one bit
    SramEnergyTable sram;                    ///< `sram`
    double dmaPjPerByte = 0.452998;          ///< `dma_pj_per_byte`: one byte over the on-chip interconnect
    StaticPowerTable leakage;                ///< `leakage`
    ReferenceFigures reference;              ///< `reference`

    /// Checks every field (finite, >= 0, voltage > 0, SRAM points ordered); throws
    /// npu::InputError("<path>.<key>: ...") with YAML key names.
    void validate(const std::string& path = "energy") const;
};

}  // namespace npu::hw::power
