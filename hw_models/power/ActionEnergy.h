// SPDX-License-Identifier: Apache-2.0
// Models: energy per counted action from an EnergyTable, in pJ at the table's nominal voltage (scale by
// dynamicEnergyScale() for another supply): array MAC and PE-to-PE hop per data type, SRAM read/write
// for any bank size and access width (log-linear in size, linear in width), vector-unit ops per element
// from fixed recipes of add/mult/exp-like operations, DMA bytes; static power of a hardware inventory.
// Ignores: data-dependent switching (every action costs its table value), clock tree, control logic.
#pragma once

#include <cstdint>

#include "hw_models/power/EnergyTable.h"
#include "workloads/Layer.h"

namespace npu::hw::power {

/// One MAC (multiply + add at the operand width) of type t.
double macPj(const EnergyTable& table, workloads::DType t);

/// One element of type t moved one PE-to-PE hop: dtypeBits(t) register-bit writes.
double arrayHopPj(const EnergyTable& table, workloads::DType t);

/// One read of accessBytes from a bank of bankBytes. Between the table's points: linear in log2(size);
/// below the smallest point: the smallest point's energy; above the largest: the last segment extended.
/// Then x accessBytes / table.sram.accessBytes.
double sramReadPj(const EnergyTable& table, uint64_t bankBytes, uint64_t accessBytes);
/// One write, as sramReadPj with the write points.
double sramWritePj(const EnergyTable& table, uint64_t bankBytes, uint64_t accessBytes);

/// Operations one output element of a vector op costs (docs/energy.md section 4 derives each row).
struct VectorRecipe {
    double adds = 0.0;            ///< adds, subtractions and comparisons
    double mults = 0.0;           ///< multiplies
    double expLikes = 0.0;        ///< exp, reciprocal, tanh, rsqrt evaluations
    double registerWrites = 0.0;  ///< element-wide pipeline-register writes (the result)
};

/// The recipe of one output element of kind k with `inputs` same-shape inputs (0: the kind's default,
/// workloads::defaultVectorInputs). Only add and mul depend on inputs (inputs - 1 operations).
VectorRecipe vectorRecipe(workloads::VectorKind k, uint64_t inputs = 0);

/// One output element of kind k computed at type computeType (the caller chooses it: e.g. fp16 for a
/// softmax over int8 activations when the vector unit dequantizes).
double vectorElementPj(const EnergyTable& table, workloads::VectorKind k, workloads::DType computeType,
                       uint64_t inputs = 0);
/// A whole vector op: op.elements x vectorElementPj(kind, computeType, op.inputs).
double vectorOpPj(const EnergyTable& table, const workloads::VectorOp& op, workloads::DType computeType);

/// bytes moved by DMA over the on-chip interconnect (SRAM and DRAM accesses are charged separately).
double dmaPj(const EnergyTable& table, uint64_t bytes);

/// What leaks: the instantiated hardware.
struct HardwareInventory {
    uint64_t pes = 0;          ///< array rows x cols
    double sramKib = 0.0;      ///< total SRAM capacity in KiB
    uint64_t vectorLanes = 0;  ///< vector-unit lanes
    uint64_t dmaEngines = 0;   ///< DMA engines
};

struct StaticPowerBreakdown {
    double arrayWatts = 0.0, sramWatts = 0.0, vectorWatts = 0.0, dmaWatts = 0.0;
    double totalWatts() const { return arrayWatts + sramWatts + vectorWatts + dmaWatts; }
};

/// Static power of inv at supply voltageV (table leakage x count x staticPowerScale(voltageV, nominal)).
StaticPowerBreakdown staticPower(const EnergyTable& table, const HardwareInventory& inv, double voltageV);

}  // namespace npu::hw::power
