// SPDX-License-Identifier: Apache-2.0
// Models: Stillmaker & Baas (2017) Table 5 energy and power polynomials for four nodes, and the scaling
// of a whole table by two factors. Ignores: the delay polynomials (no timing is derived here).
#include "hw_models/power/TechScaling.h"

#include "hw_models/power/VoltageScaling.h"

namespace npu::hw::power {
namespace {

struct Quadratic {
    double a2, a1, a0;
    double at(double v) const { return a2 * v * v + a1 * v + a0; }
};

struct Row {
    Quadratic energy;
    Quadratic power;
};

// Stillmaker & Baas 2017, Table 5 (energy a2, a1, a0; power a2, a1, a0).
Row row(StillmakerNode n) {
    switch (n) {
        case StillmakerNode::Bulk65: return {{3.755, -4.398, 1.975}, {12890, -10510, 4362}};
        case StillmakerNode::Hp45: return {{1.018, -0.3107, 0.1539}, {5462, -1760, 522.4}};
        case StillmakerNode::Hp32: return {{0.8367, -0.4341, 0.1701}, {4001, -1733, 533.6}};
        case StillmakerNode::Hp7: return {{0.1776, -0.09097, 0.02447}, {1179, -515.7, 123.4}};
    }
    return {{0, 0, 0}, {0, 0, 0}};
}

void checkVdd(double vddV) { detail::checkVoltages(vddV, 1.0); }

}  // namespace

double stillmakerEnergyFactor(StillmakerNode node, double vddV) {
    checkVdd(vddV);
    return row(node).energy.at(vddV);
}

double stillmakerPowerFactor(StillmakerNode node, double vddV) {
    checkVdd(vddV);
    return row(node).power.at(vddV);
}

TechScaling horowitz45ToMobile7nm() {
    constexpr double kFromV = 0.9;  // Horowitz ISSCC 2014, Fig. 1.1.9: "45nm 0.9V"
    constexpr double kToV = 0.8;    // our 7 nm supply (docs/energy.md section 6: the paper's nominal may be 0.7 V)
    TechScaling s;
    s.name = "mobile7nm";
    s.nominalVoltageV = kToV;
    s.dynamicFactor =
        stillmakerEnergyFactor(StillmakerNode::Hp7, kToV) / stillmakerEnergyFactor(StillmakerNode::Hp45, kFromV);
    s.staticFactor =
        stillmakerPowerFactor(StillmakerNode::Hp7, kToV) / stillmakerPowerFactor(StillmakerNode::Hp45, kFromV);
    return s;
}

EnergyTable scaleTechnology(const EnergyTable& from, const TechScaling& s) {
    EnergyTable t = from;
    t.name = s.name;
    t.nominalVoltageV = s.nominalVoltageV;
    const double d = s.dynamicFactor;
    for (OpEnergy* o : {&t.ops.fp32, &t.ops.fp16, &t.ops.bf16, &t.ops.int8, &t.ops.int4}) {
        o->addPj *= d;
        o->multPj *= d;
        o->expLikePj *= d;
    }
    t.registerPjPerBit *= d;
    for (SramEnergyPoint& p : t.sram.points) {
        p.readPj *= d;
        p.writePj *= d;
    }
    t.dmaPjPerByte *= d;
    t.reference.int16AddPj *= d;
    t.reference.int32AddPj *= d;
    t.reference.int32MultPj *= d;
    const double st = s.staticFactor;
    t.leakage.arrayPerPeWatts *= st;
    t.leakage.sramPerKibWatts *= st;
    t.leakage.vectorPerLaneWatts *= st;
    t.leakage.dmaWatts *= st;
    return t;
}

}  // namespace npu::hw::power
