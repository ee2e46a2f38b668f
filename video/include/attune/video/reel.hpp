#pragma once
// The feedback reel (issue 14 point 5): an MP4 of chosen moments, of one recording or of
// several (a plan drawing on two visits), in the order given, each cut at exact frames (the
// moment's in frame to its out frame, both shown), with a title card before it and its caption
// burned in, optionally repeated at half speed. Every frame of the reel is decoded and encoded
// again: captions are drawn into the pictures, so no stretch of the original can be stream-copied,
// and a plain reel (no cards or captions) is encoded the same way so that the two differ only in
// the text. The reel has no sound track (see docs/feedback.md).
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "attune/result.hpp"
#include "attune/video/frame_index.hpp"

namespace attune::video {

struct ReelMoment {
    std::string recording;  // the moment's recording and its frame index
    std::shared_ptr<const FrameIndex> index;
    int64_t in = 0, out = 0;  // frames of the recording, both shown
    std::string title, theme, caption;
};

struct ReelOptions {
    bool plain = false;         // the moments' frames only: no title cards, no captions
    bool slow_repeat = false;   // each moment again at half speed, straight after
    double card_seconds = 3.0;  // how long a title card stays up
};

// The reel's picture is the first moment's size (an odd width or height made even); moments
// of another recording of another size are scaled to it.
// One stretch of the reel, in order: a title card, a moment, or its slow repeat.
struct ReelPiece {
    enum class Kind { Card, Moment, Slow } kind = Kind::Moment;
    size_t moment = 0;        // which of the moments given
    int64_t frames = 0;       // frames of the reel it takes
    int64_t duration_us = 0;  // how long it plays
};

struct ReelSummary {
    std::vector<ReelPiece> pieces;
    int64_t frames = 0, duration_us = 0;
    int width = 0, height = 0;
};

Result<ReelSummary> write_reel(const std::vector<ReelMoment>& moments, const ReelOptions& options,
                               const std::string& out_path, const Progress& progress = {},
                               const std::atomic<bool>* cancel = nullptr);

}  // namespace attune::video
