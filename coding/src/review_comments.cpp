#include "attune/coding/review_comments.hpp"

#include <algorithm>
#include <cctype>

#include "attune/coding/blinding.hpp"
#include "attune/coding/records.hpp"
#include "study_access.hpp"

namespace attune {

CommentTarget event_comment_target(int64_t event_id) {
    CommentTarget t;
    t.about = CommentAbout::Event;
    t.event_id = event_id;
    return t;
}

CommentTarget rating_comment_target(std::string scale, std::string target, std::string episode) {
    CommentTarget t;
    t.about = CommentAbout::Rating;
    t.scale = std::move(scale), t.target = std::move(target), t.episode = std::move(episode);
    return t;
}

CommentTarget episode_comment_target(std::string episode) {
    CommentTarget t;
    t.about = CommentAbout::Episode;
    t.episode = std::move(episode);
    return t;
}

CommentTarget classification_comment_target() {
    return {};
}

std::string CommentTarget::text() const {
    switch (about) {
        case CommentAbout::Event:
            return "event " + std::to_string(event_id);
        case CommentAbout::Rating:
            return "rating " + scale + "/" + target + "/" + episode;
        case CommentAbout::Episode:
            return "episode " + episode;
        case CommentAbout::Classification:
            break;
    }
    return "classification";
}

namespace {

const char* about_column(CommentAbout a) {
    switch (a) {
        case CommentAbout::Event:
            return "event";
        case CommentAbout::Rating:
            return "rating";
        case CommentAbout::Episode:
            return "episode";
        case CommentAbout::Classification:
            break;
    }
    return "classification";
}

CommentAbout about_from(const std::string& s) {
    if (s == "event") return CommentAbout::Event;
    if (s == "rating") return CommentAbout::Rating;
    if (s == "episode") return CommentAbout::Episode;
    return CommentAbout::Classification;
}

bool blank(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

// Why the target is not something of this pass to comment on, if it is not.
std::optional<std::string> not_in_pass(Study& study, const Pass& pass, const CommentTarget& t) {
    if (t.about == CommentAbout::Event) {
        auto q = study_db(study).prepare("SELECT 1 FROM event WHERE id = ? AND pass_id = ?");
        if (!q.bind_all(t.event_id, pass.id).step())
            return "the pass has no event " + std::to_string(t.event_id) +
                   " (attune-cli events list shows each event's id)";
        return std::nullopt;
    }
    if (t.about == CommentAbout::Classification) return std::nullopt;
    auto scheme = load_scheme_snapshot(study, pass.scheme_snapshot_id);
    if (!scheme) return scheme.error().message;
    const bool whole_session = t.about == CommentAbout::Rating && t.episode == "ALL";
    if (!whole_session && !scheme->episode(t.episode))
        return "the scheme has no episode " + t.episode;
    if (t.about == CommentAbout::Rating) {
        const RatingScale* scale = scheme->scale(t.scale);
        if (!scale) return "the scheme has no rating scale " + t.scale;
        if (!scheme->scale_applies(*scale, t.target, t.episode))
            return "the scheme does not rate " + t.scale + " for " + t.target + " in " + t.episode;
    }
    return std::nullopt;
}

Result<int64_t> insert_comment(Study& study, int64_t pass_id, std::optional<int64_t> thread,
                               const CommentTarget& t, const std::string& text) {
    if (blank(text)) return Error{"a comment needs some text"};
    int64_t id = 0;
    const std::string label =
        thread ? "reply to comment " + std::to_string(*thread) : "comment on " + t.text();
    auto ok = study.change(label, std::nullopt, [&](sql::Db& db) {
        const bool event = t.about == CommentAbout::Event;
        const bool cell = t.about == CommentAbout::Rating;
        const bool episode = cell || t.about == CommentAbout::Episode;
        db.prepare(
              "INSERT INTO review_comment (pass_id, thread_id, about, event_id, scale, target, "
              "episode, author, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
              "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
            .bind_all(pass_id, thread, std::string(about_column(t.about)),
                      event ? std::optional(t.event_id) : std::nullopt,
                      cell ? std::optional(t.scale) : std::nullopt,
                      cell ? std::optional(t.target) : std::nullopt,
                      episode ? std::optional(t.episode) : std::nullopt, study.user(), text)
            .run();
        id = db.last_insert_id();  // a thread's first comment keeps thread_id NULL
        return ok_status();
    });
    if (!ok) return ok.error();
    return id;
}

ReviewComment comment_from_row(const sql::Stmt& q) {
    ReviewComment c;
    c.id = q.int64(0), c.pass_id = q.int64(1), c.thread_id = q.opt_int64(2).value_or(c.id);
    c.about.about = about_from(q.text(3));
    c.about.event_id = q.opt_int64(4).value_or(0);
    c.about.scale = q.opt_text(5).value_or(""), c.about.target = q.opt_text(6).value_or("");
    c.about.episode = q.opt_text(7).value_or("");
    c.author = q.text(8), c.text = q.text(9), c.created_at = q.text(10);
    return c;
}

constexpr const char* kCommentColumns =
    "SELECT id, pass_id, thread_id, about, event_id, scale, target, episode, author, text, "
    "created_at FROM review_comment ";

}  // namespace

Result<int64_t> add_review_comment(Study& study, int64_t pass_id, const CommentTarget& about,
                                   const std::string& text) {
    const auto pass = get_pass(study, pass_id);
    if (!pass) return Error{"there is no pass " + std::to_string(pass_id)};
    if (auto why = blind_refusal(study, study.user(), pass_id)) return Error{*why};
    if (auto why = not_in_pass(study, *pass, about)) return Error{*why};
    return insert_comment(study, pass_id, std::nullopt, about, text);
}

Result<int64_t> reply_to_review_comment(Study& study, int64_t comment_id, const std::string& text) {
    const auto to = get_review_comment(study, comment_id);
    if (!to) return Error{"there is no comment " + std::to_string(comment_id)};
    if (auto why = blind_refusal(study, study.user(), to->pass_id)) return Error{*why};
    return insert_comment(study, to->pass_id, to->thread_id, to->about, text);
}

std::optional<ReviewComment> get_review_comment(Study& study, int64_t comment_id) {
    auto q = study_db(study).prepare(std::string(kCommentColumns) + "WHERE id = ?");
    q.bind(1, comment_id);
    if (!q.step()) return std::nullopt;
    return comment_from_row(q);
}

std::vector<ReviewComment> review_comments(Study& study, int64_t pass_id) {
    auto q = study_db(study).prepare(std::string(kCommentColumns) +
                                     "WHERE pass_id = ? ORDER BY coalesce(thread_id, id), id");
    q.bind(1, pass_id);
    std::vector<ReviewComment> out;
    while (q.step()) out.push_back(comment_from_row(q));
    return out;
}

std::map<std::string, int> comment_counts(const std::vector<ReviewComment>& comments) {
    std::map<std::string, int> counts;
    for (const auto& c : comments) ++counts[c.about.text()];
    return counts;
}

}  // namespace attune
