// SPDX-License-Identifier: Apache-2.0
// Models: one layer of a network as the simulator sees it: a convolution, a matrix product or an
// element-wise/normalisation op for the vector unit, with its real structure kept (not flattened to MACs).
// Ignores: operator fusion (each layer is one op); numeric values of tensors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace npu::workloads {

/// Element data types. Bits per element are `dtypeBits()`; int4 packs two elements per byte.
enum class DType { Fp32, Fp16, Bf16, Int8, Int4 };

const char* dtypeName(DType t);
std::optional<DType> parseDType(const std::string& s);
uint32_t dtypeBits(DType t);
/// Bytes occupied by `elements` values of type `t` (rounded up to whole bytes).
uint64_t dtypeBytes(DType t, uint64_t elements);

/// 2-D convolution, NHWC, with square or rectangular kernel, stride and zero padding.
struct Conv2d {
    uint64_t batch = 1;
    uint64_t h = 0, w = 0;            ///< input height/width (pixels, before padding)
    uint64_t cIn = 0, cOut = 0;       ///< channels
    uint64_t kernelH = 1, kernelW = 1;
    uint64_t strideH = 1, strideW = 1;
    uint64_t padH = 0, padW = 0;      ///< zero padding on each side
    uint64_t groups = 1;              ///< cIn and cOut are divisible by groups (depthwise: groups == cIn)
    bool bias = false;

    uint64_t outH() const { return (h + 2 * padH - kernelH) / strideH + 1; }
    uint64_t outW() const { return (w + 2 * padW - kernelW) / strideW + 1; }
};

/// Which operands of a matmul are weights (parameters) and which are activations.
enum class MatmulOperand { Weight, Activation };

/// Batched matrix product: batch x [m x k] * [k x n]. Operand A is always an activation; operand B is
/// a weight matrix for linear layers (shared across the batch) or an activation for attention's
/// QK^T and P*V products (one per batch entry).
struct Matmul {
    uint64_t batch = 1;
    uint64_t m = 0, n = 0, k = 0;
    MatmulOperand b = MatmulOperand::Weight;
    bool bias = false;                ///< only meaningful when b is a weight
};

/// Non-GEMM operations executed by the vector unit.
enum class VectorKind { Add, Mul, Silu, Gelu, Softmax, GroupNorm, LayerNorm, Concat, Upsample, Copy, Embedding };
inline constexpr int kVectorKinds = 11;

const char* vectorKindName(VectorKind k);
std::optional<VectorKind> parseVectorKind(const std::string& s);

struct VectorOp {
    VectorKind kind = VectorKind::Add;
    uint64_t elements = 0;   ///< output elements (for concat/upsample: elements written)
    uint64_t inputs = 1;     ///< same-shape input tensors read element-wise (add/mul: 2, others 1)
    uint64_t channels = 0;   ///< groupnorm/layernorm: normalised channels (affine params 2 x channels);
                             ///< embedding: vector width
    uint64_t vocab = 0;      ///< embedding: rows of the table (params = vocab x channels), else 0
    uint64_t groups = 0;     ///< groupnorm groups, else 0
    uint64_t factor = 1;     ///< upsample: scale factor per spatial dimension (input = elements/factor^2)
};

/// Default number of same-shape inputs of a vector op kind (add/mul: 2, others 1).
uint64_t defaultVectorInputs(VectorKind k);

using LayerOp = std::variant<Conv2d, Matmul, VectorOp>;

/// Per-layer annotations later models consume; absent means "use the run's setting".
struct LayerHints {
    std::optional<DType> dtype;
    std::optional<double> weightDensity;  ///< fraction of non-zero weights, (0, 1]
    std::optional<double> freqMhz;        ///< DFS per_layer policy: run this layer at this operating point
};

struct Layer {
    std::string name;
    LayerOp op;
    LayerHints hints;
    uint32_t sourceLine = 0;  ///< line in the trace file it came from (0 when generated)

    bool isConv() const { return std::holds_alternative<Conv2d>(op); }
    bool isMatmul() const { return std::holds_alternative<Matmul>(op); }
    bool isVector() const { return std::holds_alternative<VectorOp>(op); }
    const Conv2d& conv() const { return std::get<Conv2d>(op); }
    const Matmul& matmul() const { return std::get<Matmul>(op); }
    const VectorOp& vector() const { return std::get<VectorOp>(op); }
};

/// The layer has weights the array reads as operand B, which can be pruned and shared: a conv2d, or a
/// matmul with b=weight.
bool hasArrayWeights(const Layer& l);

/// Short op name as used in traces and reports: conv2d, matmul, or the vector kind.
std::string opName(const Layer& l);

/// A GEMM as executed on the array: `repeats` independent products of [m x k] * [k x n].
/// Convolutions lower by im2col: m = batch*outH*outW, k = kernelH*kernelW*cIn/groups,
/// n = cOut/groups, repeats = groups. A batched matmul has repeats = batch.
struct GemmShape {
    uint64_t repeats = 1;
    uint64_t m = 0, n = 0, k = 0;
    uint64_t macs() const { return repeats * m * n * k; }
};

/// Lowers a conv or matmul to its GEMM view. Precondition: the layer is not a vector op.
GemmShape lowerToGemm(const Layer& l);

/// Multiply-accumulates of a layer (0 for vector ops).
uint64_t layerMacs(const Layer& l);

/// Parameters the layer owns: conv/linear weights (+ bias), norm affine scale and shift (2 x channels),
/// embedding tables (vocab x channels).
uint64_t layerWeightParams(const Layer& l);

/// Element counts of the layer's tensors, for traffic and footprint (dtype-independent).
struct TensorElems {
    uint64_t input = 0;    ///< activations read (for attention matmuls: operand A and B)
    uint64_t weight = 0;   ///< weight elements read: layerWeightParams, except embedding (only the looked-up rows)
    uint64_t output = 0;   ///< elements written
};
TensorElems layerTensorElems(const Layer& l);

}  // namespace npu::workloads
