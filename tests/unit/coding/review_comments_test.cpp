// Threaded review comments on a pass (issue 12 point 7): on an event, a rating cell, an
// episode or the classification; replies join their thread; study-level changes the coder's
// undo never takes; refused on a signed-off pass, on targets the pass does not hold, and
// without text.
#include <catch2/catch.hpp>
#include <filesystem>

#include "attune/coding/review_comments.hpp"
#include "attune/coding/sign_off.hpp"
#include "pass_fixture.hpp"

using namespace attune;
using namespace attune::testing;
namespace fs = std::filesystem;

namespace {

// A study file `name` with session S1, coder "ab"'s primary pass holding one event (one file
// per test case: ctest runs them side by side).
struct CommentedStudy {
    fs::path path;
    int64_t pass = 0, event = 0;
    explicit CommentedStudy(const std::string& name) {
        const fs::path dir = fs::temp_directory_path() / "attune-unit" / "comments";
        fs::create_directories(dir);
        path = dir / (name + ".attune");
        fs::remove(path);
        auto st = Study::create(path.string(), "comments", "ab");
        REQUIRE(st.ok());
        const Scheme scheme = tiny_scheme();
        const int64_t snap = *add_scheme_snapshot(*st, scheme);
        const int64_t s = *add_session(*st, {0, "P1", "S1", {}, {}, {}, {}, {}});
        pass = *ensure_pass(*st, s, "ab", PassRole::Primary, snap);
        Event e;
        e.subject = "child", e.behaviour = "CRY";
        e.start_frame = 300, e.start_us = at_frame(300).t_us;
        e.stop_frame = 600, e.stop_us = at_frame(600).t_us;
        EventLog log(*st, scheme, pass);
        REQUIRE(log.add(e));
        event = log.events().front().id;
    }
    Study as(const std::string& user) {  // opened by `user`
        auto st = Study::open(path.string(), user);
        REQUIRE(st.ok());
        return std::move(*st);
    }
};

}  // namespace

TEST_CASE("comments open threads on what a pass holds, replies join them", "[comments]") {
    CommentedStudy f("threads");
    auto sup = f.as("sup");
    const auto on_event = add_review_comment(sup, f.pass, event_comment_target(f.event),
                                             "the cry starts two frames earlier");
    REQUIRE(on_event.ok());
    const auto on_cell =
        add_review_comment(sup, f.pass, rating_comment_target("PS", "parent", "E3"), "why 5?");
    REQUIRE(on_cell.ok());
    REQUIRE(add_review_comment(sup, f.pass, episode_comment_target("E3"), "curtailed?").ok());
    REQUIRE(add_review_comment(sup, f.pass, classification_comment_target(), "B3 or B4?").ok());
    {
        auto coder = f.as("ab");
        const auto reply = reply_to_review_comment(coder, *on_event, "agreed, moved it");
        REQUIRE(reply.ok());
        // Replying to a reply stays in the same thread.
        REQUIRE(reply_to_review_comment(sup, *reply, "thanks").ok());
    }
    const auto comments = review_comments(sup, f.pass);
    REQUIRE(comments.size() == 6);
    // Thread by thread, oldest first: the event's thread holds the two replies.
    CHECK(comments[0].text == "the cry starts two frames earlier");
    CHECK(comments[0].author == "sup");
    CHECK(comments[0].thread_id == comments[0].id);
    CHECK(comments[1].text == "agreed, moved it");
    CHECK(comments[1].author == "ab");
    CHECK(comments[1].thread_id == *on_event);
    CHECK(comments[2].text == "thanks");
    CHECK(comments[2].thread_id == *on_event);
    CHECK(comments[3].about.text() == "rating PS/parent/E3");
    CHECK(comments[4].about.text() == "episode E3");
    CHECK(comments[5].about.text() == "classification");
    const auto counts = comment_counts(comments);
    CHECK(counts.at("event " + std::to_string(f.event)) == 3);
    CHECK(counts.at("rating PS/parent/E3") == 1);
    CHECK(counts.size() == 4);
}

TEST_CASE(
    "a comment is refused without text, on what the pass does not hold, or once the "
    "pass is signed off",
    "[comments]") {
    CommentedStudy f("refused");
    auto sup = f.as("sup");
    auto blank = add_review_comment(sup, f.pass, classification_comment_target(), "  \n");
    REQUIRE_FALSE(blank.ok());
    CHECK(blank.error().message == "a comment needs some text");
    auto no_event = add_review_comment(sup, f.pass, event_comment_target(f.event + 99), "x");
    REQUIRE_FALSE(no_event.ok());
    CHECK_THAT(no_event.error().message, Catch::Contains("the pass has no event"));
    auto no_scale =
        add_review_comment(sup, f.pass, rating_comment_target("NOPE", "parent", "E3"), "x");
    REQUIRE_FALSE(no_scale.ok());
    CHECK(no_scale.error().message == "the scheme has no rating scale NOPE");
    auto not_rated =
        add_review_comment(sup, f.pass, rating_comment_target("PS", "nobody", "E3"), "x");
    REQUIRE_FALSE(not_rated.ok());
    CHECK(not_rated.error().message == "the scheme does not rate PS for nobody in E3");
    auto no_episode = add_review_comment(sup, f.pass, episode_comment_target("E99"), "x");
    REQUIRE_FALSE(no_episode.ok());
    CHECK(no_episode.error().message == "the scheme has no episode E99");
    auto no_reply = reply_to_review_comment(sup, 12345, "x");
    REQUIRE_FALSE(no_reply.ok());
    CHECK(no_reply.error().message == "there is no comment 12345");
    CHECK(review_comments(sup, f.pass).empty());

    const auto first = add_review_comment(sup, f.pass, classification_comment_target(), "ok");
    REQUIRE(first.ok());
    REQUIRE(sign_off_pass(sup, f.pass).ok());
    auto locked = reply_to_review_comment(sup, *first, "one more");
    REQUIRE_FALSE(locked.ok());
    CHECK_THAT(locked.error().message, Catch::Contains("this pass is signed off"));
    CHECK(review_comments(sup, f.pass).size() == 1);
}

TEST_CASE("the coder's undo in the pass never takes a supervisor's comment", "[comments]") {
    CommentedStudy f("undo");
    {
        auto sup = f.as("sup");
        REQUIRE(add_review_comment(sup, f.pass, event_comment_target(f.event), "look").ok());
    }
    auto coder = f.as("ab");
    const auto undone = coder.undo(f.pass);
    REQUIRE(undone.ok());
    REQUIRE(*undone);  // the pass's own newest change: adding the event
    CHECK_THAT((*undone)->label, Catch::Contains("add"));
    CHECK(review_comments(coder, f.pass).size() == 1);
}
