#include "attune/video/frame_source.hpp"

#include "attune/video/av_error.hpp"
#include "open_input.hpp"

namespace attune::video {

Result<std::unique_ptr<FrameSource>> FrameSource::open(const std::string& path,
                                                       std::shared_ptr<const FrameIndex> index) {
    if (!index || index->frame_count() == 0) return Error{"no frame index for " + path};
    if (auto ok = index->validate(); !ok)
        return Error{ok.error().message + ", so frames of " + path +
                     " cannot be found: rebuild it"};
    auto in = open_input(path);
    if (!in) return in.error();
    std::unique_ptr<FrameSource> s(new FrameSource);
    s->path_ = path;
    s->index_ = std::move(index);
    s->in_ = std::move(*in);
    s->stream_ = s->index_->stream;
    if (s->stream_ < 0 || s->stream_ >= static_cast<int>(s->in_->nb_streams))
        return Error{"the frame index does not match " + path + "; rebuild it"};
    for (unsigned i = 0; i < s->in_->nb_streams; ++i)
        if (static_cast<int>(i) != s->stream_) s->in_->streams[i]->discard = AVDISCARD_ALL;
    AVStream* st = s->in_->streams[s->stream_];
    if (st->time_base.num != s->index_->time_base.num ||
        st->time_base.den != s->index_->time_base.den)
        return Error{"the frame index does not match " + path + " (another time base); rebuild it"};
    auto dec = open_decoder(path, st, 2);
    if (!dec) return dec.error();
    s->dec_ = std::move(*dec);
    s->packet_ = make_packet();
    for (size_t i = 0; i < s->index_->release_dts.size(); ++i)
        s->frame_of_release_.emplace(s->index_->release_dts[i], static_cast<int64_t>(i));
    return s;
}

FrameSource::~FrameSource() = default;

Status FrameSource::seek_to(int64_t target) {
    const SeekPoint& key = index_->seek_point_for(target);
    int rc;
    if (index_->byte_seek && key.pos >= 0)
        rc = av_seek_frame(in_.get(), stream_, key.pos, AVSEEK_FLAG_BYTE);
    else
        // Demuxers with an index (MP4, Matroska) look keyframes up by presentation time; AVI,
        // whose packets carry no pts, by decode time.
        rc = av_seek_frame(
            in_.get(), stream_,
            index_->decode_order ? key.dts : index_->pts[static_cast<size_t>(key.frame)],
            AVSEEK_FLAG_BACKWARD);
    if (rc < 0) return Error{"cannot seek in " + path_ + ": " + av_error_text(rc)};
    avcodec_flush_buffers(dec_.get());
    input_done_ = false;
    next_ = index_->decode_order ? key.frame : -1;  // -1: identify frames by their pts
    ++stats_.seeks;
    return ok_status();
}

Result<DecodedFrame> FrameSource::next_frame(int64_t target) {
    FramePtr f = make_frame();
    const int64_t target_pts = index_->pts[static_cast<size_t>(target)];
    for (;;) {
        int rc = avcodec_receive_frame(dec_.get(), f.get());
        if (rc >= 0) {
            ++stats_.frames_decoded;
            DecodedFrame d;
            d.pts = f->best_effort_timestamp;
            if (index_->decode_order) {
                auto it = frame_of_release_.find(f->pkt_dts);
                d.index = it != frame_of_release_.end() ? it->second
                                                        : next_;  // the drain at the end: count on
                next_ = d.index + 1;
                if (d.index >= index_->frame_count()) return Error{"end of data in " + path_};
                d.pts = index_->pts[static_cast<size_t>(d.index)];
            } else {
                auto i = index_->frame_with_pts(d.pts);
                if (!i)
                    continue;  // a frame the index does not know (e.g. an undecodable leading
                               // picture)
                d.index = *i;
                next_ = d.index + 1;
            }
            d.frame = std::move(f);
            return d;
        }
        if (rc == AVERROR_EOF)
            return Error{"end of data in " + path_ + " before frame " + std::to_string(target) +
                         ": the file may be truncated"};
        if (rc != AVERROR(EAGAIN))
            return Error{"decoding failed in " + path_ + ": " + av_error_text(rc)};
        if (input_done_) return Error{"end of data in " + path_};
        if (interrupt_ && interrupt_()) {
            interrupted_ = true;
            return Error{"decoding frame " + std::to_string(target) + " was interrupted"};
        }
        rc = av_read_frame(in_.get(), packet_.get());
        if (rc < 0) {
            input_done_ = true;
            avcodec_send_packet(dec_.get(), nullptr);  // drain what the decoder holds
            continue;
        }
        if (packet_->stream_index == stream_) {
            ++stats_.packets;
            // Non-reference frames before the target are never shown and never referenced.
            const bool before = skip_nonref_ && !index_->decode_order &&
                                packet_->pts != AV_NOPTS_VALUE && packet_->pts < target_pts;
            dec_->skip_frame = before ? AVDISCARD_NONREF : AVDISCARD_DEFAULT;
            if (int s = avcodec_send_packet(dec_.get(), packet_.get());
                s < 0 && s != AVERROR(EAGAIN) && s != AVERROR_INVALIDDATA)
                return Error{"decoding failed in " + path_ + ": " + av_error_text(s)};
        }
        av_packet_unref(packet_.get());
    }
}

Result<DecodedFrame> FrameSource::frame(int64_t target) {
    interrupted_ = false;
    if (target < 0 || target >= index_->frame_count())
        return Error{"frame " + std::to_string(target) + " is outside the recording (0-" +
                     std::to_string(index_->frame_count() - 1) + ")"};
    const int64_t previous = last_target_;
    last_target_ = target;
    if (cache_) {
        if (FramePtr hit = cache_->get(target)) {
            ++stats_.cache_hits;
            return DecodedFrame{target, index_->pts[static_cast<size_t>(target)], std::move(hit)};
        }
    }
    // Stepping or scrubbing backwards: decode the whole stretch from the keyframe
    // (no frames skipped) so the frames before the target are cached on the way.
    const bool backwards = cache_ && previous >= 0 && target < previous;
    // Decode on when no keyframe lies between the decoder's position and the target;
    // otherwise seeking to the target's keyframe skips everything before it.
    const bool ahead =
        next_ >= 0 && target >= next_ && index_->seek_point_for(target).frame <= next_;
    skip_nonref_ = !backwards;
    if (!ahead) {
        if (auto ok = seek_to(target); !ok) return ok.error();
    }
    for (int attempt = 0; attempt < 2; ++attempt) {
        for (;;) {
            auto d = next_frame(target);
            if (!d) {
                if (interrupted_) last_target_ = previous;  // not reached: no direction
                return d.error();
            }
            if (cache_) cache_->put(d->index, d->frame.get());
            if (d->index == target) return std::move(*d);
            if (d->index > target)
                break;  // passed it (e.g. a frame skipped): seek again, skipping nothing
            ++stats_.frames_skipped;
        }
        skip_nonref_ = false;
        if (auto ok = seek_to(target); !ok) return ok.error();
    }
    return Error{"could not decode frame " + std::to_string(target) + " of " + path_};
}

}  // namespace attune::video
