#include <catch2/catch.hpp>
#include <regex>

#include "attune/coding/scheme.hpp"
#include "scheme_fixture.hpp"

using namespace attune;

namespace {
std::string replace(std::string s, const std::string& from, const std::string& to) {
    const auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}
std::vector<SchemeIssue> issues_of(const std::string& text) {
    return check_scheme_text(text, nullptr);
}
bool has_issue(const std::vector<SchemeIssue>& issues, const std::string& path,
               const std::string& fragment) {
    for (const auto& i : issues)
        if (i.path == path && i.message.find(fragment) != std::string::npos) return true;
    return false;
}
}  // namespace

TEST_CASE("the shipped schemes load and pass every check", "[scheme]") {
    for (const char* file : {"ssp-infant.json", "maternal-sensitivity.json"}) {
        INFO(file);
        auto s = load_scheme_file(std::string(ATTUNE_SCHEMA_DIR) + "/" + file);
        if (!s) FAIL(s.error().message);
        CHECK(s->hash.size() == 64);
    }
    auto ssp = load_scheme_file(std::string(ATTUNE_SCHEMA_DIR) + "/ssp-infant.json");
    REQUIRE(ssp.ok());
    CHECK(ssp->episodes.size() == 8);
    CHECK(ssp->behaviours.size() == 42);
    CHECK(ssp->episode("E4")->starts_event == "P_EXIT");
    CHECK(ssp->episode("E4")->curtailable);
    CHECK(ssp->episode("E5")->extendable);
    CHECK(ssp->scale("D_RATING")->cutoff == 5);
    CHECK(ssp->code("D")->secondary_required);
    CHECK(ssp->norm("vij1999_fourway_NA")->percent.at("D") == 15);
    CHECK(ssp->end_event == "PROC_END");
}

TEST_CASE("a scheme's hash identifies its content, not its layout", "[scheme]") {
    const std::string text = testing::tiny_scheme_json();
    auto a = load_scheme_text(text, "a");
    auto b = load_scheme_text(std::regex_replace(text, std::regex("\n  "), "\n        "), "b");
    auto c = load_scheme_text(replace(text, "\"Tiny test scheme\"", "\"Tiny test scheme 2\""), "c");
    REQUIRE((a.ok() && b.ok() && c.ok()));
    CHECK(a->hash == b->hash);
    CHECK(a->hash != c->hash);
}

TEST_CASE("scheme errors name the path, the line and what to change; all are reported at once",
          "[scheme]") {
    const std::string good = testing::tiny_scheme_json();
    SECTION("a key used twice") {
        auto issues = issues_of(replace(good, R"("key": "f")", R"("key": "c")"));
        REQUIRE(issues.size() == 1);
        CHECK(issues[0].path == "/behaviors/6/key");
        CHECK(issues[0].message ==
              "behaviour 'FUSS' uses key 'c' already used by 'CRY'; choose another key");
        CHECK(issues[0].line == 24);
    }
    SECTION("Shift+s and Shift+S are the same key") {
        auto issues = issues_of(replace(good, R"("key": "Shift+E")", R"("key": "shift+b")"));
        CHECK(has_issue(issues, "/behaviors/3/key", "already used by 'SESSION_START'"));
    }
    SECTION("a capital letter is Shift and the letter: S and Shift+s are one key") {
        const std::string with_s = replace(good, R"("key": "Shift+B")", R"("key": "S")");
        auto issues = issues_of(replace(with_s, R"("key": "Shift+E")", R"("key": "Shift+s")"));
        REQUIRE(issues.size() == 1);
        CHECK(issues[0].path == "/behaviors/3/key");
        CHECK(issues[0].message ==
              "behaviour 'PROC_END' uses key 'Shift+s' already used by 'SESSION_START' (as 'S'); "
              "choose another key");
    }
    SECTION("Control+p and p are different keys") {
        const std::string with_p = replace(good, R"("key": "Ctrl+P")", R"("key": "Control+p")");
        CHECK(issues_of(replace(with_p, R"("key": "Shift+E")", R"("key": "p")")).empty());
        CHECK(issues_of(replace(good, R"("key": "Shift+E")", R"("key": "Super+p")")).empty());
    }
    SECTION("a key that is not a key chord says what to write") {
        auto issues = issues_of(replace(good, R"("key": "Shift+E")", R"("key": "Hyper+e")"));
        REQUIRE(issues.size() == 1);
        CHECK(issues[0].path == "/behaviors/3/key");
        CHECK(issues[0].message ==
              "behaviour 'PROC_END' has key 'Hyper+e': 'Hyper' in 'Hyper+e' is not a modifier; "
              "use Ctrl, Alt, Shift or Super");
        issues = issues_of(replace(good, R"("key": "Shift+E")", R"("key": "Shift+")"));
        REQUIRE(issues.size() == 1);
        CHECK_THAT(issues[0].message, Catch::Contains("names no key after its modifiers"));
    }
    SECTION("an exclusive group holding a point event") {
        auto issues = issues_of(replace(good, R"("members": ["CRY", "FUSS"])",
                                        R"("members": ["CRY", "FUSS", "APPROACH"])"));
        CHECK(has_issue(issues, "/exclusiveGroups/0/members/2",
                        "exclusive groups hold only state behaviours"));
    }
    SECTION("a rating toward a role absent from the episode") {
        auto issues = issues_of(
            replace(good, R"("episodes": ["E1", "E3"])", R"("episodes": ["E1", "E2", "E3"])"));
        CHECK(has_issue(issues, "/ratingScales/0/applicability/0/episodes",
                        "'parent' is not present in E2"));
    }
    SECTION("references that do not resolve, all at once") {
        std::string bad = replace(good, R"("startsAt": {"event": "P_EXIT", "occurrence": 1})",
                                  R"("startsAt": {"event": "P_LEAVES"})");
        bad = replace(bad, R"("subject": "child", "key": "t")", R"("subject": "baby", "key": "t")");
        bad = replace(bad, R"("expr": "PS.parent.E3 >= 5")", R"("expr": "PS.stranger.E3 >= 5")");
        bad = replace(bad, R"("suggests": "B")", R"("suggests": "B9")");
        bad = replace(bad, R"("value": 7, "label": "Very active")",
                      R"("value": 8, "label": "Very active")");
        auto issues = issues_of(bad);
        CHECK(issues.size() == 5);
        CHECK(has_issue(issues, "/episodes/1/startsAt/event",
                        "starts at 'P_LEAVES', which is not a behaviour"));
        CHECK(has_issue(issues, "/behaviors/8/subject", "subject 'baby', which is not a role"));
        CHECK(has_issue(issues, "/ruleHints/hints/1/expr", "not rated toward stranger in E3"));
        CHECK(has_issue(issues, "/ruleHints/hints/1/suggests",
                        "'B9', which is not a classification code"));
        CHECK(has_issue(issues, "/ratingScales/0/anchors/0/value", "outside the range 1-7"));
        for (const auto& i : issues) CHECK(i.line > 0);
    }
    SECTION("wrong types and missing fields") {
        auto issues =
            issues_of(replace(replace(good, R"("type": "state", "subject": "child", "key": "c")",
                                      R"("type": "continuous", "subject": "child", "key": "c")"),
                              R"("label": "Approach", )", ""));
        CHECK(has_issue(issues, "/behaviors/5/type", "use \"point\" or \"state\""));
        CHECK(has_issue(issues, "/behaviors/7", "missing required field \"label\""));
    }
    SECTION("not JSON at all: the line of the syntax error") {
        auto issues = issues_of("{\n  \"scheme\": {\n    \"id\": \"x\",,\n  }\n}");
        REQUIRE(issues.size() == 1);
        CHECK(issues[0].line == 3);
        CHECK_THAT(issues[0].message, Catch::StartsWith("not valid JSON"));
    }
    SECTION("the error text lists file:line: path: message") {
        auto s = load_scheme_text(replace(good, R"("key": "f")", R"("key": "c")"), "lab.json");
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().message ==
              "lab.json: 1 problem:\nlab.json:24: /behaviors/6/key: behaviour 'FUSS' uses key 'c' "
              "already used by 'CRY'; choose another key");
    }
}

TEST_CASE("a file that cannot be read says so", "[scheme]") {
    auto s = load_scheme_file("/nonexistent/scheme.json");
    REQUIRE_FALSE(s.ok());
    CHECK_THAT(s.error().message, Catch::Contains("cannot read scheme /nonexistent/scheme.json"));
}
