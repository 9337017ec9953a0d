// SPDX-License-Identifier: Apache-2.0
// Models: the per-action arithmetic of ActionEnergy.h (table lookups, SRAM interpolation, vector
// recipes). Ignores: everything a table does not describe (see docs/energy.md section 8).
#include "hw_models/power/ActionEnergy.h"

#include <algorithm>
#include <cmath>

#include "hw_models/power/VoltageScaling.h"

namespace npu::hw::power {
namespace {

using workloads::DType;
using workloads::VectorKind;

/// Energy at bankBytes from the points (strictly increasing bank sizes; validated by EnergyTable).
/// A size equal to a point returns that point's figure exactly.
double interpolateSram(const SramEnergyTable& s, uint64_t bankBytes, double SramEnergyPoint::*field) {
    const auto& pts = s.points;
    if (pts.empty()) return 0.0;
    if (pts.size() == 1 || bankBytes <= pts.front().bankBytes) return pts.front().*field;
    for (const SramEnergyPoint& p : pts)
        if (p.bankBytes == bankBytes) return p.*field;
    // Segment [i, i + 1] holding bankBytes, or the last segment when bankBytes is above every point.
    size_t i = 0;
    while (i + 2 < pts.size() && pts[i + 1].bankBytes < bankBytes) ++i;
    const SramEnergyPoint& a = pts[i];
    const SramEnergyPoint& b = pts[i + 1];
    const double x = std::log2(double(bankBytes));
    const double x0 = std::log2(double(a.bankBytes));
    const double x1 = std::log2(double(b.bankBytes));
    return a.*field + (b.*field - a.*field) * (x - x0) / (x1 - x0);
}

double widthScale(const SramEnergyTable& s, uint64_t accessBytes) {
    return double(accessBytes) / double(s.accessBytes);
}

}  // namespace

double macPj(const EnergyTable& table, DType t) { return table.ops.of(t).macPj(); }

double arrayHopPj(const EnergyTable& table, DType t) { return workloads::dtypeBits(t) * table.registerPjPerBit; }

double sramReadPj(const EnergyTable& table, uint64_t bankBytes, uint64_t accessBytes) {
    return interpolateSram(table.sram, bankBytes, &SramEnergyPoint::readPj) * widthScale(table.sram, accessBytes);
}

double sramWritePj(const EnergyTable& table, uint64_t bankBytes, uint64_t accessBytes) {
    return interpolateSram(table.sram, bankBytes, &SramEnergyPoint::writePj) * widthScale(table.sram, accessBytes);
}

VectorRecipe vectorRecipe(VectorKind k, uint64_t inputs) {
    const uint64_t n = inputs == 0 ? workloads::defaultVectorInputs(k) : inputs;
    // Element-wise sum / product of n inputs: n - 1 operations; of a single tensor (inputs=1): with a
    // broadcast operand (a per-channel vector, e.g. the UNet's time embedding), one per element.
    const double ops = n <= 1 ? 1.0 : double(n - 1);
    switch (k) {
        case VectorKind::Add: return {ops, 0, 0, 1};
        case VectorKind::Mul: return {0, ops, 0, 1};
        // x * sigmoid(x) = x * (1 / (1 + exp(-x))): exp, 1 + e, reciprocal, multiply.
        case VectorKind::Silu: return {1, 1, 2, 1};
        // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))): x^2, x^3, *0.044715, *sqrt(2/pi), *x, *0.5;
        // + x, 1 + t; tanh.
        case VectorKind::Gelu: return {2, 6, 1, 1};
        // max pass (1 compare), x - max, exp, running sum, x * (1 / sum); the reciprocal is per row.
        case VectorKind::Softmax: return {3, 1, 1, 1};
        // sum, sum of squares (1 mult + 1 add), x - mean, * rstd, * gamma, + beta; rsqrt is per group.
        case VectorKind::GroupNorm:
        case VectorKind::LayerNorm: return {4, 3, 0, 1};
        // Pure data movement: only the result register (the SRAM traffic is charged by the SRAM).
        case VectorKind::Concat:
        case VectorKind::Upsample:
        case VectorKind::Copy:
        case VectorKind::Embedding: return {0, 0, 0, 1};
    }
    return {};
}

double vectorElementPj(const EnergyTable& table, VectorKind k, DType computeType, uint64_t inputs) {
    const VectorRecipe r = vectorRecipe(k, inputs);
    const OpEnergy& o = table.ops.of(computeType);
    return r.adds * o.addPj + r.mults * o.multPj + r.expLikes * o.expLikePj +
           r.registerWrites * workloads::dtypeBits(computeType) * table.registerPjPerBit;
}

double vectorOpPj(const EnergyTable& table, const workloads::VectorOp& op, DType computeType) {
    return double(op.elements) * vectorElementPj(table, op.kind, computeType, op.inputs);
}

double dmaPj(const EnergyTable& table, uint64_t bytes) { return double(bytes) * table.dmaPjPerByte; }

StaticPowerBreakdown staticPower(const EnergyTable& table, const HardwareInventory& inv, double voltageV) {
    const double s = staticPowerScale(voltageV, table.nominalVoltageV);
    const StaticPowerTable& l = table.leakage;
    StaticPowerBreakdown b;
    b.arrayWatts = double(inv.pes) * l.arrayPerPeWatts * s;
    b.sramWatts = inv.sramKib * l.sramPerKibWatts * s;
    b.vectorWatts = double(inv.vectorLanes) * l.vectorPerLaneWatts * s;
    b.dmaWatts = double(inv.dmaEngines) * l.dmaWatts * s;
    return b;
}

}  // namespace npu::hw::power
