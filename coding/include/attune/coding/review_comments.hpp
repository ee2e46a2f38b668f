#pragma once
// A supervisor's (or a coder's) threaded comments on what a pass holds: an event, a rating
// cell (scale x target x episode), an episode or the classification (issue 12 point 7;
// study format 5, table review_comment). The first comment opens a thread; replies name
// it. The coder sees them as badges in the timeline and the lists.
//
// Comments are study-level changes (like sign-off): the coder's Ctrl+Z in the pass never
// takes a supervisor's comment away. A signed-off pass refuses new ones (the file does).
// They belong to a pass, so a coder blind to the primary pass never sees its comments.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/study.hpp"

namespace attune {

enum class CommentAbout { Event, Rating, Episode, Classification };

// What a thread is about, written as the CLI takes it: "event 12", "rating
// PROXIMITY_SEEKING/CAREGIVER/E5", "episode E5", "classification".
struct CommentTarget {
    CommentAbout about = CommentAbout::Classification;
    int64_t event_id = 0;                // Event
    std::string scale, target, episode;  // Rating (all three); Episode (episode)
    std::string text() const;
    bool operator==(const CommentTarget&) const = default;
};
CommentTarget event_comment_target(int64_t event_id);
CommentTarget rating_comment_target(std::string scale, std::string target, std::string episode);
CommentTarget episode_comment_target(std::string episode);
CommentTarget classification_comment_target();

struct ReviewComment {
    int64_t id = 0, pass_id = 0;
    int64_t thread_id = 0;  // the thread's first comment (its own id when it opens one)
    CommentTarget about;
    std::string author, text, created_at;
};

// Opens a thread on the target, which must be in the pass (an event of it, a scale and
// episode of its scheme). Returns the new comment's id (the thread's id).
Result<int64_t> add_review_comment(Study& study, int64_t pass_id, const CommentTarget& about,
                                   const std::string& text);
// Replies in the thread of `comment_id` (any comment of it). Returns the reply's id.
Result<int64_t> reply_to_review_comment(Study& study, int64_t comment_id, const std::string& text);
std::optional<ReviewComment> get_review_comment(Study& study, int64_t comment_id);
// The pass's comments, thread by thread, each thread oldest first.
std::vector<ReviewComment> review_comments(Study& study, int64_t pass_id);

// For badges: how many comments each target has (by CommentTarget::text()).
std::map<std::string, int> comment_counts(const std::vector<ReviewComment>& comments);

}  // namespace attune
