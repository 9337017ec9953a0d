// SPDX-License-Identifier: Apache-2.0
#include "workloads/sd2/Sd2Inpainting.h"

#include <array>
#include <utility>
#include <vector>

#include "hw_models/common/Error.h"

namespace npu::workloads {
namespace {

// Shared by the UNet and the VAE (diffusers configs of stabilityai/stable-diffusion-2-inpainting).
constexpr uint64_t kNormGroups = 32;      // norm_num_groups
constexpr uint64_t kLatentChannels = 4;   // VAE latent_channels
constexpr uint64_t kLatentFactor = 8;     // pixels per latent pixel (3 VAE downsamplings)

// UNet2DConditionModel.
constexpr std::array<uint64_t, 4> kUnetChannels{320, 640, 1280, 1280};   // block_out_channels
constexpr std::array<uint64_t, 4> kUnetHeads{5, 10, 20, 20};             // "attention_head_dim" (heads)
constexpr std::array<bool, 4> kUnetCrossAttn{true, true, true, false};   // CrossAttnDownBlock2D x3, DownBlock2D
constexpr uint64_t kUnetInChannels = 9;          // 4 noisy latents + 1 mask + 4 masked-image latents
constexpr uint64_t kUnetDownResnets = 2;         // layers_per_block
constexpr uint64_t kUnetUpResnets = 3;           // layers_per_block + 1 (one per skip)
constexpr uint64_t kTimeProjDim = 320;           // sinusoidal timestep features
constexpr uint64_t kTimeEmbedDim = 1280;         // 4 x block_out_channels[0]
constexpr uint64_t kHeadDim = 64;
constexpr uint64_t kFeedForwardMult = 4;         // GEGLU inner width = 4 x dim

// AutoencoderKL.
constexpr std::array<uint64_t, 4> kVaeChannels{128, 256, 512, 512};
constexpr uint64_t kVaeDownResnets = 2;          // layers_per_block
constexpr uint64_t kVaeUpResnets = 3;            // layers_per_block + 1
constexpr uint64_t kImageChannels = 3;

// OpenCLIP ViT-H/14 text tower as diffusers' CLIPTextModel (SD2 keeps 23 of its 24 layers).
constexpr uint64_t kTextTokens = 77;             // max_position_embeddings
constexpr uint64_t kTextWidth = 1024;            // hidden_size = the UNet's cross_attention_dim
constexpr uint64_t kTextHeads = 16;
constexpr uint64_t kTextIntermediate = 4096;
constexpr uint64_t kTextLayers = 23;
constexpr uint64_t kTextVocab = 49408;

std::string join(const std::string& prefix, const std::string& leaf) { return prefix + "." + leaf; }

/// Projection module names of an attention block.
struct AttentionNames {
    const char* q;
    const char* k;
    const char* v;
    const char* out;
};
constexpr AttentionNames kDiffusersAttention{"to_q", "to_k", "to_v", "to_out.0"};
constexpr AttentionNames kClipAttention{"q_proj", "k_proj", "v_proj", "out_proj"};

/// Shape of one attention block: `queries` tokens of width `queryDim` attend over `keys` tokens of
/// width `keyDim`; `heads` heads of `headDim` (inner width heads x headDim).
struct AttentionShape {
    uint64_t heads = 1, headDim = 0;
    uint64_t queries = 0, keys = 0;
    uint64_t queryDim = 0, keyDim = 0;
    bool qkvBias = false;
    AttentionNames names = kDiffusersAttention;
};

/// Appends layers in execution order, named by their diffusers module paths. Feature maps are square,
/// `side` pixels per side, for the whole batch.
class Builder {
public:
    explicit Builder(uint64_t batch) : batch_(batch) {}

    std::vector<Layer> take() { return std::move(layers_); }
    /// Elements of the batch's side x side feature maps with `channels` channels.
    uint64_t map(uint64_t side, uint64_t channels) const { return batch_ * side * side * channels; }

    // ---- single layers ----------------------------------------------------------------------------

    /// nn.Conv2d with bias and square kernel; padding kernel/2 (3x3: 1, 1x1: 0).
    void conv(const std::string& name, uint64_t side, uint64_t cIn, uint64_t cOut, uint64_t kernel,
              uint64_t stride = 1) {
        Conv2d c;
        c.batch = batch_;
        c.h = c.w = side;
        c.cIn = cIn;
        c.cOut = cOut;
        c.kernelH = c.kernelW = kernel;
        c.strideH = c.strideW = stride;
        c.padH = c.padW = kernel / 2;
        c.bias = true;
        push(name, c);
    }

    /// nn.Linear over `rows` tokens of the whole batch: [rows x in] * [in x out].
    void linear(const std::string& name, uint64_t rows, uint64_t in, uint64_t out, bool bias) {
        Matmul m;
        m.m = rows;
        m.k = in;
        m.n = out;
        m.b = MatmulOperand::Weight;
        m.bias = bias;
        push(name, m);
    }

    /// Product of two activations, one [m x k] * [k x n] per batch entry and head.
    void activationMatmul(const std::string& name, uint64_t heads, uint64_t m, uint64_t k, uint64_t n) {
        Matmul mm;
        mm.batch = batch_ * heads;
        mm.m = m;
        mm.k = k;
        mm.n = n;
        mm.b = MatmulOperand::Activation;
        push(name, mm);
    }

    void vector(const std::string& name, VectorKind kind, uint64_t elements) {
        VectorOp v;
        v.kind = kind;
        v.elements = elements;
        v.inputs = defaultVectorInputs(kind);
        push(name, v);
    }

    /// Element-wise add of `inputs` same-shape tensors (1: a broadcast vector added to a map).
    void add(const std::string& name, uint64_t elements, uint64_t inputs = 2) {
        VectorOp v;
        v.kind = VectorKind::Add;
        v.elements = elements;
        v.inputs = inputs;
        push(name, v);
    }

    void groupnorm(const std::string& name, uint64_t side, uint64_t channels) {
        VectorOp v;
        v.kind = VectorKind::GroupNorm;
        v.elements = map(side, channels);
        v.channels = channels;
        v.groups = kNormGroups;
        push(name, v);
    }

    void layernorm(const std::string& name, uint64_t tokens, uint64_t channels) {
        VectorOp v;
        v.kind = VectorKind::LayerNorm;
        v.elements = tokens * channels;
        v.channels = channels;
        push(name, v);
    }

    void embedding(const std::string& name, uint64_t rows, uint64_t vocab, uint64_t channels) {
        VectorOp v;
        v.kind = VectorKind::Embedding;
        v.elements = rows * channels;
        v.channels = channels;
        v.vocab = vocab;
        push(name, v);
    }

    // ---- blocks -----------------------------------------------------------------------------------

    /// ResnetBlock2D; `timeEmbedding` adds the UNet's per-channel timestep projection after conv1.
    void resnet(const std::string& p, uint64_t side, uint64_t cIn, uint64_t cOut, bool timeEmbedding) {
        groupnorm(join(p, "norm1"), side, cIn);
        vector(join(p, "act1"), VectorKind::Silu, map(side, cIn));
        conv(join(p, "conv1"), side, cIn, cOut, 3);
        if (timeEmbedding) {
            vector(join(p, "time_emb_act"), VectorKind::Silu, batch_ * kTimeEmbedDim);
            linear(join(p, "time_emb_proj"), batch_, kTimeEmbedDim, cOut, true);
            add(join(p, "time_emb_add"), map(side, cOut), 1);  // [batch x cOut] broadcast over the map
        }
        groupnorm(join(p, "norm2"), side, cOut);
        vector(join(p, "act2"), VectorKind::Silu, map(side, cOut));
        conv(join(p, "conv2"), side, cOut, cOut, 3);
        if (cIn != cOut) conv(join(p, "conv_shortcut"), side, cIn, cOut, 1);
        add(join(p, "residual"), map(side, cOut));
    }

    /// q/k/v projections, QK^T, softmax (with the 1/sqrt(headDim) scale folded in), P*V, output
    /// projection. The residual add is left to the caller.
    void attention(const std::string& p, const AttentionShape& s) {
        const uint64_t inner = s.heads * s.headDim;
        linear(join(p, s.names.q), batch_ * s.queries, s.queryDim, inner, s.qkvBias);
        linear(join(p, s.names.k), batch_ * s.keys, s.keyDim, inner, s.qkvBias);
        linear(join(p, s.names.v), batch_ * s.keys, s.keyDim, inner, s.qkvBias);
        activationMatmul(join(p, "qk"), s.heads, s.queries, s.headDim, s.keys);
        vector(join(p, "softmax"), VectorKind::Softmax, batch_ * s.heads * s.queries * s.keys);
        activationMatmul(join(p, "pv"), s.heads, s.queries, s.keys, s.headDim);
        linear(join(p, s.names.out), batch_ * s.queries, inner, s.queryDim, true);
    }

    /// Transformer2DModel with use_linear_projection: GroupNorm, proj_in, one BasicTransformerBlock
    /// (self-attention, cross-attention over the text tokens, GEGLU feed-forward), proj_out, residual.
    void transformer2d(const std::string& p, uint64_t side, uint64_t channels, uint64_t heads) {
        const uint64_t seq = side * side;
        const uint64_t tokens = batch_ * seq;
        groupnorm(join(p, "norm"), side, channels);
        linear(join(p, "proj_in"), tokens, channels, channels, true);

        const std::string t = join(p, "transformer_blocks.0");
        AttentionShape self{heads, kHeadDim, seq, seq, channels, channels, false, kDiffusersAttention};
        layernorm(join(t, "norm1"), tokens, channels);
        attention(join(t, "attn1"), self);
        add(join(t, "attn1.residual"), tokens * channels);

        AttentionShape cross{heads, kHeadDim, seq, kTextTokens, channels, kTextWidth, false, kDiffusersAttention};
        layernorm(join(t, "norm2"), tokens, channels);
        attention(join(t, "attn2"), cross);
        add(join(t, "attn2.residual"), tokens * channels);

        layernorm(join(t, "norm3"), tokens, channels);
        geglu(join(t, "ff"), tokens, channels);
        add(join(t, "ff.residual"), tokens * channels);

        linear(join(p, "proj_out"), tokens, channels, channels, true);
        add(join(p, "residual"), tokens * channels);
    }

    /// FeedForward with GEGLU: proj to 2 x inner (value and gate halves), gelu(gate), value * gate,
    /// linear back to dim.
    void geglu(const std::string& p, uint64_t tokens, uint64_t dim) {
        const uint64_t inner = kFeedForwardMult * dim;
        linear(join(p, "net.0.proj"), tokens, dim, 2 * inner, true);
        vector(join(p, "net.0.gelu"), VectorKind::Gelu, tokens * inner);
        vector(join(p, "net.0.mul"), VectorKind::Mul, tokens * inner);
        linear(join(p, "net.2"), tokens, inner, dim, true);
    }

    /// The VAE mid-block Attention: GroupNorm, single-head attention over all pixels, residual.
    void vaeAttention(const std::string& p, uint64_t side, uint64_t channels) {
        const uint64_t seq = side * side;
        groupnorm(join(p, "group_norm"), side, channels);
        attention(p, AttentionShape{1, channels, seq, seq, channels, channels, true, kDiffusersAttention});
        add(join(p, "residual"), map(side, channels));
    }

    /// UNetMidBlock2D of the VAE: resnet, attention, resnet.
    void vaeMidBlock(const std::string& p, uint64_t side, uint64_t channels) {
        resnet(join(p, "resnets.0"), side, channels, channels, false);
        vaeAttention(join(p, "attentions.0"), side, channels);
        resnet(join(p, "resnets.1"), side, channels, channels, false);
    }

    /// Upsample2D: nearest 2x, then a 3x3 conv at the new size. Returns the new side.
    uint64_t upsample(const std::string& p, uint64_t side, uint64_t channels) {
        const uint64_t up = 2 * side;
        VectorOp v;
        v.kind = VectorKind::Upsample;
        v.elements = map(up, channels);
        v.factor = 2;
        push(join(p, "interpolate"), v);
        conv(join(p, "conv"), up, channels, channels, 3);
        return up;
    }

    /// Downsample2D: 3x3 conv, stride 2. Returns the new side.
    uint64_t downsample(const std::string& p, uint64_t side, uint64_t channels) {
        conv(join(p, "conv"), side, channels, channels, 3, 2);
        return side / 2;
    }

    /// GroupNorm, SiLU, 3x3 conv: the output head of the UNet, the VAE encoder and decoder.
    void outputHead(const std::string& prefix, uint64_t side, uint64_t cIn, uint64_t cOut) {
        const std::string dot = prefix.empty() ? "" : prefix + ".";
        groupnorm(dot + "conv_norm_out", side, cIn);
        vector(dot + "conv_act", VectorKind::Silu, map(side, cIn));
        conv(dot + "conv_out", side, cIn, cOut, 3);
    }

    /// CLIPEncoderLayer (pre-norm): layer_norm1, self-attention, residual, layer_norm2, MLP, residual.
    void clipLayer(const std::string& p) {
        const uint64_t tokens = batch_ * kTextTokens;
        layernorm(join(p, "layer_norm1"), tokens, kTextWidth);
        attention(join(p, "self_attn"), AttentionShape{kTextHeads, kTextWidth / kTextHeads, kTextTokens,
                                                       kTextTokens, kTextWidth, kTextWidth, true,
                                                       kClipAttention});
        add(join(p, "self_attn.residual"), tokens * kTextWidth);
        layernorm(join(p, "layer_norm2"), tokens, kTextWidth);
        linear(join(p, "mlp.fc1"), tokens, kTextWidth, kTextIntermediate, true);
        vector(join(p, "mlp.activation_fn"), VectorKind::Gelu, tokens * kTextIntermediate);
        linear(join(p, "mlp.fc2"), tokens, kTextIntermediate, kTextWidth, true);
        add(join(p, "mlp.residual"), tokens * kTextWidth);
    }

private:
    void push(const std::string& name, LayerOp op) {
        Layer l;
        l.name = name;
        l.op = std::move(op);
        layers_.push_back(std::move(l));
    }

    uint64_t batch_;
    std::vector<Layer> layers_;
};

std::string blockName(const char* kind, size_t i) { return std::string(kind) + "." + std::to_string(i); }

/// UNet2DConditionModel, one call (one denoising step) on a latent x latent latent.
std::vector<Layer> buildUnet(uint64_t latent, uint64_t batch) {
    Builder b(batch);
    b.linear("time_embedding.linear_1", batch, kTimeProjDim, kTimeEmbedDim, true);
    b.vector("time_embedding.act", VectorKind::Silu, batch * kTimeEmbedDim);
    b.linear("time_embedding.linear_2", batch, kTimeEmbedDim, kTimeEmbedDim, true);

    uint64_t side = latent;
    uint64_t channels = kUnetChannels[0];
    b.conv("conv_in", side, kUnetInChannels, channels, 3);
    std::vector<uint64_t> skips{channels};  // channels of each saved down-path output

    for (size_t i = 0; i < kUnetChannels.size(); ++i) {
        const std::string p = blockName("down_blocks", i);
        const uint64_t out = kUnetChannels[i];
        for (size_t j = 0; j < kUnetDownResnets; ++j) {
            b.resnet(join(p, blockName("resnets", j)), side, channels, out, true);
            channels = out;
            if (kUnetCrossAttn[i]) b.transformer2d(join(p, blockName("attentions", j)), side, out, kUnetHeads[i]);
            skips.push_back(out);
        }
        if (i + 1 < kUnetChannels.size()) {
            side = b.downsample(join(p, "downsamplers.0"), side, out);
            skips.push_back(out);
        }
    }

    b.resnet("mid_block.resnets.0", side, channels, channels, true);
    b.transformer2d("mid_block.attentions.0", side, channels, kUnetHeads.back());
    b.resnet("mid_block.resnets.1", side, channels, channels, true);

    for (size_t i = 0; i < kUnetChannels.size(); ++i) {
        const size_t mirror = kUnetChannels.size() - 1 - i;  // the down block this up block mirrors
        const std::string p = blockName("up_blocks", i);
        const uint64_t out = kUnetChannels[mirror];
        for (size_t j = 0; j < kUnetUpResnets; ++j) {
            const uint64_t in = channels + skips.back();
            skips.pop_back();
            b.vector(join(p, blockName("skip_concat", j)), VectorKind::Concat, b.map(side, in));
            b.resnet(join(p, blockName("resnets", j)), side, in, out, true);
            channels = out;
            if (kUnetCrossAttn[mirror])
                b.transformer2d(join(p, blockName("attentions", j)), side, out, kUnetHeads[mirror]);
        }
        if (i + 1 < kUnetChannels.size()) side = b.upsample(join(p, "upsamplers.0"), side, out);
    }

    b.outputHead("", side, channels, kLatentChannels);
    return b.take();
}

/// AutoencoderKL encoder + quant_conv: image -> latent mean and log-variance.
std::vector<Layer> buildVaeEncoder(uint64_t resolution, uint64_t batch) {
    Builder b(batch);
    uint64_t side = resolution;
    uint64_t channels = kVaeChannels[0];
    b.conv("encoder.conv_in", side, kImageChannels, channels, 3);
    for (size_t i = 0; i < kVaeChannels.size(); ++i) {
        const std::string p = blockName("encoder.down_blocks", i);
        const uint64_t out = kVaeChannels[i];
        for (size_t j = 0; j < kVaeDownResnets; ++j) {
            b.resnet(join(p, blockName("resnets", j)), side, channels, out, false);
            channels = out;
        }
        // diffusers pads (0,1,0,1) and convolves with padding 0; symmetric padding 1 gives the same
        // output size and MACs for even sides.
        if (i + 1 < kVaeChannels.size()) side = b.downsample(join(p, "downsamplers.0"), side, out);
    }
    b.vaeMidBlock("encoder.mid_block", side, channels);
    b.outputHead("encoder", side, channels, 2 * kLatentChannels);  // double_z: mean and logvar
    b.conv("quant_conv", side, 2 * kLatentChannels, 2 * kLatentChannels, 1);
    return b.take();
}

/// post_quant_conv + AutoencoderKL decoder: latent -> image.
std::vector<Layer> buildVaeDecoder(uint64_t latent, uint64_t batch) {
    Builder b(batch);
    uint64_t side = latent;
    b.conv("post_quant_conv", side, kLatentChannels, kLatentChannels, 1);
    uint64_t channels = kVaeChannels.back();
    b.conv("decoder.conv_in", side, kLatentChannels, channels, 3);
    b.vaeMidBlock("decoder.mid_block", side, channels);
    for (size_t i = 0; i < kVaeChannels.size(); ++i) {
        const std::string p = blockName("decoder.up_blocks", i);
        const uint64_t out = kVaeChannels[kVaeChannels.size() - 1 - i];
        for (size_t j = 0; j < kVaeUpResnets; ++j) {
            b.resnet(join(p, blockName("resnets", j)), side, channels, out, false);
            channels = out;
        }
        if (i + 1 < kVaeChannels.size()) side = b.upsample(join(p, "upsamplers.0"), side, out);
    }
    b.outputHead("decoder", side, channels, kImageChannels);
    return b.take();
}

/// CLIPTextModel (23 layers) on `batch` prompts of 77 tokens.
std::vector<Layer> buildTextEncoder(uint64_t batch) {
    Builder b(batch);
    const uint64_t tokens = batch * kTextTokens;
    b.embedding("text_model.embeddings.token_embedding", tokens, kTextVocab, kTextWidth);
    // Positions 0..76 are looked up once and broadcast over the batch by the add.
    b.embedding("text_model.embeddings.position_embedding", kTextTokens, kTextTokens, kTextWidth);
    b.add("text_model.embeddings.add", tokens * kTextWidth);
    for (size_t i = 0; i < kTextLayers; ++i) b.clipLayer(blockName("text_model.encoder.layers", i));
    b.layernorm("text_model.final_layer_norm", tokens, kTextWidth);
    return b.take();
}

struct ModelInfo {
    Sd2Model model;
    const char* name;
};
constexpr std::array<ModelInfo, 4> kModels{{{Sd2Model::Unet, "unet"},
                                            {Sd2Model::VaeEncoder, "vae_encoder"},
                                            {Sd2Model::VaeDecoder, "vae_decoder"},
                                            {Sd2Model::TextEncoder, "text_encoder"}}};

}  // namespace

std::optional<Sd2Model> parseSd2Model(const std::string& s) {
    for (const auto& m : kModels)
        if (s == m.name) return m.model;
    return std::nullopt;
}

const char* sd2ModelName(Sd2Model m) { return kModels[static_cast<size_t>(m)].name; }

Workload generateSd2(Sd2Model model, uint32_t resolution, uint32_t batch) {
    if (resolution == 0 || resolution % 64 != 0 || resolution > kSd2MaxResolution)
        throw inputError("sd2", "resolution must be a positive multiple of 64 up to " +
                                    std::to_string(kSd2MaxResolution) + ", got " + std::to_string(resolution));
    if (batch == 0 || batch > kSd2MaxBatch)
        throw inputError("sd2", "batch must be between 1 and " + std::to_string(kSd2MaxBatch) + ", got " +
                                    std::to_string(batch));
    Workload w;
    w.name = std::string("sd2_") + sd2ModelName(model) + "_" + std::to_string(resolution) + "_b" +
             std::to_string(batch);
    const uint64_t latent = resolution / kLatentFactor;
    switch (model) {
        case Sd2Model::Unet: w.layers = buildUnet(latent, batch); break;
        case Sd2Model::VaeEncoder: w.layers = buildVaeEncoder(resolution, batch); break;
        case Sd2Model::VaeDecoder: w.layers = buildVaeDecoder(latent, batch); break;
        case Sd2Model::TextEncoder: w.layers = buildTextEncoder(batch); break;
    }
    for (const Layer& l : w.layers)   // (the largest resolutions with large batches pass them)
        if (const std::string p = layerSizeProblem(l); !p.empty())
            throw inputError("sd2", std::string(sd2ModelName(model)) + " at resolution " + std::to_string(resolution) +
                                        ", batch " + std::to_string(batch) + ": layer '" + l.name + "': " + p);
    return w;
}

}  // namespace npu::workloads
