// SPDX-License-Identifier: Apache-2.0
// Models: a DRAM subsystem (all channels) as a pure C++ event-driven timing engine: requests go in with
// an arrival cycle, completions come out with the cycle their data transfer finished (DRAM tCK cycles).
// Each channel keeps its own queues, banks, scheduler and refresh (DramChannel). Requests enter one by
// one (trySend, with back-pressure) or as a batch (runBatch: the channels of a batch are independent and
// run on several threads, with the same results as on one; a channel that would repeat another's batch
// command for command takes its results instead of being simulated).
// Ignores: SystemC (the TLM wrapper lives elsewhere), data values, energy (power model).
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <vector>

#include "hw_models/common/WorkerPool.h"
#include "hw_models/dram/AddressMapper.h"
#include "hw_models/dram/DramChannel.h"
#include "hw_models/dram/DramCommandObserverIf.h"
#include "hw_models/dram/DramConfig.h"
#include "hw_models/dram/DramRequest.h"
#include "hw_models/dram/DramStats.h"

namespace npu::hw::dram {

class DramSystem {
public:
    /// Validates the configuration (throws npu::InputError) and keeps its own copy.
    explicit DramSystem(const DramConfig& cfg);
    DramSystem(const DramSystem&) = delete;
    DramSystem& operator=(const DramSystem&) = delete;

    const DramConfig& config() const { return cfg_; }
    const AddressMapper& mapper() const { return mapper_; }
    /// Bytes of one burst: burst_length x channel width (a request moves `bursts` of them).
    uint32_t burstBytes() const { return cfg_.organization.burstBytes(); }

    /// Queues a request (`bursts` consecutive columns of one bank row; one queue entry). Returns false,
    /// queuing nothing, when its channel's read or write queue is full (back-pressure: advance time and
    /// retry). The request's commands issue no earlier than max(arriveCycle, the last cycle passed to
    /// advanceTo). Throws std::invalid_argument if bursts is 0 or the columns run past the row's end.
    bool trySend(const Request& req) {
        const DramAddress a = mapper_.decode(req.addr);
        if (req.bursts == 0 || a.column + uint64_t(req.bursts) > burstsPerRow_)
            throw std::invalid_argument("dram: a request's bursts must be >= 1 and stay in one row");
        if (twinLinks_ != 0) untwinFor(a.channel);
        if (!channels_[a.channel].canAccept(req.write)) return false;
        queue(a.channel, req, a);
        return true;
    }
    /// trySend for reqs[0], reqs[1], ... in order, up to the first that is refused; returns how many were
    /// queued (all: n). The same as n trySend calls; faster when the requests are one request's parts in
    /// several channels (a line over channels interleaved per burst): see "Twins" below.
    uint32_t trySendGroup(const Request* reqs, uint32_t n);
    /// Would trySend accept a request to this address now?
    bool canAccept(uint64_t addr, bool write) const {
        return channels_[leaderOf(mapper_.decode(addr).channel)].canAccept(write);
    }
    /// Issues every command whose earliest legal cycle is <= cycle (refreshes included), in time order.
    void advanceTo(uint64_t cycle);
    /// After trySend returned false: advances until the request's channel can take it, i.e. to the cycle
    /// of the column command that completes a request of that direction there (every channel is advanced
    /// to that cycle). The same state as repeating advanceTo(nextEvent()) until canAccept, in one call.
    void advanceUntilCanAccept(uint64_t addr, bool write);
    /// Earliest cycle at which a command can issue (or a refresh falls due) on a channel with queued
    /// requests; UINT64_MAX when no request is queued (refreshes then happen lazily in advanceTo).
    uint64_t nextEvent() const;
    /// Repeats advanceTo(nextEvent()) until a request completes or none is queued, with the same state
    /// and completions, in one call: the channel with the earliest event runs alone (no other can act
    /// before the next one's event, and no request arrives before a completion).
    void advanceToCompletion();
    /// Runs until every queued request has completed (its column command issued).
    void drain();
    /// The largest cycle passed to advanceTo so far.
    uint64_t currentCycle() const { return now_; }
    uint64_t queuedRequests() const;

    /// Completions since the last call, in issue order per channel. finishCycle is known when the
    /// column command issues, so it may lie up to RL + tBURST beyond the cycle passed to advanceTo.
    template <class F>
    void forEachCompletion(F&& f) {
        for (const Completion& c : completions_) f(c);
        completions_.clear();
    }
    /// Direct access to the pending completions (the caller may clear it).
    LineVector<Completion>& completions() { return completions_; }
    /// On (default): a twin's completions are copies of its leader's, with the twin's channel (see "Twins"
    /// below). Off: none are added; the leader's completion counts them in Completion::channels, for a
    /// caller that only counts a request's parts (copying was 2 % of a random `npusim dram` replay).
    void setTwinCopies(bool on) { twinCopies_ = on; }

    // ---- Batches: transfers that all reach the controller at once (the NPU's DMA batches) ----
    // Each channel has its own front-end queue: it takes its requests of the batch in their order as its
    // read/write queue makes room, and a full channel does not hold back the others. The channels are then
    // independent from the batch's start to its end; those that must be simulated (a channel that would
    // repeat another's batch takes its results: see findLeaders) run in parallel (setThreads).

    /// One request of a batch (32 bytes: a batch's lists are written and read once per batch);
    /// `queuedCycle` is when it entered its channel's queue.
    struct BatchRequest {
        uint64_t addr = 0, id = 0;
        uint32_t bursts = 0;
        bool write = false;
        uint64_t queuedCycle = 0;
    };
    struct BatchResult {
        uint64_t requests = 0;     ///< row-run requests of the batch
        uint64_t finishCycle = 0;  ///< latest data-transfer end of its requests (arriveCycle if none)
    };
    /// Serves a batch: every transfer is split into row-run requests (AddressMapper::forEachRowRun) with
    /// ids firstId, firstId + 1, ... in the order of the transfers and of their row runs, all arriving at
    /// arriveCycle; commands issue until they (and any request queued before) have completed. With
    /// `keepCompletions` their completions are appended to completions(), channel by channel (else they
    /// are only counted into the result). With an observer the channels run one after the other on the
    /// calling thread.
    BatchResult runBatch(const Transfer* transfers, size_t count, uint64_t arriveCycle, uint64_t firstId,
                         bool keepCompletions = true);
    /// The commands a channel issued during the last runBatch call (the batch and the catch-up to its end).
    struct BatchActivity {
        uint64_t first = UINT64_MAX, last = 0;  ///< cycles of its first and last command (none: first UINT64_MAX)
        uint64_t act = 0, pre = 0, rd = 0, wr = 0, ref = 0;  ///< commands; pre: PRE + PREA, ref: REF + REFpb
        /// The command counts of a channel's statistics so far (no cycles).
        static BatchActivity countsOf(const DramChannelStats& st) {
            BatchActivity a;
            a.act = st.counts.activates;
            a.pre = st.counts.precharges + st.prechargeAlls;
            a.rd = st.counts.reads;
            a.wr = st.counts.writes;
            a.ref = st.refreshes + st.counts.refreshesPerBank;
            return a;
        }
        /// The counts since `before` (countsOf then and now).
        void subtractCounts(const BatchActivity& before) {
            act -= before.act;
            pre -= before.pre;
            rd -= before.rd;
            wr -= before.wr;
            ref -= before.ref;
        }
        /// Adds o's commands: its counts, and its cycles to [first, last] (o has commands).
        void merge(const BatchActivity& o) {
            first = std::min(first, o.first);
            last = std::max(last, o.last);
            act += o.act;
            pre += o.pre;
            rd += o.rd;
            wr += o.wr;
            ref += o.ref;
        }
    };
    /// Per channel, for the last runBatch call. Taken from the statistics and the channels' first and last
    /// command cycles, so it needs no observer (refreshes an idle channel counts without simulating them
    /// lie between its first and last command).
    const std::vector<BatchActivity>& batchActivity() const { return activityOfBatch_; }
    /// The batch's requests that went to `channel`, in order, with their queueing cycles.
    const LineVector<BatchRequest>& batchRequests(uint32_t channel) const { return batch_[channel].requests; }
    /// Threads for runBatch (0: one per hardware thread); capped at the channel count. Results do not
    /// depend on it.
    void setThreads(unsigned threads);
    unsigned threads() const { return pool_ ? pool_->threads() : 1; }

    /// Every issued command is passed to the observer (e.g. a ProtocolChecker); nullptr to stop.
    void setObserver(DramCommandObserverIf* observer);
    /// Incremental scheduling, closed-form trains, the replication of channels in batches and twin
    /// channels on (default) or off (a full scan per decision, every channel simulated). Results are
    /// identical either way; off exists for equivalence tests and debugging.
    void setFastPaths(bool on);
    /// Statistics per channel (a twin's include its leader's since it became a twin).
    const DramStats& stats() const;
    /// Channels that are now twins of another (trySendGroup), the groups sent to a leader alone, and how
    /// often a twin was given back a state of its own.
    uint32_t twins() const { return twinLinks_; }
    uint64_t twinGroups() const { return twinGroups_; }
    uint64_t untwinned() const { return untwinned_; }
    /// Twins moved to another leader without a state copy (all twins of one leader, parted together).
    uint64_t reparented() const { return reparented_; }
    /// Batches whose leaders ran on several threads (the others ran on the calling thread alone).
    uint64_t parallelBatches() const { return parallelBatches_; }
    /// Channel batch parts taken from another channel instead of simulated (replication, see findLeaders).
    uint64_t replicatedRuns() const {
        uint64_t n = 0;
        for (const ChannelBatch& b : batch_) n += b.replicated;
        return n;
    }

private:
    DramConfig cfg_;
    AddressMapper mapper_;
    mutable DramStats stats_;  // (stats() adds the twins' pending statistics first)
    LineVector<Completion> completions_;
    std::vector<DramChannel> channels_;
    std::vector<uint64_t> activity_;  // per channel: cached nextActivity() (channels with none due are skipped)
    uint64_t now_ = 0;
    uint32_t burstsPerRow_ = 0;
    DramCommandObserverIf* observer_ = nullptr;
    // batches
    // Per channel, each on its own cache lines (the threads of a batch write them concurrently).
    struct alignas(kCacheLinePair) ChannelBatch {
        LineVector<BatchRequest> requests;
        LineVector<Completion> done;  // completions while the batch runs
        uint64_t end = 0;              // its last command's cycle
        uint64_t finish = 0;           // its completions' latest finish cycle
        size_t next = 0;               // the next request to enqueue
        uint64_t local = 0;            // the channel's cycle when it stopped (runChannelSlice)
        bool running = false;          // has requests left or not yet drained
        // replication (replicateBatch): the channel whose results this one takes, or -1;
        // a channel that others take from collects the batch's statistics in leaderStats_ first
        int32_t leader = -1;
        bool followed = false;
        uint64_t replicated = 0;       // batches this channel took from another
    };
    std::vector<ChannelBatch> batch_;
    std::unique_ptr<WorkerPool> pool_;
    std::vector<uint8_t> busy_;    // per channel: had work in the last batch
    std::vector<uint32_t> owner_;  // per channel: the thread that runs it in the current batch
    bool replicate_ = true;        // replication of channels that would repeat another's batch
    std::vector<BatchActivity> activityOfBatch_;  // per channel: the last runBatch call's commands
    uint64_t batchArrive_ = 0;     // the running batch's arrival cycle
    uint64_t parallelBatches_ = 0;
    /// The batch's row runs into their channels' request lists (ids from firstId on, in order).
    void splitBatch(const Transfer* transfers, size_t count, uint64_t firstId);
    /// Runs the running channels that thread t owns (owner_) until each has drained.
    void runLeaders(uint32_t t);
    /// After the leaders ran: the followers take their results (replicateBatch), then every channel's
    /// completions get their batch ids and its finish cycle.
    void finishBatch(bool keepCompletions);
    /// Channel c's part of a batch, resumable: enqueues up to maxRequests more of its requests (running the
    /// channel whenever its queue is full) and, after the last one, runs it until maxRequests more have
    /// completed or the queue is empty; true when the queue is empty.
    bool runChannelSlice(uint32_t channel, size_t maxRequests);
    /// Requests (and drain completions) per turn when a thread's channels take turns within a batch.
    /// Interleaving the channels rather than running one after the other gives byte-identical results
    /// and was measured faster (UNet step, session 5: 9 % on one thread, 3.5-5.5 % on two; turns of 4 to
    /// 48 within the noise of each other, 1 slower); docs/dram.md section 10.
    static constexpr size_t kSliceRequests = 16;
    /// Replication. A batch's channels usually get the same requests in the same order (a DMA transfer is
    /// split round-robin over the channels) and start in equivalent states; a channel whose requests
    /// (bank, row, column, bursts, direction) and scheduling state (DramChannel::schedulesLike) match
    /// those of an earlier channel would issue the same commands at the same cycles, so it is not
    /// simulated: it takes that channel's end state, statistics, queueing cycles and completions (with
    /// its own request ids). Off with an observer, which must see every command.
    /// Sets every channel's leader (ChannelBatch::leader, followed), before any runs.
    void findLeaders();
    bool sameRequests(uint32_t a, uint32_t b) const;
    /// Follower f takes its leader's results for the batch (after the leader ran it); its completions
    /// only if they are kept.
    void replicateBatch(uint32_t f, bool keepCompletions);
    // ---- Twins (request by request) ----
    // A group of requests that are one request's parts in several channels (same id, arrival, direction,
    // bursts and coordinates but the channel; trySendGroup) goes to the lowest of them only, the "leader",
    // when each other channel of the group is its twin: a channel that has received exactly the leader's
    // requests since both were empty and scheduled alike (DramChannel::schedulesLike). A twin is not
    // simulated: it would issue the leader's commands at the same cycles, so its completions are copies of
    // the leader's and its statistics the leader's since it became a twin (the leader's go to leaderStats_
    // meanwhile). Any request for a twin alone, or for its leader alone, first gives the twin the leader's
    // state (untwin). Off with an observer, which must see every command, and with setFastPaths(false).
    std::vector<int32_t> twinOf_;      // per channel: the leader it is a twin of, or -1
    std::vector<uint32_t> twinCount_;  // per channel: its twins
    std::vector<uint32_t> leaders_;    // the channels that are no twin, in increasing order
    void updateLeaders();
    uint32_t twinLinks_ = 0;           // twins in all
    uint64_t untwinned_ = 0;           // untwin calls
    uint64_t twinGroups_ = 0;          // groups sent to their leader alone
    uint64_t reparented_ = 0;          // twins moved to another leader
    bool twinCopies_ = true;           // setTwinCopies
    // Per channel that others take results from (a batch's followers or twins): its statistics since they
    // were last added to its own and the others'. runBatch parts all twins first, so a batch leader and a
    // twin leader never share one.
    mutable std::vector<DramChannelStats> leaderStats_;
    uint32_t leaderOf(uint32_t c) const { return twinOf_[c] < 0 ? c : uint32_t(twinOf_[c]); }
    /// Before channel c alone gets a request: c, if a twin, and c's twins become channels of their own.
    void untwinFor(uint32_t c);
    void untwin(uint32_t twin);
    /// Twin bookkeeping alone (no state copy): t leaves its leader, t becomes l's twin.
    void detachTwin(uint32_t t);
    void attachTwin(uint32_t t, uint32_t l);
    /// Two parts of one request: the same in all but the channel.
    bool sameButChannel(const Request& q, const Request& r) const;
    /// The longest prefix of reqs (at least 1) that sendToTwins could send to one leader: parts the same
    /// but the channel, in increasing channels that are all the first's twins, or all twins of its leader,
    /// or all on their own.
    uint32_t twinRun(const Request* reqs, uint32_t n) const;
    void untwinAll();
    /// Adds leader l's pending statistics to l and its twins.
    void flushTwinStats(uint32_t l) const;
    /// Appends, for each twin of leader l, copies of l's completions at index `from` and after.
    void copyCompletionsToTwins(uint32_t l, size_t from);
    /// Runs f(channel) on leader c, then gives c's twins copies of the completions it produced (or counts
    /// the twins in them: setTwinCopies); true if it produced any. (Every way of advancing a leader goes
    /// through here.)
    template <class F>
    bool runLeader(uint32_t c, F&& f) {
        const size_t from = completions_.size();
        f(channels_[c]);
        if (completions_.size() == from) return false;
        if (twinCount_[c] == 0) return true;
        if (twinCopies_) copyCompletionsToTwins(c, from);
        else for (size_t i = from; i < completions_.size(); ++i) completions_[i].channels = 1 + twinCount_[c];
        return true;
    }
    /// trySendGroup when the group is twin-shaped: 1 sent to the leader alone, 0 the leader is full,
    /// -1 not twin-shaped.
    int sendToTwins(const Request* reqs, uint32_t n);
    /// sendToTwins beyond a leader and its only twin (a: reqs[0]'s address, its bursts checked): may make
    /// twins, part them or move them to another leader. Out of line, so that the common case does without
    /// its stack frame (34 instructions per random `npusim dram` line).
    __attribute__((noinline)) int regroupTwins(const Request* reqs, uint32_t n, const DramAddress& a);
    /// Channel c's part of advanceTo(cycle) (without raising now_).
    void advanceChannel(uint32_t c, uint64_t cycle);
    /// Queues a request in channel c (which has room) at the current cycle and refreshes its next activity.
    void queue(uint32_t c, const Request& req, const DramAddress& a) {
        DramChannel& ch = channels_[c];
        ch.raiseFloor(now_);
        ch.enqueue(req, a);
        activity_[c] = ch.nextActivity();
    }
};

}  // namespace npu::hw::dram
