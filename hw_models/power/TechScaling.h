// SPDX-License-Identifier: Apache-2.0
// Models: technology-node scaling of an energy table with the fitted equations of A. Stillmaker and
// B. Baas, "Scaling equations for the accurate prediction of CMOS device performance from 180 nm to 7 nm",
// Integration, the VLSI Journal 58 (2017) 74-81, Table 5: factor(V) = a2 V^2 + a1 V + a0 per node, for
// energy and for power; value(to) = value(from) x factor(to, Vto) / factor(from, Vfrom).
// Ignores: that wires and SRAM bitlines scale less than the logic these fits describe (docs/energy.md).
#pragma once

#include <string>

#include "hw_models/power/EnergyTable.h"

namespace npu::hw::power {

/// The Table 5 rows npusim carries (65 nm bulk, high-performance 45/32/7 nm). The 65 nm and 32 nm rows
/// reproduce the authors' corrected worked example; 45 and 7 nm derive the mobile7nm table.
enum class StillmakerNode { Bulk65, Hp45, Hp32, Hp7 };

/// Energy fitting polynomial of `node` at `vddV` (dimensionless; only ratios are meaningful).
double stillmakerEnergyFactor(StillmakerNode node, double vddV);
/// Power fitting polynomial of `node` at `vddV` (dimensionless; only ratios are meaningful).
double stillmakerPowerFactor(StillmakerNode node, double vddV);

/// One node-to-node derivation: the factors applied and the new table's name and nominal voltage.
struct TechScaling {
    std::string name;              ///< the derived table's name
    double nominalVoltageV = 0.0;  ///< the derived table's nominal voltage (the target supply)
    double dynamicFactor = 1.0;    ///< on every on-chip dynamic energy (ops, register, SRAM, DMA, int refs)
    double staticFactor = 1.0;     ///< on every leakage power
};

/// horowitz45 (45 nm, 0.9 V) -> mobile7nm (7 nm high-performance, 0.8 V):
/// dynamic = EF(Hp7, 0.8) / EF(Hp45, 0.9) = 0.065358 / 0.69885 = 0.0935222,
/// static  = PF(Hp7, 0.8) / PF(Hp45, 0.9) = 465.4 / 3362.62 = 0.138404.
TechScaling horowitz45ToMobile7nm();

/// `from` with every on-chip dynamic entry x s.dynamicFactor and every leakage entry x s.staticFactor.
/// SRAM bank sizes and access width are kept; the DRAM reference figures are kept (off-chip DRAM does
/// not follow the logic node).
EnergyTable scaleTechnology(const EnergyTable& from, const TechScaling& s);

}  // namespace npu::hw::power
