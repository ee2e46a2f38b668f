#pragma once
// The recording of the open session as the workstation sees it: probed, checked to
// be the file the pass was coded on, and indexed in the background (progress shown),
// then played by a video::Player; the frame on screen; the waveform, computed after
// the index. Every coded event takes its time from shown(): the frame that is on screen.
// A file that is not the one coded on plays only after open_anyway().
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "attune/coding/model.hpp"
#include "attune/video/player.hpp"
#include "attune/video/probe.hpp"
#include "attune/video/waveform.hpp"
#include "task_runner.hpp"

namespace attune::app {

struct MediaInfo {
    video::ProbeInfo probe;
    std::shared_ptr<const video::FrameIndex> index;
    std::string identity;                  // of the file as it is now (size + content hashes)
    std::optional<std::string> new_index;  // serialized, when the index was built, not cached
    std::optional<std::string> differs;    // why this is not the file coded on (then no index)
};

// The seek proxy (video/proxy.hpp) as the preferences set it: off, or built in the
// background into `root` (proxy_cache.hpp) while the folders there stay under `cap_bytes`.
struct ProxySettings {
    bool enabled = false;
    std::string root;
    uint64_t cap_bytes = 0;
};

// A frame index kept in the study for a recording with this identity.
struct CachedIndex {
    std::string identity, bytes;
};

// What the file must be to play without asking: the recording the session was added
// with, or another file a coder accepted for this pass.
struct ExpectedRecording {
    std::optional<std::string> coded_on;  // none for sessions added without one: not compared
    std::vector<std::string> accepted;
};

class SessionMedia {
  public:
    // `cached`: indexes the study holds for the recording; one is used when the file's
    // identity matches it, else the recording is indexed again. `tasks` runs the indexing
    // and the waveform.
    SessionMedia(std::string path, TaskRunner& tasks, std::function<void()> wake,
                 video::Player::Sound sound, ExpectedRecording expected = {},
                 std::vector<CachedIndex> cached = {});

    // Once per drawn frame: collects finished background work and the next frame to
    // show. Returns true when the frame on screen changed.
    bool update(int64_t now_us);
    // A freshly built index for the study to keep (once), so the next open skips the scan.
    std::optional<CachedIndex> take_new_index();

    const std::string& path() const { return path_; }
    bool ready() const { return player_ != nullptr; }
    std::optional<std::string> problem() const;  // why nothing can be shown
    // Set when the file at the path is not the one the pass was coded on: what differs.
    // Nothing plays (and so no key codes) until open_anyway().
    const std::optional<std::string>& differs() const { return differs_; }
    // True once after differs() is set, so the status line can say it too.
    bool take_differs_news() { return std::exchange(differs_news_, false); }
    // The identity of the file as it is now, once it has been read.
    std::optional<std::string> identity() const;
    // The coder accepted the different file: index it (or use `cached`) and play it.
    void open_anyway(std::optional<CachedIndex> cached = std::nullopt);
    const Task<MediaInfo>& indexing() const { return indexing_; }
    const Task<video::Waveform>& waveform_task() const { return waveform_task_; }
    const video::Waveform* waveform() const { return waveform_ ? &*waveform_ : nullptr; }
    const video::FrameIndex* index() const { return info_ ? info_->index.get() : nullptr; }
    int rotation() const {
        return info_ && info_->probe.video ? info_->probe.video->rotation_degrees : 0;
    }
    int64_t frame_count() const { return index() ? index()->frame_count() : 0; }

    const std::optional<video::PlayerFrame>& shown() const { return shown_; }
    std::optional<FrameTime> now() const;  // the frame on screen and its time

    // Transport. Seeks and steps count as settled once their frame is on screen.
    void seek_frame(int64_t frame);
    void seek_time_us(int64_t t_us);
    void step(int64_t frames);
    void toggle_play();
    void pause();
    void set_rate(double rate);
    double rate() const { return player_ ? player_->rate() : 1.0; }
    bool playing() const { return player_ && player_->playing(); }
    bool settled() const;
    // True once the frame on screen answers the last seek, step or play request (while
    // playing too), not one asked for before it.
    bool answered() const { return shown_ && shown_->serial >= awaited_serial_; }
    // When the next frame falls due on screen (video::Player::next_due_us): nothing while
    // none is on its way (the player's wake says when one is) or none can come at all.
    std::optional<int64_t> next_frame_due_us(int64_t now_us) const {
        return player_ ? player_->next_due_us(now_us) : std::nullopt;
    }
    int64_t target_frame() const { return target_frame_; }
    // The decoded-frame cache's budget: `mib` (a preference), or 0 for one that fits the
    // frame size and this machine's memory (video/cache_budget.hpp). Read when the
    // player starts.
    void set_cache_mib(size_t mib) { cache_mib_ = mib; }
    size_t cache_budget_bytes() const;  // once the recording is probed
    // Read when the player starts, like the cache's budget.
    void set_proxy(ProxySettings settings) { proxy_settings_ = std::move(settings); }
    // The proxy being built (its progress in the status bar), and how to stop it: what is
    // built is kept and the build goes on the next time the recording is opened.
    const Task<bool>& proxy_task() const { return proxy_task_; }
    void stop_proxy();
    // What the status bar says of the proxy: being built (where, how big), or why not.
    const std::string& proxy_note() const { return proxy_note_; }
    // True when every chunk of the recording's proxy is on disk.
    bool proxy_complete() const;
    // Pictures taken for the screen from the proxy (each followed by the original's).
    int64_t proxy_pictures() const { return proxy_pictures_; }

  private:
    void start_indexing(std::optional<ExpectedRecording> check);
    void start_player();
    // The proxy's folder for this recording, its build started when it is not complete;
    // empty for none.
    std::string start_proxy();

    std::string path_;
    TaskRunner& tasks_;
    std::function<void()> wake_;
    video::Player::Sound sound_;
    Task<MediaInfo> indexing_;
    Task<video::Waveform> waveform_task_;
    std::optional<MediaInfo> info_;
    std::optional<video::Waveform> waveform_;
    std::optional<std::string> problem_;
    std::optional<std::string> differs_;
    bool differs_news_ = false;
    std::vector<CachedIndex> cached_;
    std::unique_ptr<video::Player> player_;
    std::optional<video::PlayerFrame> shown_;
    uint64_t awaited_serial_ = 0;
    int64_t target_frame_ = 0;  // where the last seek or step should land
    size_t cache_mib_ = 0;
    ProxySettings proxy_settings_;
    Task<bool> proxy_task_;
    std::string proxy_dir_;
    std::string proxy_note_;
    int64_t proxy_pictures_ = 0;
};

}  // namespace attune::app
