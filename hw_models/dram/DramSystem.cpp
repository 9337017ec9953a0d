// SPDX-License-Identifier: Apache-2.0
// Models: the DRAM subsystem around its channels (see DramSystem.h). Ignores: nothing further.
#include "hw_models/dram/DramSystem.h"

#include <algorithm>

namespace npu::hw::dram {
namespace {
const DramConfig& validated(const DramConfig& cfg) {
    cfg.validate();
    return cfg;
}
}  // namespace

DramSystem::DramSystem(const DramConfig& cfg)
    : cfg_(validated(cfg)), mapper_(cfg_.organization, cfg_.controller.mapping, cfg_.controller.xorBankHash) {
    burstsPerRow_ = cfg_.organization.burstsPerRow();
    const uint32_t n = cfg_.organization.channels;
    stats_.channels.resize(n);
    channels_.reserve(n);
    for (uint32_t c = 0; c < n; ++c) channels_.emplace_back(cfg_, c, stats_.channels[c], completions_);
    for (const DramChannel& ch : channels_) activity_.push_back(ch.nextActivity());
    completions_.reserve(size_t(n) * (cfg_.controller.readQueueSize + cfg_.controller.writeQueueSize) * 2);
    batch_.resize(n);
    twinOf_.assign(n, -1);
    updateLeaders();
    twinCount_.assign(n, 0);
    leaderStats_.resize(n);
    for (DramChannelStats& s : leaderStats_) s.banks.assign(cfg_.organization.banksPerChannel(), DramBankStats{});
}

const DramStats& DramSystem::stats() const {
    for (uint32_t c = 0; twinLinks_ != 0 && c < channels_.size(); ++c)
        if (twinCount_[c] != 0) flushTwinStats(c);
    return stats_;
}

uint32_t DramSystem::trySendGroup(const Request* reqs, uint32_t n) {
    if (n >= 2 && replicate_ && !observer_) {
        const int r = sendToTwins(reqs, n);
        if (r >= 0) return r ? n : 0;
        // Not one leader's: in runs that are (a request over four channels while channels 0, 1 and 2, 3
        // are pairs of twins: one run per pair), the other parts one by one.
        for (uint32_t i = 0; i < n;) {
            const uint32_t k = twinRun(reqs + i, n - i);
            const int s = k >= 2 ? sendToTwins(reqs + i, k) : -1;
            if (s == 0) return i;
            if (s > 0) {
                i += k;
                continue;
            }
            if (!trySend(reqs[i])) return i;
            ++i;
        }
        return n;
    }
    for (uint32_t i = 0; i < n; ++i)
        if (!trySend(reqs[i])) return i;
    return n;
}

bool DramSystem::sameButChannel(const Request& q, const Request& r) const {
    return q.id == r.id && q.bursts == r.bursts && q.write == r.write && q.arriveCycle == r.arriveCycle &&
           mapper_.channelFreeKey(q.addr ^ r.addr) == 0;
}

uint32_t DramSystem::twinRun(const Request* reqs, uint32_t n) const {
    const uint32_t c0 = mapper_.channelOf(reqs[0].addr);
    uint32_t k = 1;
    for (uint32_t last = c0; k < n; ++k) {
        const uint32_t t = mapper_.channelOf(reqs[k].addr);
        if (t <= last || !sameButChannel(reqs[k], reqs[0])) break;
        const bool fits = twinCount_[c0] != 0 ? twinOf_[t] == int32_t(c0)  // c0's twins
                          : twinOf_[c0] >= 0  ? twinOf_[t] == twinOf_[c0]  // twins of c0's leader
                                              : twinOf_[t] < 0 && twinCount_[t] == 0;  // channels on their own
        if (!fits) break;
        last = t;
    }
    return k;
}

int DramSystem::sendToTwins(const Request* reqs, uint32_t n) {
    const Request& r = reqs[0];
    const DramAddress a = mapper_.decode(r.addr);
    const uint32_t l = a.channel;
    if (r.bursts == 0 || a.column + uint64_t(r.bursts) > burstsPerRow_ || n > channels_.size()) return -1;
    // The common case first, without the search of regroupTwins: a line over a leader and its only twin (a
    // replay of lines split over two channels); nothing about the twins changes.
    if (n == 2 && twinCount_[l] == 1 && twinOf_[mapper_.channelOf(reqs[1].addr)] == int32_t(l) &&
        sameButChannel(reqs[1], r)) {
        if (!channels_[l].canAccept(r.write)) return 0;  // (its twin is full too: the same requests)
        queue(l, r, a);
        ++twinGroups_;
        return 1;
    }
    return regroupTwins(reqs, n, a);
}

int DramSystem::regroupTwins(const Request* reqs, uint32_t n, const DramAddress& a) {
    const Request& r = reqs[0];
    const uint32_t l = a.channel, nch = uint32_t(channels_.size());
    // l may be a twin itself if every other channel of the group is a twin of the same leader: l then
    // takes that leader's state and leads them (they have the same state: re-parenting)
    const int32_t oldLeader = twinOf_[l];
    // every other request: the same but the channel, to a later channel that is (or may become) l's twin
    uint32_t group[64], already = 0;  // how many of the others are l's twins already
    if (n > 64) return -1;
    for (uint32_t i = 1; i < n; ++i) {
        const Request& q = reqs[i];
        if (!sameButChannel(q, r)) return -1;
        const uint32_t t = mapper_.channelOf(q.addr);
        if (t <= l) return -1;
        for (uint32_t j = 1; j < i; ++j)
            if (group[j] == t) return -1;
        group[i] = t;
        if (oldLeader >= 0) {
            if (twinOf_[t] != oldLeader) return -1;
            continue;
        }
        if (twinOf_[t] == int32_t(l)) {
            ++already;
            continue;
        }
        if (twinOf_[t] >= 0 || twinCount_[t] != 0 || !channels_[t].schedulesLike(channels_[l], now_)) return -1;
    }
    // (a twin's own channel object is stale: its leader's holds its state)
    if (!channels_[leaderOf(l)].canAccept(r.write)) return 0;  // (its twins are full too: the same requests)
    if (oldLeader >= 0) {
        untwin(l);  // (its statistics and the others' are now up to date)
        for (uint32_t i = 1; i < n; ++i) detachTwin(group[i]);
        reparented_ += n - 1;
    }
    // l's twins outside the group (if it has more than those in it) do not get this request; they keep
    // one state, so the first takes it and leads the others
    int32_t outLeader = -1;
    for (uint32_t t = l + 1; twinCount_[l] > already && t < nch; ++t) {
        if (twinOf_[t] != int32_t(l)) continue;
        bool in = false;
        for (uint32_t i = 1; i < n && !in; ++i) in = group[i] == t;
        if (in) continue;
        if (outLeader < 0) {
            untwin(t);
            outLeader = int32_t(t);
            continue;
        }
        detachTwin(t);
        attachTwin(t, uint32_t(outLeader));
        ++reparented_;
    }
    for (uint32_t i = 1; i < n; ++i)
        if (twinOf_[group[i]] != int32_t(l)) attachTwin(group[i], l);
    queue(l, r, a);
    ++twinGroups_;
    return 1;
}

void DramSystem::attachTwin(uint32_t t, uint32_t l) {
    // t shares l's statistics from now on (l's pending ones are added to l and its twins so far first)
    if (twinCount_[l] != 0) flushTwinStats(l);
    else channels_[l].setStatsSink(leaderStats_[l]);
    twinOf_[t] = int32_t(l);
    ++twinCount_[l];
    ++twinLinks_;
    updateLeaders();
}

void DramSystem::detachTwin(uint32_t t) {
    const uint32_t l = uint32_t(twinOf_[t]);
    flushTwinStats(l);
    twinOf_[t] = -1;
    --twinLinks_;
    updateLeaders();
    if (--twinCount_[l] == 0) channels_[l].setStatsSink(stats_.channels[l]);
}

void DramSystem::updateLeaders() {
    leaders_.clear();
    for (uint32_t c = 0; c < twinOf_.size(); ++c)
        if (twinOf_[c] < 0) leaders_.push_back(c);
}

void DramSystem::untwinFor(uint32_t c) {
    if (twinOf_[c] >= 0) untwin(c);
    for (uint32_t t = c + 1; twinCount_[c] != 0 && t < channels_.size(); ++t)
        if (twinOf_[t] == int32_t(c)) untwin(t);
}

void DramSystem::untwin(uint32_t t) {
    const uint32_t l = uint32_t(twinOf_[t]);
    detachTwin(t);
    channels_[t].copyStateFrom(channels_[l]);
    activity_[t] = activity_[l];
    ++untwinned_;
}

void DramSystem::untwinAll() {
    for (uint32_t t = 0; twinLinks_ != 0 && t < channels_.size(); ++t)
        if (twinOf_[t] >= 0) untwin(t);
}

void DramSystem::flushTwinStats(uint32_t l) const {
    DramChannelStats& s = leaderStats_[l];
    stats_.channels[l].add(s);
    for (uint32_t t = l + 1; t < channels_.size(); ++t)
        if (twinOf_[t] == int32_t(l)) stats_.channels[t].add(s);
    s.reset();
}

void DramSystem::copyCompletionsToTwins(uint32_t l, size_t from) {
    const size_t end = completions_.size();
    for (uint32_t t = l + 1; t < channels_.size(); ++t) {
        if (twinOf_[t] != int32_t(l)) continue;
        for (size_t i = from; i < end; ++i) {
            if (completions_[i].channel != l) continue;
            Completion c = completions_[i];
            c.channel = t;
            completions_.push_back(c);
        }
    }
}

void DramSystem::setThreads(unsigned threads) {
    const unsigned n = WorkerPool::resolve(threads, unsigned(channels_.size()));
    if (n == this->threads()) return;
    pool_ = n > 1 ? std::make_unique<WorkerPool>(n) : nullptr;
}

bool DramSystem::runChannelSlice(uint32_t c, size_t maxRequests) {
    // The same steps as trySend / advanceUntilCanAccept, with the channel's own cycle in place of now_,
    // from the channel's next batch request on, for at most maxRequests of them; after the last, the
    // drain, maxRequests completions per call.
    DramChannel& ch = channels_[c];
    ChannelBatch& b = batch_[c];
    uint64_t local = b.local;
    const size_t stop = std::min(b.requests.size(), b.next + maxRequests);
    for (; b.next < stop; ++b.next) {
        BatchRequest& br = b.requests[b.next];
        const bool w = br.write;
        while (!ch.canAccept(w)) {
            ch.raiseFloor(local);
            local = std::max(local, ch.advanceUntilRoom(w));
            // (right after a completion at `local` usually nothing more can happen by then)
            if (!ch.quietThrough(local)) ch.advanceTo(local);
        }
        ch.raiseFloor(local);
        // (a followed channel's requests carry their index in the list, for replicateBatch)
        ch.enqueue(Request{br.addr, w, batchArrive_, b.followed ? b.next : br.id, br.bursts}, mapper_.decode(br.addr));
        br.queuedCycle = std::max(batchArrive_, local);
    }
    b.local = local;
    if (b.next < b.requests.size()) return false;
    // then until the queue is empty, maxRequests completions per turn (advanceUntilEmpty in steps)
    if (ch.queuedRequests() == 0) return true;
    ch.raiseFloor(local);
    const uint64_t last = ch.advanceCompletions(uint32_t(maxRequests));
    if (ch.queuedRequests() != 0) return false;
    b.end = last;
    return true;
}

void DramSystem::splitBatch(const Transfer* transfers, size_t count, uint64_t firstId) {
    for (ChannelBatch& b : batch_) b.requests.clear();
    uint64_t id = firstId;
    for (size_t i = 0; i < count; ++i) {
        const Transfer& x = transfers[i];
        mapper_.forEachRowRun(x.addr, x.bytes, [&](uint64_t addr, uint32_t bursts) {
            batch_[mapper_.channelOf(addr)].requests.push_back(BatchRequest{addr, id++, bursts, x.write, 0});
        });
    }
}

void DramSystem::runLeaders(uint32_t t) {
    // This thread's leaders take turns, kSliceRequests requests at a time (channels are independent, so
    // the order changes nothing but speed; see kSliceRequests).
    const uint32_t n = uint32_t(channels_.size());
    for (uint32_t pending = 1; pending != 0;) {
        pending = 0;
        for (uint32_t c = 0; c < n; ++c) {
            ChannelBatch& b = batch_[c];
            if (owner_[c] != t || !b.running) continue;
            if (runChannelSlice(c, kSliceRequests)) b.running = false;
            else ++pending;
        }
    }
}

void DramSystem::finishBatch(bool keepCompletions) {
    const uint32_t n = uint32_t(channels_.size());
    for (uint32_t c = 0; c < n; ++c)
        if (batch_[c].leader >= 0) replicateBatch(c, keepCompletions);
    for (uint32_t c = 0; c < n; ++c) {
        ChannelBatch& b = batch_[c];
        if (b.followed) {  // (after its followers took its completions, which carry list indices as ids)
            for (Completion& x : b.done) x.id = b.requests[x.id].id;
            stats_.channels[c].add(leaderStats_[c]);
            leaderStats_[c].reset();
            channels_[c].setStatsSink(stats_.channels[c]);
            b.followed = false;
        }
        if (busy_[c]) {
            if (b.leader >= 0 && !keepCompletions) {
                b.finish = batch_[uint32_t(b.leader)].finish;  // (its completions were not copied: the leader's)
            } else {
                b.finish = 0;
                for (const Completion& x : b.done) b.finish = std::max(b.finish, x.finishCycle);
            }
            if (!keepCompletions) b.done.clear();
        }
        b.leader = -1;
    }
}

DramSystem::BatchResult DramSystem::runBatch(const Transfer* transfers, size_t count, uint64_t arriveCycle,
                                             uint64_t firstId, bool keepCompletions) {
    const uint32_t n = uint32_t(channels_.size());
    untwinAll();  // (a batch replicates channels its own way)
    busy_.assign(n, 0);
    // activity: the command counts before the batch (the difference is taken at the end)
    activityOfBatch_.resize(n);
    for (uint32_t c = 0; c < n; ++c) {
        activityOfBatch_[c] = BatchActivity::countsOf(stats_.channels[c]);
        channels_[c].markCommands();
    }
    auto finishActivity = [&] {
        for (uint32_t c = 0; c < n; ++c) {
            BatchActivity& a = activityOfBatch_[c];
            const BatchActivity before = a;
            a = BatchActivity::countsOf(stats_.channels[c]);
            a.subtractCounts(before);
            a.first = channels_[c].firstCommandSinceMark();
            a.last = a.first == UINT64_MAX ? 0 : channels_[c].lastCommand();
        }
    };
    // Before the batch arrives only refreshes fall due, and they must not see its requests (a per-bank
    // refresh prefers banks with nothing queued): with nothing queued, every channel first goes to the
    // cycle before the arrival, where DramChannel::advanceTo also counts whole idle refresh periods (a long
    // vector layer, a clock transition) instead of issuing them one by one. (With requests still queued, as
    // only a caller mixing trySend and runBatch leaves them, the batch's run serves them first as before.)
    if (arriveCycle > now_ + 1 && queuedRequests() == 0) advanceTo(arriveCycle - 1);
    batchArrive_ = arriveCycle;
    splitBatch(transfers, count, firstId);
    findLeaders();
    // Only the leaders are simulated (the others take their results): they run in parallel when there
    // are several, the k-th on thread k mod threads (a channel that keeps leading stays on one core and
    // its state in that core's caches); one alone runs here, as the other threads would only wait.
    uint32_t leaders = 0;
    for (uint32_t c = 0; c < n; ++c) {
        ChannelBatch& b = batch_[c];
        busy_[c] = !b.requests.empty() || channels_[c].queuedRequests() != 0;
        b.running = busy_[c] && b.leader < 0;
        if (!b.running) continue;
        channels_[c].setCompletionSink(b.done);
        b.next = 0;
        b.local = now_;
        b.end = 0;
        ++leaders;
    }
    const uint32_t threads = pool_ && !observer_ ? std::min(pool_->threads(), std::max(leaders, 1u)) : 1;
    owner_.resize(n);
    for (uint32_t c = 0, k = 0; c < n; ++c) {  // (a follower's leader has a lower index: its owner is set)
        const ChannelBatch& b = batch_[c];
        owner_[c] = b.running ? k++ % threads : b.leader >= 0 ? owner_[uint32_t(b.leader)] : c % threads;
    }
    if (threads > 1) {
        pool_->run(threads, [&](uint32_t t) { runLeaders(t); });
        ++parallelBatches_;
    } else {
        runLeaders(0);
    }
    finishBatch(keepCompletions);
    BatchResult res;
    res.finishCycle = arriveCycle;
    uint64_t end = now_;
    bool any = false;
    for (uint32_t c = 0; c < n; ++c) {
        res.requests += batch_[c].requests.size();
        if (!busy_[c]) continue;
        any = true;
        ChannelBatch& b = batch_[c];
        completions_.insert(completions_.end(), b.done.begin(), b.done.end());
        b.done.clear();
        end = std::max(end, b.end);
        res.finishCycle = std::max(res.finishCycle, b.finish);
    }
    if (!any) {
        finishActivity();
        return res;
    }
    // As drain(): every channel to the batch's last command (advanceTo(end)), each on its own thread.
    const std::function<void(uint32_t)> catchUp = [&](uint32_t t) {
        for (uint32_t c = 0; c < n; ++c) {
            if (owner_[c] != t) continue;
            if (busy_[c]) {
                channels_[c].setCompletionSink(completions_);
                activity_[c] = channels_[c].nextActivity();
            }
            advanceChannel(c, end);
        }
    };
    if (threads > 1) pool_->run(threads, catchUp); else catchUp(0);
    now_ = std::max(now_, end);
    finishActivity();
    return res;
}

void DramSystem::findLeaders() {
    const uint32_t n = uint32_t(channels_.size());
    if (!replicate_ || observer_) return;
    for (uint32_t c = 0; c < n; ++c) {
        ChannelBatch& b = batch_[c];
        if (b.requests.empty()) continue;
        for (uint32_t l = 0; l < c; ++l) {
            ChannelBatch& lb = batch_[l];
            if (lb.leader >= 0 || !sameRequests(l, c) || !channels_[c].schedulesLike(channels_[l], now_)) continue;
            b.leader = int32_t(l);
            if (!lb.followed) {
                lb.followed = true;
                channels_[l].setStatsSink(leaderStats_[l]);
            }
            break;
        }
    }
}

bool DramSystem::sameRequests(uint32_t a, uint32_t b) const {
    const LineVector<BatchRequest>& x = batch_[a].requests;
    const LineVector<BatchRequest>& y = batch_[b].requests;
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i)
        if (mapper_.channelFreeKey(x[i].addr ^ y[i].addr) != 0 || x[i].bursts != y[i].bursts ||
            x[i].write != y[i].write)
            return false;
    return true;
}

void DramSystem::replicateBatch(uint32_t f, bool keepCompletions) {
    ChannelBatch& b = batch_[f];
    const ChannelBatch& lb = batch_[uint32_t(b.leader)];
    channels_[f].copyStateFrom(channels_[uint32_t(b.leader)]);
    stats_.channels[f].add(leaderStats_[uint32_t(b.leader)]);
    for (size_t i = 0; i < b.requests.size(); ++i) b.requests[i].queuedCycle = lb.requests[i].queuedCycle;
    b.end = lb.end;
    ++b.replicated;
    b.done.clear();
    // Kept: the leader's completions with this channel's ids (the leader's requests carry their index in
    // the list). Else only their latest finish is needed, the leader's (finishBatch): copying them was
    // most of a UNet step's replication time (cache misses on the follower's list).
    if (!keepCompletions) return;
    for (const Completion& x : lb.done) {
        Completion y = x;
        y.id = b.requests[x.id].id;
        y.channel = f;
        b.done.push_back(y);
    }
}

void DramSystem::advanceChannel(uint32_t c, uint64_t cycle) {
    // A channel with nothing due up to `cycle` is left alone; its floor is raised when it is next touched.
    if (activity_[c] > cycle) return;
    channels_[c].raiseFloor(now_);
    channels_[c].advanceTo(cycle);
    activity_[c] = channels_[c].nextActivity();
}

void DramSystem::advanceTo(uint64_t cycle) {
    for (const uint32_t c : leaders_)  // (a twin gets its leader's copies)
        runLeader(c, [&](DramChannel&) { advanceChannel(c, cycle); });
    now_ = std::max(now_, cycle);
}

uint64_t DramSystem::nextEvent() const {
    uint64_t t = UINT64_MAX;
    for (size_t c = 0; c < channels_.size(); ++c)
        if (twinOf_[c] < 0 && channels_[c].queuedRequests()) t = std::min(t, activity_[c]);
    return t;
}

void DramSystem::advanceToCompletion() {
    for (;;) {
        // the leader with the earliest event (the lowest index on a tie, as advanceTo) and the next event
        // of any other
        uint32_t a = UINT32_MAX;
        uint64_t ta = UINT64_MAX, next = UINT64_MAX;
        // (GCC branches on t < ta here: as fast as the masks without a branch it replaced, in interleaved
        // random and sequential replays, for 50 instructions less per random line; cachegrind's branch
        // model counts one misprediction more per line)
        for (const uint32_t c : leaders_) {  // (in increasing order)
            const uint64_t t = channels_[c].queuedRequests() == 0 ? UINT64_MAX : activity_[c];
            const bool first = t < ta;  // the earliest so far
            next = first ? ta : std::min(next, t);
            a = first ? c : a;
            ta = first ? t : ta;
        }
        if (a == UINT32_MAX) return;
        // Every command before the other channels' next event, or up to a completion. On a tie the lowest
        // channel's command at that cycle alone: the others' follow in channel order, as in advanceTo (so
        // do their completions).
        const bool done = runLeader(a, [&](DramChannel& ch) {
            ch.raiseFloor(now_);
            ch.advanceUntilCompletion(next == ta ? ta : next - 1);
            activity_[a] = ch.nextActivity();
        });
        if (done) {
            advanceTo(channels_[a].lastCommand());  // the others' commands at that cycle, idle channels' refreshes
            return;
        }
    }
}

void DramSystem::advanceUntilCanAccept(uint64_t addr, bool write) {
    const uint32_t c = leaderOf(mapper_.decode(addr).channel);
    DramChannel& ch = channels_[c];
    if (ch.canAccept(write)) return;
    // The channel is full, so it holds a request of this direction; run it alone up to that request's
    // completion (channels are independent), then bring every channel to the same cycle.
    uint64_t t = now_;
    runLeader(c, [&](DramChannel&) {
        ch.raiseFloor(now_);
        t = std::max(t, ch.advanceUntilRoom(write));
    });
    advanceTo(t);
}

void DramSystem::drain() {
    // Channels are independent: run each until its queue is empty, then every channel to the last cycle.
    uint64_t end = now_;
    bool any = false;
    for (uint32_t c = 0; c < channels_.size(); ++c) {
        DramChannel& ch = channels_[c];
        if (twinOf_[c] >= 0 || ch.queuedRequests() == 0) continue;
        any = true;
        runLeader(c, [&](DramChannel&) {
            ch.raiseFloor(now_);
            end = std::max(end, ch.advanceUntilEmpty());
        });
    }
    if (any) advanceTo(end);
}

uint64_t DramSystem::queuedRequests() const {
    uint64_t n = 0;
    for (uint32_t c = 0; c < channels_.size(); ++c) n += channels_[leaderOf(c)].queuedRequests();
    return n;
}

void DramSystem::setObserver(DramCommandObserverIf* observer) {
    untwinAll();
    observer_ = observer;
    for (DramChannel& ch : channels_) ch.setObserver(observer);
}

void DramSystem::setFastPaths(bool on) {
    untwinAll();
    replicate_ = on;
    for (DramChannel& ch : channels_) ch.setFastPaths(on);
    for (size_t c = 0; c < channels_.size(); ++c) activity_[c] = channels_[c].nextActivity();
}

}  // namespace npu::hw::dram
