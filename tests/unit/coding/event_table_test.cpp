#include <catch2/catch.hpp>

#include "attune/coding/event_table.hpp"
#include "attune/coding/utf8.hpp"
#include "pass_fixture.hpp"

using namespace attune;
using namespace attune::testing;

namespace {
std::vector<Event> strip_ids(std::vector<Event> v) {
    for (auto& e : v) e.id = 0, e.pass_id = 0;
    return v;
}
}  // namespace

TEST_CASE("events export then import round-trips exactly, CSV and TSV", "[events][table]") {
    const auto format = GENERATE(TableFormat::Csv, TableFormat::Tsv);
    PassFixture f;
    auto log = f.log();
    log.code("SESSION_START", at_frame(0)).value();
    log.code("APPROACH", at_frame(45), {{"target", "stranger"}},
             "comma, \"quote\"\nnew line\ttab \\ backslash")
        .value();
    log.code("CRY", at_frame(60)).value();
    log.code("CRY", at_frame(90)).value();
    log.code("IN_CONTACT", at_frame(120)).value();  // left open
    const auto original = log.events();
    const EventRowContext ctx{"P01-T1", "P01", "ab", "primary"};
    const std::string text = events_to_table(f.scheme, ctx, original, format);

    auto back = events_from_table(f.scheme, text, format);
    REQUIRE(back.ok());
    CHECK(strip_ids(*back) == strip_ids(original));

    // Into another pass and out again: the same table.
    PassFixture g;
    auto log2 = g.log();
    REQUIRE(log2.add_all(*back).ok());
    CHECK(events_to_table(g.scheme, ctx, log2.events(), format) == text);
}

TEST_CASE("the exported table is tidy: header, units, one column per modifier", "[events][table]") {
    PassFixture f;
    auto log = f.log();
    log.code("APPROACH", at_frame(45), {{"target", "parent"}}).value();
    const std::string text =
        events_to_table(f.scheme, {"S", "P", "ab", "primary"}, log.events(), TableFormat::Csv);
    CHECK(text ==
          "session,participant,coder,pass_role,subject,behaviour,start_frame,start_us,stop_frame,"
          "stop_us,duration_us,comment,"
          "modifier_reason,modifier_target\n"
          "S,P,ab,primary,child,APPROACH,45,1500000,45,1500000,0,,,parent\n");
}

TEST_CASE("a bad table is refused whole, with every problem by line", "[events][table]") {
    const Scheme s = tiny_scheme();
    const std::string text =
        "behaviour,start_frame,start_us,stop_frame,stop_us,modifier_target\n"
        "CRY,10,333333,20,666666,\n"
        "DANCE,10,333333,10,333333,\n"
        "APPROACH,x,1,1,1,parent\n"
        "APPROACH,30,1000000,30,1000000,\n"
        "CRY,50,1,40,1,\n";
    auto r = events_from_table(s, text, TableFormat::Csv);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message ==
          "4 problems in the table; nothing was imported:\n"
          "line 3: behaviour 'DANCE' is not in scheme tiny\n"
          "line 4: start_frame and start_us must be whole numbers (frame >= 0)\n"
          "line 5: APPROACH needs modifier 'target' (parent | stranger)\n"
          "line 6: stops (frame 40) before it starts (frame 50)");
    auto no_header = events_from_table(s, "a,b\n1,2\n", TableFormat::Csv);
    REQUIRE_FALSE(no_header.ok());
    CHECK_THAT(no_header.error().message, Catch::Contains("no 'behaviour' column"));
    auto unterminated = events_from_table(s, "behaviour\n\"CRY\n", TableFormat::Csv);
    REQUIRE_FALSE(unterminated.ok());
    CHECK_THAT(unterminated.error().message, Catch::Contains("never closed"));
}

TEST_CASE("text that is not UTF-8 is refused by cell, never stored", "[events][table][utf8]") {
    CHECK_FALSE(invalid_utf8_at("plain, caf\xC3\xA9, \xE6\x97\xA5, \xF0\x9F\x98\x80"));
    CHECK(invalid_utf8_at("caf\xE9") == 3u);           // Latin-1 é
    CHECK(invalid_utf8_at("ab\xC3") == 2u);            // cut short
    CHECK(invalid_utf8_at("\xC0\xAF") == 0u);          // overlong '/'
    CHECK(invalid_utf8_at("x\xED\xA0\x80") == 1u);     // a UTF-16 surrogate
    CHECK(invalid_utf8_at("\xF4\x90\x80\x80") == 0u);  // past U+10FFFF
    CHECK(invalid_utf8_at("\xE2\x82") == 0u);          // three bytes cut to two

    const std::string text =
        "behaviour,start_frame,start_us,stop_frame,stop_us,comment\n"
        "CRY,10,333333,20,666666,pleur\xE9\n";
    auto r = events_from_table(tiny_scheme(), text, TableFormat::Csv);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message ==
          "1 problem in the table; nothing was imported:\n"
          "line 2: column 'comment' is not UTF-8 text (byte 6 of the value); save the file as "
          "UTF-8 (in Excel: CSV UTF-8) and import it again");
}
