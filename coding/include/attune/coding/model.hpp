#pragma once
// The study's contents as plain values, compared and printed in tests.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace attune {

struct Session {
    int64_t id = 0;
    std::string participant;          // pseudonymous code
    std::string label;                // unique within the study, e.g. "P014-T1"
    std::optional<std::string> date;  // ISO 8601 (YYYY-MM-DD)
    std::optional<double> child_age_months;
    std::optional<std::string> recording_path;
    std::optional<std::string> recording_identity;  // size + content hash of the file
    std::map<std::string, std::string> variables;   // independent variables: site, condition...
};

enum class PassRole { Primary, Reliability, Consensus };
const char* to_string(PassRole r);
std::optional<PassRole> pass_role_from(const std::string& s);

struct Pass {
    int64_t id = 0;
    int64_t session_id = 0;
    std::string coder;
    PassRole role = PassRole::Primary;
    int64_t scheme_snapshot_id = 0;
};

// One coded behaviour. A point event has stop == start; a state still running has no stop.
struct Event {
    int64_t id = 0;
    int64_t pass_id = 0;
    std::string subject, behaviour;
    int64_t start_frame = 0, start_us = 0;
    std::optional<int64_t> stop_frame, stop_us;
    std::map<std::string, std::string> modifiers;
    std::string comment;

    bool open() const { return !stop_frame.has_value(); }
    bool operator==(const Event&) const = default;
};

// A moment on the session timeline: the frame on screen and its presentation time.
struct FrameTime {
    int64_t frame = 0;
    int64_t t_us = 0;
    bool operator==(const FrameTime&) const = default;
};

struct Rating {
    std::string scale, target, episode;  // episode "ALL" for session-level scales
    int value = 0;
    bool operator==(const Rating&) const = default;
};

struct Classification {
    std::string code;  // A1..C2, D, CC (or a group code A/B/C)
    std::optional<int> d_rating;
    std::optional<std::string> secondary;
    std::optional<int> confidence;  // 1 uncertain .. 3 confident
    std::string notes;
    bool operator==(const Classification&) const = default;
};

// A note a coder or supervisor leaves at a moment of the session (or on the pass as a whole).
struct Comment {
    int64_t id = 0;
    std::optional<FrameTime> at;
    std::string text;
    std::string created_at;
};

}  // namespace attune
