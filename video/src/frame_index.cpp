#include "attune/video/frame_index.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <deque>

#include "attune/video/av_error.hpp"
#include "attune/video/av_handles.hpp"
#include "open_input.hpp"

namespace attune::video {

// Rounded up to the next microsecond, so that frame_at_us (which rounds down)
// maps a frame's time back to the same frame on any time base.
int64_t FrameIndex::t_us(int64_t frame) const {
    if (pts.empty()) return 0;
    return av_rescale_q_rnd(pts[static_cast<size_t>(frame)] - pts.front(),
                            AVRational{time_base.num, time_base.den}, AVRational{1, 1000000},
                            AV_ROUND_UP);
}

std::optional<int64_t> FrameIndex::frame_with_pts(int64_t p) const {
    auto it = std::lower_bound(pts.begin(), pts.end(), p);
    if (it == pts.end() || *it != p) return std::nullopt;
    return it - pts.begin();
}

int64_t FrameIndex::frame_at_us(int64_t t) const {
    if (pts.empty()) return 0;
    const int64_t target =
        pts.front() + av_rescale_q_rnd(t, AVRational{1, 1000000},
                                       AVRational{time_base.num, time_base.den}, AV_ROUND_DOWN);
    auto it = std::upper_bound(pts.begin(), pts.end(), target);
    return it == pts.begin() ? 0 : (it - pts.begin()) - 1;
}

const SeekPoint& FrameIndex::seek_point_for(int64_t frame) const {
    auto it = std::upper_bound(keys.begin(), keys.end(), frame,
                               [](int64_t f, const SeekPoint& k) { return f < k.frame; });
    return it == keys.begin() ? keys.front() : *(it - 1);
}

Status FrameIndex::validate() const {
    const std::string tb = std::to_string(time_base.num) + "/" + std::to_string(time_base.den);
    if (time_base.num <= 0 || time_base.den <= 0)
        return Error{"the frame index has an unusable time base (" + tb + ")"};
    if (stream < 0)
        return Error{"the frame index names no video stream (stream " + std::to_string(stream) +
                     ")"};
    if (pts.empty()) return Error{"the frame index has no frames"};
    for (size_t i = 1; i < pts.size(); ++i)
        if (pts[i] <= pts[i - 1])
            return Error{"the frame index is inconsistent: frame " + std::to_string(i) +
                         " is not presented after frame " + std::to_string(i - 1)};
    if (keys.empty()) return Error{"the frame index has no keyframe to seek to"};
    if (keys.front().frame != 0)
        return Error{"the frame index has no seek point (keyframe) at frame 0"};
    for (size_t k = 1; k < keys.size(); ++k)
        if (keys[k].frame <= keys[k - 1].frame || keys[k].frame >= frame_count())
            return Error{"the frame index lists keyframe " + std::to_string(keys[k].frame) +
                         " out of order or past its last frame"};
    if (release_dts.size() != (decode_order ? pts.size() : 0))
        return Error{"the frame index's decode times do not match its frames"};
    return ok_status();
}

Status FrameIndex::fits(const ProbeInfo& file) const {
    if (auto ok = validate(); !ok) return Error{ok.error().message + ": rebuild it"};
    if (!file.video) return Error{file.path + " has no video stream for the frame index"};
    const VideoStreamInfo& v = *file.video;
    const auto mismatch = [&](const std::string& what) {
        return Error{"the frame index does not fit " + file.path + " (" + what +
                     "); the recording changed: rebuild it"};
    };
    if (v.index != stream)
        return mismatch("it is for stream " + std::to_string(stream) + ", the video is stream " +
                        std::to_string(v.index));
    if (v.time_base.num != time_base.num || v.time_base.den != time_base.den)
        return mismatch("its time base is " + std::to_string(time_base.num) + "/" +
                        std::to_string(time_base.den) + ", the video's " +
                        std::to_string(v.time_base.num) + "/" + std::to_string(v.time_base.den));
    // Plausibility only, so seconds as doubles: a damaged cache can hold any int64, whose
    // differences would overflow in ticks.
    const double tick = static_cast<double>(time_base.num) / time_base.den;
    const double first_s = static_cast<double>(pts.front()) * tick;
    const double start_s = static_cast<double>(v.start_pts) * tick;
    constexpr double kSlackS = 1.0;
    if (!decode_order && std::abs(first_s - start_s) > kSlackS)
        return mismatch("its first frame is at " + std::to_string(first_s) +
                        " s, the video starts at " + std::to_string(start_s) + " s");
    const double last_s = static_cast<double>(pts.back()) * tick;
    const double end_s = static_cast<double>(file.start_us + file.duration_us) / 1e6;
    if (file.duration_us > 0 && last_s > end_s + kSlackS)
        return mismatch("its frames last until " + std::to_string(last_s) +
                        " s, longer than the recording, which ends at " + std::to_string(end_s) +
                        " s");
    return ok_status();
}

namespace {

constexpr char kMagic[8] = {'A', 'T', 'F', 'I', 'D', 'X', '0', '1'};

void put(std::string& s, int64_t v) {
    s.append(reinterpret_cast<const char*>(&v), sizeof v);
}
bool get(const std::string& s, size_t& at, int64_t& v) {
    if (at + sizeof v > s.size()) return false;
    std::memcpy(&v, s.data() + at, sizeof v);
    at += sizeof v;
    return true;
}

struct Packet {
    int64_t pts, dts, pos;
    bool key;
    // The decoder drops this packet's frame: it lies before the start of an MP4 edit list
    // (a stream-copied cut keeps the GOP before the cut point to decode from).
    bool discard;
};

bool discarded(const AVPacket* pkt) {
    return (pkt->flags & AV_PKT_FLAG_DISCARD) != 0;
}

Status check_cancel(const std::atomic<bool>* cancel) {
    if (cancel && cancel->load()) return Error{"indexing was cancelled"};
    return ok_status();
}

// Decode scan for files whose packets carry no presentation timestamps.
Result<FrameIndex> decode_scan(AVFormatContext* fmt, int stream, FrameIndex index,
                               const Progress& progress, const std::atomic<bool>* cancel) {
    AVStream* st = fmt->streams[stream];
    auto opened = open_decoder(fmt->url ? fmt->url : "the recording", st);
    if (!opened) return opened.error();
    CodecContext dec = std::move(*opened);
    PacketPtr pkt = make_packet();
    FramePtr frame = make_frame();
    index.decode_order = true;
    int64_t last = INT64_MIN;
    // Keyframes leave the decoder in the order their packets went in; a frame's own
    // pkt_dts is that of the packet that released it (later, with B-frames), so the
    // seek point comes from this queue instead.
    std::deque<std::pair<int64_t, int64_t>> key_packets;  // dts, pos
    // Where to start decoding for frame 0 when it is not itself a keyframe (a cut file's
    // first frames are decoded from a keyframe the decoder then drops).
    std::optional<std::pair<int64_t, int64_t>> first_key;
    auto drain = [&]() {
        while (avcodec_receive_frame(dec.get(), frame.get()) >= 0) {
            int64_t p = frame->best_effort_timestamp;
            if (p == AV_NOPTS_VALUE || p <= last)
                p = last == INT64_MIN ? 0 : last + 1;  // keep strictly increasing
            if (frame->key_frame && !key_packets.empty()) {
                index.keys.push_back({static_cast<int64_t>(index.pts.size()),
                                      key_packets.front().first, key_packets.front().second});
                key_packets.pop_front();
            }
            index.pts.push_back(p);
            index.release_dts.push_back(frame->pkt_dts);
            last = p;
            av_frame_unref(frame.get());
        }
    };
    const int64_t size = avio_size(fmt->pb);
    while (av_read_frame(fmt, pkt.get()) >= 0) {
        if (pkt->stream_index == stream) {
            if (pkt->flags & AV_PKT_FLAG_KEY) {
                if (!first_key) first_key.emplace(pkt->dts, pkt->pos);
                // A dropped keyframe never leaves the decoder: it must not take the place of
                // the next one that does.
                if (!discarded(pkt.get())) key_packets.emplace_back(pkt->dts, pkt->pos);
            }
            avcodec_send_packet(dec.get(), pkt.get());
            drain();
            if (progress && size > 0 && pkt->pos > 0)
                progress(static_cast<double>(pkt->pos) / static_cast<double>(size));
        }
        av_packet_unref(pkt.get());
        if (auto ok = check_cancel(cancel); !ok) return ok.error();
    }
    avcodec_send_packet(dec.get(), nullptr);
    drain();
    if (!index.pts.empty() && first_key && (index.keys.empty() || index.keys.front().frame != 0))
        index.keys.insert(index.keys.begin(), {0, first_key->first, first_key->second});
    return index;
}

}  // namespace

std::string FrameIndex::serialize() const {
    std::string s(kMagic, sizeof kMagic);
    for (int64_t v :
         {int64_t{time_base.num}, int64_t{time_base.den}, int64_t{stream}, int64_t{decode_order},
          int64_t{byte_seek}, frame_count(), static_cast<int64_t>(keys.size())})
        put(s, v);
    for (int64_t p : pts) put(s, p);
    for (const SeekPoint& k : keys) put(s, k.frame), put(s, k.dts), put(s, k.pos);
    for (int64_t d : release_dts) put(s, d);
    return s;
}

Result<FrameIndex> FrameIndex::deserialize(const std::string& s) {
    if (s.size() < sizeof kMagic || std::memcmp(s.data(), kMagic, sizeof kMagic) != 0)
        return Error{"not a frame index (or one from another version): rebuild it"};
    size_t at = sizeof kMagic;
    int64_t v[7];
    for (int64_t& x : v)
        if (!get(s, at, x)) return Error{"the frame index is truncated: rebuild it"};
    const auto damaged = [](const std::string& what) {
        return Error{"the frame index is damaged (" + what + "): rebuild it"};
    };
    const auto is_flag = [](int64_t x) { return x == 0 || x == 1; };
    if (!is_flag(v[3]) || !is_flag(v[4])) return damaged("its flags are neither 0 nor 1");
    if (v[0] <= 0 || v[0] > INT_MAX || v[1] <= 0 || v[1] > INT_MAX)
        return damaged("its time base " + std::to_string(v[0]) + "/" + std::to_string(v[1]) +
                       " is not usable");
    if (v[2] < 0 || v[2] > INT_MAX)
        return damaged("it names stream " + std::to_string(v[2]) + ", which no file has");
    // Counts are bounded by the bytes present before any arithmetic, so nothing can wrap.
    if ((s.size() - at) % sizeof(int64_t) != 0) return damaged("it ends mid-record");
    const auto words = static_cast<int64_t>((s.size() - at) / sizeof(int64_t));
    const int64_t frames = v[5], keys = v[6], release = v[3] != 0 ? v[5] : 0;
    if (frames < 0 || keys < 0 || frames > words || keys > words / 3 ||
        frames + 3 * keys + release != words)
        return damaged("its counts do not match its size");
    FrameIndex f;
    f.time_base = {static_cast<int>(v[0]), static_cast<int>(v[1])};
    f.stream = static_cast<int>(v[2]);
    f.decode_order = v[3] != 0;
    f.byte_seek = v[4] != 0;
    f.pts.resize(static_cast<size_t>(frames));
    for (auto& p : f.pts) get(s, at, p);
    f.keys.resize(static_cast<size_t>(keys));
    for (auto& k : f.keys) get(s, at, k.frame), get(s, at, k.dts), get(s, at, k.pos);
    f.release_dts.resize(static_cast<size_t>(release));
    for (auto& d : f.release_dts) get(s, at, d);
    if (auto ok = f.validate(); !ok) return Error{ok.error().message + ": rebuild it"};
    return f;
}

Result<FrameIndex> build_frame_index(const std::string& path, const Progress& progress,
                                     const std::atomic<bool>* cancel) {
    auto in = open_input(path);
    if (!in) return in.error();
    AVFormatContext* fmt = in->get();
    const int stream = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (stream < 0) return Error{path + " has no video stream"};
    AVStream* st = fmt->streams[stream];
    if (auto ok = check_time_base(path, "video", st->time_base); !ok) return ok.error();
    for (unsigned i = 0; i < fmt->nb_streams; ++i)
        if (static_cast<int>(i) != stream)
            fmt->streams[i]->discard = AVDISCARD_ALL;  // demux video only

    FrameIndex index;
    index.time_base = {st->time_base.num, st->time_base.den};
    index.stream = stream;
    const std::string name = fmt->iformat->name;
    index.byte_seek = name == "mpegts" || name == "mpeg";

    std::vector<Packet> packets;
    bool missing_pts = false;
    PacketPtr pkt = make_packet();
    const int64_t size = avio_size(fmt->pb);
    int rc;
    while ((rc = av_read_frame(fmt, pkt.get())) >= 0) {
        if (pkt->stream_index == stream) {
            missing_pts = missing_pts || pkt->pts == AV_NOPTS_VALUE;
            packets.push_back({pkt->pts, pkt->dts == AV_NOPTS_VALUE ? pkt->pts : pkt->dts, pkt->pos,
                               (pkt->flags & AV_PKT_FLAG_KEY) != 0, discarded(pkt.get())});
            if (progress && size > 0 && pkt->pos > 0 && packets.size() % 64 == 0)
                progress(static_cast<double>(pkt->pos) / static_cast<double>(size));
        }
        av_packet_unref(pkt.get());
        if (auto ok = check_cancel(cancel); !ok) return ok.error();
    }
    if (rc != AVERROR_EOF && packets.empty())
        return Error{"cannot read " + path + ": " + av_error_text(rc)};
    if (packets.empty()) return Error{path + " has no video frames"};

    if (missing_pts) {
        // Reopen rather than seek back: some demuxers (AVI) keep counting timestamps across a
        // rewind.
        in->reset();
        auto again = open_input(path);
        if (!again) return again.error();
        for (unsigned i = 0; i < (*again)->nb_streams; ++i)
            if (static_cast<int>(i) != stream) (*again)->streams[i]->discard = AVDISCARD_ALL;
        auto r = decode_scan(again->get(), stream, std::move(index), progress, cancel);
        if (!r) return r;
        if (auto ok = r->validate(); !ok) return Error{path + ": " + ok.error().message};
        if (progress) progress(1.0);
        return r;
    }
    // Presentation order is pts order; a keyframe's seek point is its own packet. Frames the
    // decoder drops get no number, so frame N stays the Nth frame it outputs.
    std::vector<Packet> by_pts = packets;
    std::stable_sort(by_pts.begin(), by_pts.end(),
                     [](const Packet& a, const Packet& b) { return a.pts < b.pts; });
    const Packet* last_key = nullptr;  // the latest keyframe so far, dropped or not
    bool have_last = false;
    int64_t last = 0;
    for (const Packet& p : by_pts) {
        if (p.key) last_key = &p;
        if (p.discard || (have_last && p.pts == last))
            continue;  // dropped by the decoder, or a duplicate timestamp: keep the first
        if (index.pts.empty() && !p.key) {
            // Frame 0 is decoded from the keyframe before it (a cut between keyframes).
            const Packet& from = last_key ? *last_key : p;
            index.keys.push_back({0, from.dts, from.pos});
        }
        if (p.key) index.keys.push_back({static_cast<int64_t>(index.pts.size()), p.dts, p.pos});
        index.pts.push_back(p.pts);
        last = p.pts, have_last = true;
    }
    if (index.pts.empty()) return Error{path + " has no video frames that are shown"};
    if (auto ok = index.validate(); !ok) return Error{path + ": " + ok.error().message};
    if (progress) progress(1.0);
    return index;
}

IndexTask start_frame_index(const std::string& path) {
    IndexTask task;
    task.result =
        std::async(std::launch::async, [path, progress = task.progress, cancel = task.cancel] {
            return build_frame_index(
                path, [&](double p) { progress->store(p); }, cancel.get());
        });
    return task;
}

}  // namespace attune::video
