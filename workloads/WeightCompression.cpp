// SPDX-License-Identifier: Apache-2.0
#include "workloads/WeightCompression.h"

#include <cmath>

namespace npu::workloads {

WeightStorage weightStorage(const Layer& l, DType dtype, const WeightCompression& c) {
    WeightStorage s;
    const uint64_t params = layerTensorElems(l).weight;
    s.denseBytes = dtypeBytes(dtype, params);
    if (!hasArrayWeights(l)) {
        s.bitsPerWeight = dtypeBits(dtype);
        s.effectiveBytes = s.denseBytes;
        return s;
    }
    s.density = l.hints.weightDensity.value_or(c.weightDensity);
    const double base = c.sharingBits ? double(c.sharingBits) : double(dtypeBits(dtype));
    if (s.density < 1.0 && c.sparseFormat == "bitmap") s.bitsPerWeight = s.density * base + 1.0;
    else if (s.density < 1.0 && c.sparseFormat == "csr") s.bitsPerWeight = s.density * (base + c.csrIndexBits);
    else s.bitsPerWeight = base;
    if (s.bitsPerWeight == double(dtypeBits(dtype)) && !c.sharingBits) {  // stored dense
        s.effectiveBytes = s.denseBytes;
        return s;
    }
    const uint64_t codebook = c.sharingBits ? dtypeBytes(dtype, uint64_t(1) << c.sharingBits) : 0;
    // the bias is neither pruned nor shared: stored dense at the dtype
    const uint64_t bias = l.isConv() ? (l.conv().bias ? l.conv().cOut : 0) : (l.matmul().bias ? l.matmul().n : 0);
    s.effectiveBytes = static_cast<uint64_t>(std::ceil(double(params - bias) * s.bitsPerWeight / 8.0)) +
                       dtypeBytes(dtype, bias) + codebook;
    return s;
}

}  // namespace npu::workloads
