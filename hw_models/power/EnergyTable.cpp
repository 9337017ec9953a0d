// SPDX-License-Identifier: Apache-2.0
// Models: validation of an energy table (ranges, and the order of the SRAM points that interpolation
// relies on). Ignores: plausibility of the numbers themselves (any non-negative table is accepted).
#include "hw_models/power/EnergyTable.h"

#include <cmath>

#include "hw_models/common/Error.h"

namespace npu::hw::power {
namespace {

void nonNegative(const std::string& key, double v) {
    if (!std::isfinite(v) || v < 0.0) throw inputError(key, "must be a finite number >= 0");
}

const char* const kOpKeys[] = {"fp32", "fp16", "bf16", "int8", "int4"};
const workloads::DType kOpTypes[] = {workloads::DType::Fp32, workloads::DType::Fp16, workloads::DType::Bf16,
                                     workloads::DType::Int8, workloads::DType::Int4};

}  // namespace

const OpEnergy& OpEnergyTable::of(workloads::DType t) const {
    switch (t) {
        case workloads::DType::Fp32: return fp32;
        case workloads::DType::Fp16: return fp16;
        case workloads::DType::Bf16: return bf16;
        case workloads::DType::Int8: return int8;
        case workloads::DType::Int4: return int4;
    }
    return fp32;  // unreachable: every enumerator is handled above
}

OpEnergy& OpEnergyTable::of(workloads::DType t) {
    return const_cast<OpEnergy&>(static_cast<const OpEnergyTable&>(*this).of(t));
}

void EnergyTable::validate(const std::string& path) const {
    if (name.empty()) throw inputError(path + ".name", "must not be empty");
    if (!std::isfinite(nominalVoltageV) || nominalVoltageV <= 0.0)
        throw inputError(path + ".nominal_voltage_v", "must be a finite number > 0");
    for (size_t i = 0; i < 5; ++i) {
        const OpEnergy& o = ops.of(kOpTypes[i]);
        const std::string p = path + ".ops." + kOpKeys[i];
        nonNegative(p + ".add_pj", o.addPj);
        nonNegative(p + ".mult_pj", o.multPj);
        nonNegative(p + ".exp_like_pj", o.expLikePj);
    }
    nonNegative(path + ".register_pj_per_bit", registerPjPerBit);

    const std::string sp = path + ".sram";
    if (sram.accessBytes == 0) throw inputError(sp + ".access_bytes", "must be >= 1");
    if (sram.points.empty()) throw inputError(sp + ".points", "must list at least one point");
    for (size_t i = 0; i < sram.points.size(); ++i) {
        const SramEnergyPoint& pt = sram.points[i];
        const std::string pp = sp + ".points[" + std::to_string(i) + "]";
        if (pt.bankBytes == 0) throw inputError(pp + ".bank_bytes", "must be >= 1");
        nonNegative(pp + ".read_pj", pt.readPj);
        nonNegative(pp + ".write_pj", pt.writePj);
        if (i == 0) continue;
        const SramEnergyPoint& prev = sram.points[i - 1];
        if (pt.bankBytes <= prev.bankBytes)
            throw inputError(pp + ".bank_bytes", "must be larger than the previous point's (" +
                                                     std::to_string(prev.bankBytes) + ")");
        if (pt.readPj < prev.readPj) throw inputError(pp + ".read_pj", "must not be below the previous point's");
        if (pt.writePj < prev.writePj) throw inputError(pp + ".write_pj", "must not be below the previous point's");
    }
    nonNegative(path + ".dma_pj_per_byte", dmaPjPerByte);

    const std::string lp = path + ".leakage";
    nonNegative(lp + ".array_per_pe_watts", leakage.arrayPerPeWatts);
    nonNegative(lp + ".sram_per_kib_watts", leakage.sramPerKibWatts);
    nonNegative(lp + ".vector_per_lane_watts", leakage.vectorPerLaneWatts);
    nonNegative(lp + ".dma_watts", leakage.dmaWatts);

    const std::string rp = path + ".reference";
    nonNegative(rp + ".int16_add_pj", reference.int16AddPj);
    nonNegative(rp + ".int32_add_pj", reference.int32AddPj);
    nonNegative(rp + ".int32_mult_pj", reference.int32MultPj);
    nonNegative(rp + ".dram_min_pj_per_64bit", reference.dramMinPjPer64Bit);
    nonNegative(rp + ".dram_max_pj_per_64bit", reference.dramMaxPjPer64Bit);
    if (reference.dramMaxPjPer64Bit < reference.dramMinPjPer64Bit)
        throw inputError(rp + ".dram_max_pj_per_64bit", "must be >= dram_min_pj_per_64bit");
}

}  // namespace npu::hw::power
