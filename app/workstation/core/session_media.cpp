#include "session_media.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "attune/video/cache_budget.hpp"
#include "attune/video/proxy.hpp"
#include "proxy_cache.hpp"

#include "attune/coding/file_identity.hpp"

namespace attune::app {

namespace {

// The size in an identity "size:N sha256:HEX".
std::optional<std::uintmax_t> size_in(const std::string& identity) {
    if (identity.rfind("size:", 0) != 0) return std::nullopt;
    try {
        return std::stoull(identity.substr(5));
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::string how_it_differs(const std::string& coded_on, const std::string& now) {
    const auto was = size_in(coded_on), is = size_in(now);
    std::string why = "This is not the recording this session was coded on (";
    if (was && is && *was != *is)
        why += "the size differs: " + std::to_string(*is) + " bytes now, " + std::to_string(*was) +
               " when it was added";
    else
        why += "same size, but the content differs";
    return why + ")";
}

std::string gigabytes(uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GB", static_cast<double>(bytes) / 1e9);
    return text;
}

}  // namespace

SessionMedia::SessionMedia(std::string path, TaskRunner& tasks, std::function<void()> wake,
                           video::Player::Sound sound, ExpectedRecording expected,
                           std::vector<CachedIndex> cached)
    : path_(std::move(path)),
      tasks_(tasks),
      wake_(std::move(wake)),
      sound_(sound),
      cached_(std::move(cached)) {
    if (!std::filesystem::exists(path_)) {
        problem_ = "The recording is not at " + path_ +
                   ". It may have been moved or renamed: use Locate recording to point to it.";
        return;
    }
    start_indexing(std::move(expected));
}

// `check`: compare the file with the recording coded on first, and stop before indexing
// when it differs (the coder is asked); none once the coder has accepted it.
void SessionMedia::start_indexing(std::optional<ExpectedRecording> check) {
    // The runner wakes the loop as the index grows and when it is done.
    indexing_ = tasks_.start<MediaInfo>(
        "Indexing frames",
        [path = path_, check = std::move(check), cached = cached_](
            const auto& progress, const auto& cancel) -> Result<MediaInfo> {
            auto probed = video::probe(path);
            if (!probed) return probed.error();
            if (!probed->video)
                return Error{path + " has no video stream; choose the session's video file"};
            auto identity = file_identity(path);
            if (!identity) return identity.error();
            if (check && check->coded_on && *identity != *check->coded_on &&
                std::find(check->accepted.begin(), check->accepted.end(), *identity) ==
                    check->accepted.end()) {
                return MediaInfo{*probed, nullptr, *identity, std::nullopt,
                                 how_it_differs(*check->coded_on, *identity)};
            }
            for (const CachedIndex& c : cached) {
                if (c.identity != *identity) continue;
                if (auto kept = video::FrameIndex::deserialize(c.bytes);
                    kept && kept->fits(*probed).ok()) {  // checked against this file
                    return MediaInfo{*probed,
                                     std::make_shared<const video::FrameIndex>(std::move(*kept)),
                                     *identity, std::nullopt, std::nullopt};
                }
            }
            auto index = video::build_frame_index(path, progress, &cancel);
            if (!index) return index.error();
            if (index->frame_count() == 0) return Error{path + " has no decodable video frames"};
            std::string bytes = index->serialize();
            return MediaInfo{*probed, std::make_shared<const video::FrameIndex>(std::move(*index)),
                             *identity, std::move(bytes), std::nullopt};
        });
}

void SessionMedia::open_anyway(std::optional<CachedIndex> cached) {
    if (!differs_) return;
    differs_.reset();
    info_.reset();
    if (cached) cached_.push_back(std::move(*cached));
    start_indexing(std::nullopt);
}

void SessionMedia::stop_proxy() {
    if (!proxy_task_.running()) return;
    proxy_task_.cancel();
    const auto kept = video::proxy_built(proxy_dir_, frame_count());
    proxy_note_ = "Seek proxy stopped: " + std::to_string(kept.chunks) + " of " +
                  std::to_string(video::proxy_chunk_count(frame_count())) +
                  " parts kept; it goes on the next time this recording is opened";
}

bool SessionMedia::proxy_complete() const {
    return !proxy_dir_.empty() && info_ && info_->index &&
           video::proxy_built(proxy_dir_, frame_count()).chunks ==
               video::proxy_chunk_count(frame_count());
}

std::optional<std::string> SessionMedia::identity() const {
    if (!info_) return std::nullopt;
    return info_->identity;
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

size_t SessionMedia::cache_budget_bytes() const {
    if (cache_mib_ > 0) return cache_mib_ << 20;
    const auto& v = *info_->probe.video;
    return video::frame_cache_budget(v.width, v.height, v.bit_depth > 8 ? 2 : 1,
                                     video::physical_memory());
}

std::string SessionMedia::start_proxy() {
    if (!proxy_settings_.enabled) return {};
    const std::string dir = proxy_folder(proxy_settings_.root, info_->identity);
    if (dir.empty()) return {};
    proxy_dir_ = dir;
    const int64_t frames = info_->index->frame_count();
    const video::ProxyProgress built = video::proxy_built(dir, frames);
    if (built.chunks == video::proxy_chunk_count(frames)) {
        touch_proxy(dir);
        return dir;
    }
    const auto& v = *info_->probe.video;
    const uint64_t need =
        std::max(video::proxy_estimate_bytes(v.width, v.height, frames), built.bytes);
    if (!make_room(proxy_settings_.root, dir, need, proxy_settings_.cap_bytes)) {
        proxy_note_ = "No seek proxy: it would take about " + gigabytes(need) +
                      ", more than the proxy cache's cap of " +
                      gigabytes(proxy_settings_.cap_bytes) + " (preference proxy_cache_gib)";
        return {};
    }
    proxy_note_ = "about " + gigabytes(need) + " in " + dir;
    proxy_task_ = tasks_.start<bool>(
        "Seek proxy",
        [path = path_, index = info_->index, dir](const auto& progress,
                                                  const auto& cancel) -> Result<bool> {
            // Behind the coder's work: the encoder's threads inherit the lower priority.
            setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
            if (auto ok = video::build_proxy(path, index, dir, progress, &cancel); !ok)
                return ok.error();
            touch_proxy(dir);
            return true;
        });
    return dir;
}

void SessionMedia::start_player() {
    auto player = video::Player::open(path_, info_->index, wake_, sound_, {}, cache_budget_bytes(),
                                      start_proxy());
    if (!player) {
        problem_ = player.error().message;
        return;
    }
    player_ = std::move(*player);
    seek_frame(0);
    const int64_t first_pts = info_->index->pts.front();
    const video::Rational tb = info_->index->time_base;
    waveform_task_ = tasks_.start<video::Waveform>(
        "Audio waveform", [path = path_, first_pts, tb](const auto& progress, const auto& cancel) {
            return video::compute_waveform(path, first_pts, tb, progress, &cancel);
        });
}

bool SessionMedia::update(int64_t now_us) {
    if (indexing_.ready()) {
        auto info = indexing_.take();
        if (!info) {
            problem_ = info.error().message;
        } else {
            info_ = std::move(*info);
            differs_ = info_->differs;
            differs_news_ = differs_.has_value();
            if (!differs_) start_player();
        }
    }
    if (proxy_task_.ready()) {
        auto done = proxy_task_.take();
        proxy_note_ = done ? "" : "Seek proxy: " + done.error().message;
    }
    if (waveform_task_.ready()) {
        auto w = waveform_task_.take();
        if (w) waveform_ = std::move(*w);  // no audio: the lane says so, nothing else changes
    }
    if (!player_) return false;
    auto frame = player_->take(now_us);
    if (!frame) return false;
    shown_ = std::move(frame);
    if (shown_->proxy) ++proxy_pictures_;
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
