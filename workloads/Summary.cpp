// SPDX-License-Identifier: Apache-2.0
#include "workloads/Summary.h"

#include <sstream>

namespace npu::workloads {
namespace {

/// 865925124 -> "865,925,124".
std::string grouped(uint64_t x) {
    std::string digits = std::to_string(x);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace

uint64_t ModelSummary::layers() const {
    uint64_t n = 0;
    for (const auto& [op, count] : layersByOp) n += count;
    return n;
}

ModelSummary summarize(const Workload& w) {
    ModelSummary s;
    for (const Layer& l : w.layers) {
        s.weightParams += layerWeightParams(l);
        ++s.layersByOp[opName(l)];
        if (l.isConv()) s.macsConv += layerMacs(l);
        else if (l.isMatmul() && l.matmul().b == MatmulOperand::Weight) s.macsLinear += layerMacs(l);
        else if (l.isMatmul()) s.macsAttention += layerMacs(l);
        else s.vectorElements += l.vector().elements;
    }
    return s;
}

std::string formatSummary(const ModelSummary& s) {
    std::ostringstream o;
    o << "parameters:      " << grouped(s.weightParams) << '\n';
    o << "MACs:            " << grouped(s.macs()) << " (conv " << grouped(s.macsConv) << ", linear "
      << grouped(s.macsLinear) << ", attention " << grouped(s.macsAttention) << ")\n";
    o << "vector elements: " << grouped(s.vectorElements) << '\n';
    o << "layers:          " << grouped(s.layers());
    const char* sep = " (";
    for (const auto& [op, count] : s.layersByOp) {
        o << sep << op << ' ' << count;
        sep = ", ";
    }
    if (!s.layersByOp.empty()) o << ')';
    o << '\n';
    return o.str();
}

}  // namespace npu::workloads
