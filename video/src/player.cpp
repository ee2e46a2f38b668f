#include "attune/video/player.hpp"

#include <algorithm>

#include "attune/video/audio_track.hpp"
#include "attune/video/frame_cache.hpp"
#include "attune/video/frame_source.hpp"
#include "attune/video/proxy_source.hpp"
#include "picture_of_frame.hpp"

namespace attune::video {

static_assert(Player::kDefaultCacheBytes == FrameCache::kDefaultBudget);

Player::Player() = default;

Result<std::unique_ptr<Player>> Player::open(const std::string& path,
                                             std::shared_ptr<const FrameIndex> index,
                                             std::function<void()> wake, Sound sound, AudioTap tap,
                                             size_t cache_bytes, std::string proxy_dir) {
    auto source = FrameSource::open(path, index);
    if (!source) return source.error();
    std::unique_ptr<Player> p(new Player);
    p->index_ = std::move(index);
    p->source_ = std::move(*source);
    p->cache_ = std::make_unique<FrameCache>(cache_bytes);
    p->source_->set_cache(p->cache_.get());
    // A newer command makes the frame being decoded stale: stop and answer it.
    p->source_->set_interrupt([raw = p.get()] {
        std::lock_guard lock(raw->mutex_);
        return !raw->commands_.empty();
    });
    if (!proxy_dir.empty())
        p->proxy_ = std::make_unique<ProxySource>(std::move(proxy_dir), p->index_->frame_count());
    p->wake_ = std::move(wake);
    if (sound != Sound::Off) {
        const AVRational tb{p->index_->time_base.num, p->index_->time_base.den};
        const int64_t origin = av_rescale_q(p->index_->pts.front(), tb, AVRational{1, 1000000});
        auto audio = AudioTrack::open(path, origin, sound == Sound::Device, std::move(tap));
        if (audio)
            p->audio_ = std::move(
                *audio);  // no sound (or undecodable sound): video plays on the wall clock
    }
    p->worker_ = std::thread([raw = p.get()] { raw->run(); });
    return p;
}

Player::~Player() {
    send(Kind::Close);
    if (worker_.joinable()) worker_.join();
    audio_.reset();
}

bool Player::audio_clock() const {
    std::lock_guard lock(mutex_);
    return audio_master_;
}

uint64_t Player::send(Kind kind, int64_t value, double rate) {
    std::lock_guard lock(mutex_);
    const uint64_t serial = ++serial_;
    if (kind == Kind::Rate) {  // takes effect at once; the clock restarts from the next frame shown
        rate_ = rate;
        anchor_wall_us_ = -1;
        if (playing_ && audio_)
            audio_master_ = audio_->start(index_->t_us(std::max<int64_t>(shown_, 0)), rate_);
    } else {  // any frame produced for an older command is now stale
        display_serial_ = serial;
        frames_.clear();
        if (audio_) {
            if (kind == Kind::Play)
                audio_master_ =
                    audio_->start(index_->t_us(std::min(std::max<int64_t>(shown_, -1) + 1,
                                                        index_->frame_count() - 1)),
                                  rate_);
            else
                audio_->stop(), audio_master_ = false;
        }
    }
    commands_.push_back({kind, serial, value, rate});
    changed_.notify_all();
    return serial;
}

uint64_t Player::play() {
    return send(Kind::Play);
}
uint64_t Player::pause() {
    return send(Kind::Pause);
}
uint64_t Player::set_rate(double rate) {
    return send(Kind::Rate, 0, std::clamp(rate, kMinRate, kMaxRate));
}
uint64_t Player::seek_frame(int64_t frame) {
    return send(Kind::SeekFrame, frame);
}
uint64_t Player::seek_time_us(int64_t t_us) {
    return send(Kind::SeekFrame, index_->frame_at_us(t_us));
}
uint64_t Player::step(int64_t frames) {
    return send(Kind::Step, frames);
}

uint64_t Player::serial() const {
    std::lock_guard lock(mutex_);
    return serial_;
}
int64_t Player::shown_frame() const {
    std::lock_guard lock(mutex_);
    return shown_;
}
bool Player::playing() const {
    std::lock_guard lock(mutex_);
    return playing_;
}
double Player::rate() const {
    std::lock_guard lock(mutex_);
    return rate_;
}
std::optional<std::string> Player::last_error() const {
    std::lock_guard lock(mutex_);
    return error_;
}

std::optional<PlayerFrame> Player::take(int64_t now_us) {
    std::lock_guard lock(mutex_);
    while (!frames_.empty() && frames_.front().serial < display_serial_) frames_.pop_front();
    if (frames_.empty()) return std::nullopt;
    if (playing_ && audio_master_) {  // the audio clock is the master: show what is being heard
        const auto heard = audio_->clock_us(now_us);
        if (!heard || frames_.front().t_us > *heard) return std::nullopt;
        while (frames_.size() > 1 && frames_[1].t_us <= *heard) frames_.pop_front();
    } else if (playing_ &&
               anchor_wall_us_ < 0) {  // the first frame of playback starts the wall clock
        anchor_wall_us_ = now_us;
        anchor_frame_ = frames_.front().index;
    }
    if (playing_ && !audio_master_) {
        if (wall_due_us(frames_.front()) > now_us) return std::nullopt;
        while (frames_.size() > 1 && wall_due_us(frames_[1]) <= now_us)
            frames_.pop_front();  // late: pass over
    }
    PlayerFrame f = std::move(frames_.front());
    frames_.pop_front();
    shown_ = f.index;
    changed_.notify_all();  // room in the queue
    return f;
}

int64_t Player::wall_due_us(const PlayerFrame& f) const {
    const double since_anchor_us = static_cast<double>(f.t_us - index_->t_us(anchor_frame_));
    return anchor_wall_us_ + static_cast<int64_t>(since_anchor_us / rate_);
}

const PlayerFrame* Player::front_current() const {
    for (const auto& f : frames_)
        if (f.serial >= display_serial_) return &f;
    return nullptr;
}

std::optional<int64_t> Player::next_due_us(int64_t now_us) const {
    std::lock_guard lock(mutex_);
    const PlayerFrame* f = front_current();
    if (!f) return std::nullopt;
    if (!playing_) return now_us;  // the answer to a seek or step: show it at once
    if (audio_master_) {
        const auto heard = audio_->clock_us(now_us);
        if (!heard) return now_us + kClockStartUs;
        const double ahead_us = static_cast<double>(std::max<int64_t>(0, f->t_us - *heard));
        return now_us + static_cast<int64_t>(ahead_us / rate_);
    }
    if (anchor_wall_us_ < 0) return now_us;  // the first frame of playback starts the clock
    return std::max(now_us, wall_due_us(*f));
}

void Player::publish(uint64_t serial, DecodedFrame&& d, bool proxy) {
    PlayerFrame shown{picture_of_frame(std::move(d.frame), d.index, index_->t_us(d.index)), serial,
                      proxy};
    bool wake = false;
    {
        std::unique_lock lock(mutex_);
        if (serial < display_serial_)
            return;  // a newer command came meanwhile: never deliver stale frames
        // The loop sleeps until the oldest queued frame is due (next_due_us): only the
        // first frame queued changes when that is.
        wake = front_current() == nullptr;
        frames_.push_back(std::move(shown));
        position_ = d.index;
        error_.reset();  // a frame decoded after the damage: the error is behind us
    }
    if (wake && wake_) wake_();
}

bool Player::show_proxy_first(uint64_t serial, int64_t target) {
    if (!proxy_ || cache_->contains(target)) return false;
    const int64_t at = source_->position();
    if (at >= 0 && target >= at && target < at + 3) return false;  // decoding on is as quick
    if (!proxy_->has(target)) return false;
    auto d = proxy_->frame(target);
    if (!d) return false;  // a damaged chunk: the original answers alone
    publish(serial, std::move(*d), true);
    std::lock_guard lock(mutex_);
    refine_ = target, refine_serial_ = serial;
    return true;
}

void Player::run() {
    uint64_t play_serial = 0;
    for (;;) {
        Command cmd{Kind::Pause, 0};
        bool have_command = false;
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [&] {
                return !commands_.empty() || (!playing_ && refine_ >= 0) ||
                       (playing_ && frames_.size() < kQueueFrames &&
                        position_ + 1 < index_->frame_count());
            });
            if (!commands_.empty()) {
                cmd = commands_.front();
                commands_.pop_front();
                have_command = true;
            }
        }
        int64_t target = -1;
        uint64_t serial = play_serial;
        if (have_command) {
            serial = cmd.serial;
            std::unique_lock lock(mutex_);
            // What a seek, step or play shows replaces the owed frame; a pause or a rate
            // change still owes it (the pause answers with it).
            if (cmd.kind != Kind::Rate && cmd.kind != Kind::Pause) refine_ = -1;
            switch (cmd.kind) {
                case Kind::Close:
                    return;
                case Kind::Play:
                    playing_ = true;
                    play_serial = cmd.serial;
                    position_ = shown_;    // continue from the frame on screen
                    anchor_wall_us_ = -1;  // the clock starts when the first frame is taken
                    continue;
                case Kind::Pause:
                    // Stop on the frame on screen, not on the frames decoded ahead of it.
                    playing_ = false;
                    position_ = shown_;
                    if (refine_ >= 0) refine_serial_ = cmd.serial;
                    continue;
                case Kind::Rate:
                    continue;  // applied when sent
                case Kind::SeekFrame:
                    target = cmd.value;
                    playing_ = false;
                    break;
                case Kind::Step:
                    target = std::max<int64_t>(shown_, 0) + cmd.value;
                    playing_ = false;
                    break;
            }
            target = std::clamp<int64_t>(target, 0, index_->frame_count() - 1);
            lock.unlock();
            if (show_proxy_first(serial, target)) continue;  // the original's frame next
        } else {
            std::lock_guard lock(mutex_);
            if (playing_) {
                target = position_ + 1;  // the next frame
            } else {                     // the original's frame behind the proxy picture on screen
                target = std::exchange(refine_, -1);
                serial = refine_serial_;
            }
        }
        auto d = source_->frame(target);
        if (!d) {
            std::lock_guard lock(mutex_);
            if (source_->interrupted()) {  // a newer command first: the frame stays owed to it
                if (!playing_) refine_ = target, refine_serial_ = serial;
                continue;
            }
            error_ = d.error().message;
            playing_ = false;
            continue;
        }
        publish(serial, std::move(*d));
    }
}

}  // namespace attune::video
