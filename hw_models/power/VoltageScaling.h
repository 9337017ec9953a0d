// SPDX-License-Identifier: Apache-2.0
// Models: first-order supply-voltage scaling of table figures given at a nominal voltage:
// dynamic energy per action ~ C V^2, so x (V/Vnom)^2; static power = V x I_leak with I_leak held at its
// nominal value, so x (V/Vnom). Ignores: leakage current's own voltage dependence (DIBL makes it grow
// faster than linear), temperature, near-threshold behaviour, frequency (energy per action only).
#pragma once

#include <cmath>
#include <string>

#include "hw_models/common/Error.h"

namespace npu::hw::power {

namespace detail {
inline void checkVoltages(double voltageV, double nominalV) {
    if (!std::isfinite(voltageV) || voltageV <= 0.0)
        throw inputError("voltage", "must be a finite number > 0 (is " + std::to_string(voltageV) + " V)");
    if (!std::isfinite(nominalV) || nominalV <= 0.0)
        throw inputError("nominal voltage", "must be a finite number > 0 (is " + std::to_string(nominalV) + " V)");
}
}  // namespace detail

/// Factor on a dynamic energy given at nominalV when the supply is voltageV: (V/Vnom)^2.
inline double dynamicEnergyScale(double voltageV, double nominalV) {
    detail::checkVoltages(voltageV, nominalV);
    const double r = voltageV / nominalV;
    return r * r;
}

/// Factor on a static (leakage) power given at nominalV when the supply is voltageV: V/Vnom.
inline double staticPowerScale(double voltageV, double nominalV) {
    detail::checkVoltages(voltageV, nominalV);
    return voltageV / nominalV;
}

}  // namespace npu::hw::power
