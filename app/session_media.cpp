#include "session_media.hpp"

#include <algorithm>
#include <filesystem>

#include "attune/coding/file_identity.hpp"

namespace attune::app {

SessionMedia::SessionMedia(std::string path, std::function<void()> wake, video::Player::Sound sound,
                           std::optional<CachedIndex> cached)
    : path_(std::move(path)), wake_(std::move(wake)), sound_(sound) {
    if (!std::filesystem::exists(path_)) {
        problem_ = "The recording is not at " + path_ +
                   ". It may have been moved or renamed: use Locate recording to point to it.";
        return;
    }
    indexing_ = BackgroundTask<MediaInfo>(
        "Indexing frames",
        [path = path_, wake = wake_, cached = std::move(cached)](
            const auto& progress, const auto& cancel) -> Result<MediaInfo> {
            auto probed = video::probe(path);
            if (!probed) return probed.error();
            if (!probed->video)
                return Error{path + " has no video stream; choose the session's video file"};
            auto identity = file_identity(path);
            if (!identity) return identity.error();
            if (cached && cached->identity == *identity) {
                if (auto kept = video::FrameIndex::deserialize(cached->bytes);
                    kept && kept->fits(*probed).ok()) {  // checked against this file
                    if (wake) wake();
                    return MediaInfo{*probed,
                                     std::make_shared<const video::FrameIndex>(std::move(*kept)),
                                     *identity, std::nullopt};
                }
            }
            auto index = video::build_frame_index(path, progress, &cancel);
            if (wake) wake();
            if (!index) return index.error();
            if (index->frame_count() == 0) return Error{path + " has no decodable video frames"};
            std::string bytes = index->serialize();
            return MediaInfo{*probed, std::make_shared<const video::FrameIndex>(std::move(*index)),
                             *identity, std::move(bytes)};
        });
}

std::optional<CachedIndex> SessionMedia::take_new_index() {
    if (!info_ || !info_->new_index) return std::nullopt;
    CachedIndex out{info_->identity, std::move(*info_->new_index)};
    info_->new_index.reset();
    return out;
}

std::optional<std::string> SessionMedia::problem() const {
    if (problem_) return problem_;
    if (player_) return player_->last_error();
    return std::nullopt;
}

void SessionMedia::start_player() {
    auto player = video::Player::open(path_, info_->index, wake_, sound_);
    if (!player) {
        problem_ = player.error().message;
        return;
    }
    player_ = std::move(*player);
    seek_frame(0);
    const int64_t first_pts = info_->index->pts.front();
    const video::Rational tb = info_->index->time_base;
    waveform_task_ = BackgroundTask<video::Waveform>(
        "Audio waveform",
        [path = path_, first_pts, tb, wake = wake_](const auto& progress, const auto& cancel) {
            auto w = video::compute_waveform(path, first_pts, tb, progress, &cancel);
            if (wake) wake();
            return w;
        });
}

bool SessionMedia::update(int64_t now_us) {
    if (indexing_.ready()) {
        auto info = indexing_.take();
        if (!info)
            problem_ = info.error().message;
        else {
            info_ = std::move(*info);
            start_player();
        }
    }
    if (waveform_task_.ready()) {
        auto w = waveform_task_.take();
        if (w) waveform_ = std::move(*w);  // no audio: the lane says so, nothing else changes
    }
    if (!player_) return false;
    auto frame = player_->take(now_us);
    if (!frame) return false;
    shown_ = std::move(frame);
    return true;
}

std::optional<FrameTime> SessionMedia::now() const {
    if (!shown_) return std::nullopt;
    return FrameTime{shown_->index, shown_->t_us};
}

void SessionMedia::seek_frame(int64_t frame) {
    if (!player_) return;
    target_frame_ = std::clamp<int64_t>(frame, 0, frame_count() - 1);
    awaited_serial_ = player_->seek_frame(target_frame_);
}

void SessionMedia::seek_time_us(int64_t t_us) {
    if (!player_) return;
    seek_frame(index()->frame_at_us(t_us));
}

void SessionMedia::step(int64_t frames) {
    if (!player_) return;
    // Keys pressed faster than frames arrive add up; after playback, step from what is seen.
    const bool from_screen = (player_->playing() || settled()) && shown_;
    const int64_t from = from_screen ? shown_->index : target_frame_;
    target_frame_ = std::clamp<int64_t>(from + frames, 0, frame_count() - 1);
    awaited_serial_ = player_->seek_frame(target_frame_);
}

void SessionMedia::toggle_play() {
    if (!player_) return;
    if (player_->playing())
        pause();
    else
        awaited_serial_ = player_->play();
}

void SessionMedia::pause() {
    if (!player_ || !player_->playing()) return;
    player_->pause();  // stays on the frame on screen; no new frame answers it
    if (shown_) target_frame_ = shown_->index;
}

void SessionMedia::set_rate(double rate) {
    if (player_) player_->set_rate(rate);
}

bool SessionMedia::settled() const {
    if (!player_) return false;
    if (player_->playing()) return true;
    return shown_ && shown_->serial >= awaited_serial_;
}

}  // namespace attune::app
