// SPDX-License-Identifier: Apache-2.0
// Models: the plain configuration of the DRAM timing engine, one struct per YAML section
// (organization, timing, controller, power); defaults are the LPDDR5X-8533 preset (configs/dram/).
// Ignores: YAML itself (sim/config binds the keys listed next to each field, see docs/dram.md).
#pragma once

#include <cstdint>
#include <string>

namespace npu::hw::dram {

/// YAML section `organization:` (snake_case keys). Counts are per channel / rank / bank as named.
struct DramOrganization {
    uint32_t channels = 4;          ///< `channels`: independent channels (own command and data bus)
    uint32_t ranks = 2;             ///< `ranks`: ranks per channel (share the channel's buses)
    uint32_t bankGroups = 4;        ///< `bank_groups`: bank groups per rank (1 = no bank groups)
    uint32_t banksPerGroup = 4;     ///< `banks_per_group`: banks per bank group
    uint32_t rows = 65536;          ///< `rows`: rows per bank
    uint32_t columns = 1024;        ///< `columns`: column addresses per row, each device_width_bits wide
    uint32_t deviceWidthBits = 16;  ///< `device_width_bits`: DQ width of one device
    uint32_t devicesPerRank = 1;    ///< `devices_per_rank`: devices side by side (channel width / device width)
    uint32_t burstLength = 16;      ///< `burst_length`: beats per burst (one request is one burst)
    /// `banks_per_refpb`: banks one per-bank refresh (REFpb) refreshes together: 1, or 2 for LPDDR5/5X in
    /// bank-group and 16-bank mode (the pair b, b + banks per rank / 2; JESD209-5 tREFIpb = tREFI / 8).
    uint32_t banksPerRefpb = 2;

    /// The banks of one REFpb are k = banks_per_refpb banks `refpbStride()` apart in the rank.
    uint32_t refpbStride() const { return banksPerRank() / banksPerRefpb; }

    uint32_t channelWidthBits() const { return deviceWidthBits * devicesPerRank; }
    /// Bytes moved by one burst (one request): burst_length x channel width.
    uint32_t burstBytes() const { return channelWidthBits() * burstLength / 8; }
    uint32_t banksPerRank() const { return bankGroups * banksPerGroup; }
    uint32_t banksPerChannel() const { return ranks * banksPerRank(); }
    /// Bytes of one row across the rank (the row buffer the controller sees).
    uint64_t rowBytes() const { return uint64_t(columns) * channelWidthBits() / 8; }
    uint32_t burstsPerRow() const { return columns / burstLength; }
    uint64_t channelBytes() const { return uint64_t(banksPerChannel()) * rows * rowBytes(); }
    uint64_t capacityBytes() const { return channelBytes() * channels; }

    /// Throws npu::InputError("<path>.<key>: ...").
    void validate(const std::string& path) const;
};

/// YAML section `timing:`. Keys are the JEDEC names exactly as the members. Unit: DRAM clock cycles
/// (tCK) unless the name says otherwise. For LPDDR5/5X the clock is CK (WCK:CK = 4:1), not WCK.
struct DramTiming {
    uint32_t tCK_ps = 938;   ///< clock period in picoseconds (LPDDR5X-8533: CK 1066.7 MHz)
    uint32_t tRCD = 20;      ///< ACT to RD/WR, same bank
    uint32_t tRPpb = 20;     ///< PRE (one bank) to ACT/REF, same bank
    uint32_t tRPab = 23;     ///< PREA (all banks) to ACT/REF, same rank
    uint32_t tRAS = 45;      ///< ACT to PRE, same bank
    uint32_t tRC = 65;       ///< ACT to ACT (and to REF), same bank
    uint32_t RL = 23;        ///< read latency (= CL + AL): RD to first data beat
    uint32_t WL = 12;        ///< write latency (= CWL + AL): WR to first data beat
    uint32_t tCCD_S = 2;     ///< RD to RD / WR to WR, same rank, different bank group
    uint32_t tCCD_L = 4;     ///< RD to RD / WR to WR, same bank group
    uint32_t tRRD_S = 6;     ///< ACT to ACT, same rank, different bank group
    uint32_t tRRD_L = 6;     ///< ACT to ACT, same bank group (different bank)
    uint32_t tFAW = 22;      ///< at most four ACT per rank in any tFAW window
    uint32_t tWR = 37;       ///< write recovery: end of write data to PRE, same bank
    uint32_t tWTR_S = 7;     ///< end of write data to RD, same rank, different bank group
    uint32_t tWTR_L = 15;    ///< end of write data to RD, same bank group
    uint32_t tRTP = 8;       ///< RD to PRE, same bank
    uint32_t tRTW = 14;      ///< RD to WR command spacing, same rank (bus turnaround included)
    uint32_t tBURST = 2;     ///< data bus occupancy of one burst (burst_length / beats per tCK)
    uint32_t tREFI = 4164;   ///< all-bank refresh interval (REF every tREFI per rank)
    uint32_t tRFCab = 299;   ///< all-bank refresh cycle time (REF to ACT/REF)
    uint32_t tRFCpb = 150;   ///< per-bank refresh cycle time (REFpb to ACT, same bank); 0 = not supported
    uint32_t tREFIpb = 520;  ///< per-bank refresh interval (REFpb every tREFIpb per rank); 0 = not supported
    uint32_t tPPD = 2;       ///< PRE to PRE or PREA, same rank (LPDDR4/5); 0 = no constraint
    uint32_t tRTRS = 2;      ///< rank switch on the data bus: a burst of another rank starts at least this long
                             ///< after the previous burst's end (gem5's tCS); 0 = no bubble
    // Command-bus cycles of one command (not JEDEC names): the next command of the channel, any kind,
    // issues at least this many cycles after it. Timing constraints count from a command's first cycle.
    uint32_t tCMD_ACT = 1;   ///< ACT (LPDDR4: 4; LPDDR5/5X: 1, ACT-2 taken to fit a free slot, 2 = saturated bus)
    uint32_t tCMD_CAS = 1;   ///< RD / WR (LPDDR4: RD-1/WR-1 + CAS-2 = 4)
    uint32_t tCMD_PRE = 1;   ///< PRE / PREA (LPDDR4: 2)
    uint32_t tCMD_REF = 1;   ///< REF / REFpb (LPDDR4: 2)

    void validate(const std::string& path) const;
};

/// YAML section `controller:` (snake_case keys). Policies are chosen by name.
struct DramControllerConfig {
    std::string pagePolicy = "open";        ///< `page_policy`: open | closed
    std::string scheduler = "frfcfs";       ///< `scheduler`: frfcfs | fcfs
    uint32_t readQueueSize = 32;            ///< `read_queue_size`: entries per channel
    uint32_t writeQueueSize = 32;           ///< `write_queue_size`: entries per channel
    uint32_t writeHighWatermark = 24;       ///< `write_high_watermark`: entries; start draining writes
    uint32_t writeLowWatermark = 8;         ///< `write_low_watermark`: entries; stop draining (if reads wait)
    std::string refresh = "per_bank";       ///< `refresh`: all_bank | per_bank | none
    std::string mapping = "RoRaBaCoBgCh";   ///< `mapping`: field order MSB..LSB, or `row_locality`
    bool xorBankHash = false;               ///< `xor_bank_hash`: bank ^= low row bits

    void validate(const std::string& path) const;
};

/// YAML section `power:`: datasheet currents of ONE device and its supply (for the energy model;
/// the timing engine does not use them). Keys are the member names. All zero = not given (the LPDDR5/5X
/// presets: no public IDD table was found).
struct DramPower {
    double IDD0_mA = 0.0;    ///< one-bank ACT-PRE current
    double IDD2N_mA = 0.0;   ///< precharge standby current
    double IDD3N_mA = 0.0;   ///< active standby current
    double IDD4R_mA = 0.0;   ///< burst read current
    double IDD4W_mA = 0.0;   ///< burst write current
    double IDD5B_mA = 0.0;   ///< burst (all-bank) refresh current
    double VDD_V = 0.0;      ///< supply the currents are drawn from (LPDDR: VDD2H)

    bool given() const { return VDD_V > 0.0; }

    void validate(const std::string& path) const;
};

/// The whole `dram:` section.
struct DramConfig {
    DramOrganization organization;
    DramTiming timing;
    DramControllerConfig controller;
    DramPower power;

    /// Checks every field and their relations; throws npu::InputError("dram.<section>.<key>: ...").
    void validate() const;

    /// Peak data rate of all channels in bytes per DRAM clock cycle (channels x burst / tBURST).
    double peakBytesPerCycle() const {
        return double(organization.channels) * organization.burstBytes() / timing.tBURST;
    }
    /// Peak bandwidth in GB/s (1e9 bytes per second).
    double peakBandwidthGBps() const { return peakBytesPerCycle() * 1000.0 / timing.tCK_ps; }
};

}  // namespace npu::hw::dram
