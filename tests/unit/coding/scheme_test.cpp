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

TEST_CASE("scheme errors name the path, the line and what to change, all are reported at once",
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

TEST_CASE("the checker refuses schemes that cannot work (issue 10)", "[scheme][issue10]") {
    const std::string good = testing::tiny_scheme_json();
    REQUIRE(issues_of(good).empty());
    SECTION("a hint that refers to itself") {
        auto issues = issues_of(replace(good, R"("expr": "PS.parent.E3 >= 5")",
                                        R"("expr": "H_B && PS.parent.E3 >= 5")"));
        REQUIRE(issues.size() == 1);
        CHECK(issues[0].path == "/ruleHints/hints/1/expr");
        CHECK(issues[0].message ==
              "hint H_B refers to itself (H_B -> H_B), so it can never be "
              "decided; remove the reference");
    }
    SECTION("hints that refer to each other") {
        const std::string a =
            replace(good, R"("expr": "max(PS.parent.E1, PS.parent.E3) <= 2")", R"("expr": "H_B")");
        auto issues = issues_of(replace(a, R"("expr": "PS.parent.E3 >= 5")", R"("expr": "!H_A")"));
        REQUIRE(issues.size() == 1);
        CHECK(issues[0].path == "/ruleHints/hints/0/expr");
        CHECK_THAT(issues[0].message, Catch::Contains("(H_A -> H_B -> H_A)"));
    }
    SECTION("hints that refer to others without a cycle are fine") {
        CHECK(issues_of(replace(good, R"("expr": "PS.parent.E3 >= 5")", R"("expr": "!H_A && H_D")"))
                  .empty());
    }
    SECTION("a missing or unknown formatVersion") {
        auto missing = issues_of(replace(good, R"("formatVersion": "attune-scheme/1",)", ""));
        REQUIRE(missing.size() == 1);
        CHECK(missing[0].path == "/");
        CHECK(missing[0].message == "missing required field \"formatVersion\"");
        auto other = issues_of(replace(good, "attune-scheme/1", "attune-scheme/7"));
        REQUIRE(other.size() == 1);
        CHECK(other[0].path == "/formatVersion");
        CHECK(other[0].message ==
              "formatVersion is \"attune-scheme/7\"; this Attune reads \"attune-scheme/1\"");
        CHECK(other[0].line == 2);
    }
    SECTION("a negative nominal length") {
        auto issues = issues_of(replace(good, R"("nominalSec": 30)", R"("nominalSec": -30)"));
        REQUIRE(issues.size() == 1);
        CHECK(issues[0].path == "/episodes/0/timing/nominalSec");
        CHECK(issues[0].message ==
              "nominalSec is -30; an episode's nominal length is 0 seconds or more");
    }
    SECTION("a norm's n of 0 or -5") {
        for (const char* n : {"0", "-5"}) {
            auto issues =
                issues_of(replace(good, R"("n": 1000,)", std::string(R"("n": )") + n + ","));
            REQUIRE(issues.size() == 1);
            CHECK(issues[0].path == "/norms/0/n");
            CHECK(issues[0].message == "n is " + std::string(n) +
                                           "; a norm's sample size is 1 or more (leave it out "
                                           "and say why in 'note' when the source gives none)");
        }
    }
    SECTION("a norm with neither its n nor a note saying why") {
        auto issues = issues_of(replace(good, R"("n": 1000, )", ""));
        REQUIRE(issues.size() == 1);
        CHECK(issues[0].path == "/norms/0/n");
        CHECK_THAT(issues[0].message, Catch::StartsWith("a norm needs its sample size 'n'"));
    }
    SECTION("norm percentages of -50 or 138") {
        // -50 + 138 + 9 + 14 still add to 111, so the sum check alone would catch only one way.
        const std::string bad = replace(good, R"("A": 15, "B": 62)", R"("A": -50, "B": 138)");
        auto issues = issues_of(bad);
        CHECK(has_issue(issues, "/norms/0/distribution/A",
                        "'A' is -50 percent; a percentage lies between 0 and 100"));
        CHECK(has_issue(issues, "/norms/0/distribution/B",
                        "'B' is 138 percent; a percentage lies between 0 and 100"));
        auto even =
            issues_of(replace(good, R"("A": 15, "B": 62)", R"("A": -50, "B": 127)"));  // sum 100
        REQUIRE(even.size() == 2);
        CHECK(has_issue(even, "/norms/0/distribution/B", "'B' is 127 percent"));
    }
    SECTION("a range step of 0 or -1") {
        for (const char* step : {"0", "-1"}) {
            auto issues = issues_of(
                replace(good, R"("range": {"min": 1, "max": 7})",
                        std::string(R"("range": {"min": 1, "max": 7, "step": )") + step + "}"));
            REQUIRE(issues.size() == 1);
            CHECK(issues[0].path == "/ratingScales/0/range/step");
            CHECK(issues[0].message == "step is " + std::string(step) +
                                           "; ratings are the whole numbers from min to max, so "
                                           "step is 1 (or leave it out)");
        }
        CHECK(issues_of(replace(good, R"("range": {"min": 1, "max": 7})",
                                R"("range": {"min": 1, "max": 7, "step": 1})"))
                  .empty());
    }
    SECTION("an empty scheme id or version") {
        auto id = issues_of(replace(good, R"("id": "tiny")", R"("id": "")"));
        REQUIRE(id.size() == 1);
        CHECK(id[0].path == "/scheme/id");
        CHECK(id[0].message == "the scheme id is empty; give it one such as \"ssp-infant\"");
        auto version = issues_of(replace(good, R"("version": "1")", R"("version": " ")"));
        REQUIRE(version.size() == 1);
        CHECK(version[0].path == "/scheme/version");
        CHECK_THAT(version[0].message, Catch::StartsWith("the scheme version is empty"));
    }
    SECTION("keys nobody can type") {
        auto two = issues_of(replace(good, R"("key": "t")", R"("key": "ÄÖ")"));
        REQUIRE(two.size() == 1);
        CHECK(two[0].path == "/behaviors/8/key");
        CHECK_THAT(two[0].message,
                   Catch::StartsWith("behaviour 'IN_CONTACT' has key 'ÄÖ': 'ÄÖ' is not a key"));
        auto four = issues_of(replace(good, R"("key": "t")", R"("key": "Ctrl+Alt+Shift+Super+Q")"));
        REQUIRE(four.size() == 1);
        CHECK(four[0].path == "/behaviors/8/key");
        CHECK(four[0].message ==
              "behaviour 'IN_CONTACT' has key 'Ctrl+Alt+Shift+Super+Q': three modifiers at once "
              "cannot be pressed while watching the video; use at most two (e.g. "
              "'Ctrl+Shift+q')");
        auto three = issues_of(replace(good, R"("key": "t")", R"("key": "Ctrl+Alt+Shift+Q")"));
        REQUIRE(three.size() == 1);
        CHECK_THAT(three[0].message, Catch::Contains("three modifiers at once"));
        CHECK(issues_of(replace(good, R"("key": "t")", R"("key": "Ctrl+Shift+Q")")).empty());
    }
    SECTION("a key the workstation uses itself") {
        for (const char* key : {"Space", "space", "Left", "Ctrl+Z", "Esc", "F1"}) {
            INFO(key);
            auto issues =
                issues_of(replace(good, R"("key": "t")", std::string(R"("key": ")") + key + "\""));
            REQUIRE(issues.size() == 1);
            CHECK(issues[0].path == "/behaviors/8/key");
            CHECK_THAT(issues[0].message, Catch::Contains("which the workstation uses itself"));
        }
        auto space = issues_of(replace(good, R"("key": "t")", R"("key": "Space")"));
        CHECK(space[0].message ==
              "behaviour 'IN_CONTACT' has key 'Space', which the workstation uses itself (Space; "
              "F1 in the workstation lists its keys); choose another key");
        CHECK(issues_of(replace(good, R"("key": "t")", R"("key": "Shift+F1")")).empty());
    }
    SECTION("a number too large for a whole-number field says it is out of range") {
        for (const char* max : {"1e12", "1000000000000"}) {
            auto issues =
                issues_of(replace(good, R"("max": 7})", std::string(R"("max": )") + max + "}"));
            REQUIRE(issues.size() == 1);
            CHECK(issues[0].path == "/ratingScales/0/range/max");
            CHECK_THAT(issues[0].message,
                       Catch::StartsWith("\"max\" is ") &&
                           Catch::EndsWith(", out of range; use a whole number from -2147483648 "
                                           "to 2147483647"));
        }
        auto half = issues_of(replace(good, R"("max": 7})", R"("max": 7.5})"));
        REQUIRE(half.size() == 1);
        CHECK(half[0].message == "\"max\" must be a whole number");
        CHECK(issues_of(replace(good, R"("max": 7})", R"("max": 7.0})")).empty());
    }
}

TEST_CASE("a rule hint nested too deep is refused with a message, not a crash (issue 10)",
          "[scheme][issue10]") {
    const std::string good = testing::tiny_scheme_json();
    const std::string brackets = std::string(10000, '(') + "H_A" + std::string(10000, ')');
    for (const std::string& expr : {brackets, std::string(100000, '!') + "H_A"}) {
        auto issues = issues_of(
            replace(good, R"("expr": "PS.parent.E3 >= 5")", "\"expr\": \"" + expr + "\""));
        REQUIRE(issues.size() == 1);
        CHECK(issues[0].path == "/ruleHints/hints/1/expr");
        CHECK_THAT(issues[0].message,
                   Catch::StartsWith("cannot read the expression: the expression nests more than "
                                     "200 levels deep"));
    }
}

TEST_CASE("a number too large for JSON's doubles is reported, not thrown (issue 10)",
          "[scheme][issue10]") {
    const std::string text =
        replace(testing::tiny_scheme_json(), R"("max": 7})", R"("max": 1e400})");
    std::vector<SchemeIssue> issues;
    REQUIRE_NOTHROW(issues = issues_of(text));
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].path == "/");
    CHECK(issues[0].message == "not valid JSON: number overflow parsing '1e400'");
}

TEST_CASE("a chain of thousands of hints, each naming the next, is refused (issue 10, fuzz)",
          "[scheme][issue10]") {
    // Found by scripts/fuzz: evaluating such hints recursed once per link until the stack ended.
    auto chain = [](int n) {
        std::string hints;
        for (int i = 0; i < n; ++i)
            hints += std::string(i ? "," : "") + R"({"id": "H)" + std::to_string(i) +
                     R"(", "strength": "flag", "message": "m", "expr": ")" +
                     (i + 1 < n ? "H" + std::to_string(i + 1) : std::string("1 >= 0")) + "\"}";
        return R"({"formatVersion": "attune-scheme/1", "scheme": {"id": "x", "name": "x",
 "version": "1"}, "roles": [{"id": "child", "label": "C"}], "behaviors": [],
 "ruleHints": {"nonBinding": true, "hints": [)" +
               hints + "]}}";
    };
    CHECK(issues_of(chain(33)).empty());  // H0 builds on 32 others
    auto too_long = issues_of(chain(34));
    REQUIRE(too_long.size() == 1);
    CHECK(too_long[0].path == "/ruleHints/hints/0/expr");
    CHECK(too_long[0].message ==
          "hint H0 builds on a chain of more than 32 other hints; refer to fewer hints in turn");
    auto huge = issues_of(chain(20000));
    REQUIRE(huge.size() == 1);
    CHECK(huge[0].path == "/ruleHints/hints/19966/expr");
}

TEST_CASE("a loaded scheme holds its kinds as enums, the file keeps its strings", "[scheme]") {
    auto ssp = load_scheme_file(std::string(ATTUNE_SCHEMA_DIR) + "/ssp-infant.json");
    REQUIRE(ssp.ok());
    CHECK(ssp->roles[0].kind == RoleKind::Focal);
    CHECK(ssp->roles[1].kind == RoleKind::AttachmentFigure);
    CHECK(ssp->episodes[0].kind == EpisodeKind::Introduction);
    CHECK(ssp->behaviour("CRY")->kind == BehaviourKind::State);
    CHECK(ssp->behaviour("CRY")->is_state());
    CHECK(ssp->behaviour("P_EXIT")->kind == BehaviourKind::Point);
    CHECK(ssp->scale("D_RATING")->scope == ScaleScope::Session);

    const Scheme tiny = testing::tiny_scheme();
    CHECK(tiny.roles[0].kind == RoleKind::Unspecified);  // not given
    CHECK(tiny.behaviour("APPROACH")->modifiers[0].kind == ModifierKind::Single);
    CHECK(tiny.scale("PS")->scope == ScaleScope::Episode);
    CHECK(tiny.hints[0].strength == HintStrength::Heuristic);
    CHECK(tiny.hints[2].strength == HintStrength::Rule);
    CHECK(tiny.hints[3].strength == HintStrength::Flag);
    CHECK(std::string(to_string(tiny.hints[3].strength)) == "flag");
    CHECK(std::string(to_string(ModifierKind::Multiple)) == "multiple");
    CHECK(std::string(to_string(EpisodeKind::StrangerIntroduction)) == "stranger_introduction");

    // Kinds the loader never checked still load (stored snapshots must keep opening).
    const std::string good = testing::tiny_scheme_json();
    auto odd = load_scheme_text(replace(good, R"({"id": "child", "label": "Child"})",
                                        R"({"id": "child", "label": "Child", "kind": "sibling"})"),
                                "odd");
    REQUIRE(odd.ok());
    CHECK(odd->roles[0].kind == RoleKind::Other);
}

TEST_CASE("a misspelt scale scope is refused, and the checks that need it leave it alone",
          "[scheme]") {
    // As when scopes were strings: "ALL" is still questioned (it is only for session scales),
    // and no presence check runs on a scale whose scope is unknown.
    const std::string good = testing::tiny_scheme_json();
    auto issues = issues_of(replace(good, R"("scope": "session")", R"("scope": "whole-session")"));
    REQUIRE(issues.size() == 2);
    CHECK(has_issue(issues, "/ratingScales/1/scope", "use \"episode\" or \"session\""));
    CHECK(has_issue(issues, "/ratingScales/1/applicability/0/episodes",
                    "\"ALL\" is for session-scope scales"));
}
