// The BORIS project reader on the projects BORIS wrote, checked against what BORIS 9.12.3
// itself exports from them (interop/boris/boris_9.12.3_exports), and the mapping step.
#include <zlib.h>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "attune/coding/interop/boris_project.hpp"
#include "attune/coding/interop/import_mapping.hpp"
#include "cli_support.hpp"
#include "skip.hpp"

using namespace attune;

namespace {

const std::string boris_dir = std::string(ATTUNE_INTEROP_DIR) + "/boris/";

bool samples_present() {
    if (std::filesystem::exists(boris_dir + "test2.boris")) return true;
    testing::skip_reason("the interop samples are absent: " + boris_dir);
    return false;
}

int64_t ms_of(const std::string& seconds) {
    return std::llround(std::stod(seconds) * 1000);
}

using BoutKey = std::tuple<std::string, std::string, int64_t, int64_t>;

}  // namespace

TEST_CASE("BORIS reader: observation #2 holds the bouts BORIS's aggregated export lists",
          "[interop][boris]") {
    if (!samples_present()) return;
    auto project = interop::read_boris(boris_dir + "test2.boris");
    REQUIRE(project.ok());
    const auto* two = project->observation("observation #2");
    REQUIRE(two);
    const auto rows = testing::split_lines(
        testing::read_file(boris_dir + "boris_9.12.3_exports/aggregated_1.tsv"), '\t');
    REQUIRE(rows.size() == 19);
    const auto& h = rows.front();
    std::multiset<BoutKey> boris, ours;
    for (size_t r = 1; r < rows.size(); ++r) {
        const auto& row = rows[r];
        boris.insert({row[testing::column(h, "Subject")], row[testing::column(h, "Behavior")],
                      ms_of(row[testing::column(h, "Start (s)")]),
                      ms_of(row[testing::column(h, "Stop (s)")])});
    }
    for (const auto& e : two->events) {
        REQUIRE(e.stop_us.has_value());
        ours.insert({e.subject, e.behaviour, e.start_us / 1000, *e.stop_us / 1000});
    }
    CHECK(ours == boris);
    CHECK(two->media ==
          std::vector<std::string>{"video_test_25fps_180s.mp4", "video_test_25fps_360s.mp4"});
    REQUIRE(two->fps.has_value());
    CHECK(*two->fps == 25.0);
    CHECK(two->variables.at("a") == "123");
    CHECK(two->variables.at("b") == "some text");
    CHECK(two->date == "2016-12-01T23:01:31");
}

TEST_CASE("BORIS reader: ethogram, modifier sets, subjects, variables, unpaired states",
          "[interop][boris]") {
    if (!samples_present()) return;
    auto project = interop::read_boris(boris_dir + "test2.boris");
    REQUIRE(project.ok());
    CHECK(project->subjects == std::vector<std::string>{"subject1", "subject2"});
    CHECK(project->variables == std::vector<std::string>{"a", "b", "c"});
    REQUIRE(project->ethogram.size() == 5);
    const auto* m = project->behaviour("m");
    REQUIRE(m);
    CHECK(m->state);
    REQUIRE(m->modifiers.size() == 2);
    CHECK(m->modifiers[1].name == "modif #2");
    CHECK(m->modifiers[1].values == std::vector<std::string>{"n1", "n2", "n3"});
    CHECK_FALSE(project->behaviour("q")->state);

    const auto* live = project->observation("live not paired");
    REQUIRE(live);
    REQUIRE_FALSE(live->unpaired.empty());
    for (const auto& u : live->unpaired) CHECK(u.find("never stops") != std::string::npos);
    size_t open = 0;
    for (const auto& e : live->events) open += !e.point && !e.stop_us;
    CHECK(open == live->unpaired.size());  // never closed behind the user's back
}

TEST_CASE("BORIS reader: modifiers padded with spaces are kept, shortcut suffixes are not",
          "[interop][boris]") {
    if (!samples_present()) return;
    auto project =
        interop::read_boris(boris_dir + "test_with_leading_trailing_spaces_in_modifiers.boris");
    REQUIRE(project.ok());
    const auto rows = testing::split_lines(
        testing::read_file(boris_dir +
                           "boris_9.12.3_exports/aggregated_with_trailing_spaces_in_modifiers.tsv"),
        '\t');
    REQUIRE(rows.size() > 1);
    const auto& h = rows.front();
    const size_t first = testing::column(h, "Modifier #1");
    const auto& obs = project->observations.at(0);
    std::multiset<std::string> boris, ours;
    for (size_t r = 1; r < rows.size(); ++r)
        boris.insert(rows[r][first] == "None" ? "" : rows[r][first]);
    for (const auto& e : obs.events) ours.insert(e.modifiers.empty() ? "" : e.modifiers[0]);
    CHECK(ours == boris);
    for (const auto& b : project->ethogram)
        for (const auto& set : b.modifiers)
            for (const auto& v : set.values) CHECK(v.find(" (") == std::string::npos);
}

TEST_CASE("BORIS reader: a .boris.gz is the same project, a gzip bomb or nesting is refused",
          "[interop][boris]") {
    if (!samples_present()) return;
    const std::string dir = testing::scratch_folder("attune_boris_reader");
    const std::string gz = dir + "/test2.boris.gz";
    const std::string text = testing::read_file(boris_dir + "test2.boris");
    gzFile f = gzopen(gz.c_str(), "wb");
    REQUIRE(f);
    REQUIRE(gzwrite(f, text.data(), unsigned(text.size())) == int(text.size()));
    gzclose(f);
    auto plain = interop::read_boris(boris_dir + "test2.boris");
    auto packed = interop::read_boris(gz);
    REQUIRE(plain.ok());
    REQUIRE(packed.ok());
    REQUIRE(packed->observations.size() == plain->observations.size());
    for (size_t i = 0; i < plain->observations.size(); ++i)
        CHECK(packed->observations[i].events == plain->observations[i].events);

    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    auto r = interop::parse_boris(deep);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("deeper than 64") != std::string::npos);

    const std::string bomb = dir + "/bomb.boris.gz";
    gzFile b = gzopen(bomb.c_str(), "wb9");
    REQUIRE(b);
    const std::string zeros(1 << 20, ' ');
    for (int i = 0; i < 1100; ++i) gzwrite(b, zeros.data(), unsigned(zeros.size()));
    gzclose(b);
    CHECK(std::filesystem::file_size(bomb) < 5 * 1024 * 1024);
    auto exploded = interop::read_boris(bomb);
    REQUIRE_FALSE(exploded.ok());
    CHECK(exploded.error().message.find("more than 1 GiB") != std::string::npos);
}

TEST_CASE("mapping: proposed by name, written, read back and merged, undecided codes refuse",
          "[interop][mapping]") {
    if (!samples_present()) return;
    auto project = interop::read_boris(boris_dir + "test2.boris");
    REQUIRE(project.ok());
    auto scheme = load_scheme_text(R"({"formatVersion": "attune-scheme/1",
      "scheme": {"id": "t", "name": "t", "version": "1"},
      "roles": [{"id": "subject1", "label": "subject1"}, {"id": "subject2", "label": "subject2"}],
      "behaviors": [{"id": "s", "label": "s", "type": "state", "subject": "subject1"},
                    {"id": "s2", "label": "s", "type": "state", "subject": "subject2"},
                    {"id": "P", "label": "point", "type": "point", "subject": "subject1"}]})",
                                   "t.json");
    REQUIRE(scheme.ok());
    const auto* two = project->observation("observation #2");
    auto m = interop::propose_mapping(*project, {two}, *scheme, "test2.boris");
    const auto* s1 = m.code("subject1", "s");
    REQUIRE(s1);
    CHECK(s1->choice == interop::MapChoice::Mapped);
    CHECK(s1->to == "s");
    CHECK(m.code("subject2", "s")->to == "s2");  // the role named like the file's subject
    CHECK(m.code(interop::no_focal_subject, "s")->choice == interop::MapChoice::Undecided);
    CHECK(m.code(interop::no_focal_subject, "p")->events == 6);
    const auto undecided = m.undecided();
    CHECK(undecided.size() == 3);  // No focal subject s and p, subject2 p
    auto refused = interop::require_decided(m);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("No focal subject / p (6 events)") != std::string::npos);

    auto back = interop::parse_mapping(interop::mapping_json(m));
    REQUIRE(back.ok());
    CHECK(back->codes.size() == m.codes.size());
    auto edited = *back;
    for (auto& c : edited.codes)
        if (c.choice == interop::MapChoice::Undecided) c.choice = interop::MapChoice::Dropped;
    auto merged = interop::merge_mapping(m, edited, *project, *scheme);
    REQUIRE(merged.ok());
    CHECK(interop::require_decided(*merged).ok());

    auto& state = edited.codes[1];
    REQUIRE(state.behaviour == "s");
    state.choice = interop::MapChoice::Mapped;
    state.to = "P";  // a state onto a point
    auto wrong = interop::merge_mapping(m, edited, *project, *scheme);
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().message.find("is a state event and P is a point event") !=
          std::string::npos);
    state.to = "nope";
    CHECK(interop::merge_mapping(m, edited, *project, *scheme)
              .error()
              .message.find("has no behaviour 'nope'") != std::string::npos);
    CHECK_FALSE(interop::parse_mapping("{\"format\": \"other\"}").ok());
    CHECK_FALSE(interop::parse_mapping("[").ok());
}

TEST_CASE(
    "BORIS writer: bouts that would pair differently in BORIS are refused, bouts in turn "
    "read back as written",
    "[interop][boris]") {
    interop::ForeignProject p;
    p.name = "t", p.subjects = {"child"};
    p.ethogram.push_back({"cry", "", "", "", true, {}});
    interop::ForeignObservation o;
    o.id = "o1";
    auto bout = [](int64_t from_ms, std::optional<int64_t> to_ms) {
        interop::ForeignEvent e;
        e.subject = "child", e.behaviour = "cry", e.start_us = from_ms * 1000;
        if (to_ms) e.stop_us = *to_ms * 1000;
        return e;
    };
    o.events = {bout(0, 10000), bout(10000, 12000), bout(20000, std::nullopt)};
    p.observations = {o};
    auto written = interop::write_boris(p, "2026-12-07T10:00:00");
    REQUIRE(written.ok());
    auto back = interop::parse_boris(*written);
    REQUIRE(back.ok());
    const auto& read = back->observations.at(0);
    REQUIRE(read.events.size() == 3);
    CHECK(read.events[1].start_us == 10000000);
    CHECK(read.events[1].stop_us == 12000000);
    CHECK_FALSE(read.events[2].stop_us);
    CHECK(read.unpaired.size() == 1);

    p.observations[0].events = {bout(0, 10000), bout(5000, 15000)};
    auto overlap = interop::write_boris(p, "2026-12-07T10:00:00");
    REQUIRE_FALSE(overlap.ok());
    CHECK(overlap.error().message ==
          "observation 'o1': child cry starts at 5.000 s while its bout from 0.000 s has not "
          "stopped; BORIS pairs a state's starts and stops in turn and would read other bouts "
          "back. Correct the overlap in the pass, or export --format csv or eaf");
    p.observations[0].events = {bout(0, std::nullopt), bout(5000, 6000)};
    auto running = interop::write_boris(p, "2026-12-07T10:00:00");
    REQUIRE_FALSE(running.ok());
    CHECK(running.error().message.find("from 0.000 s (still running) has not stopped") !=
          std::string::npos);
}

TEST_CASE("BORIS tabular events export: observation #1 as BORIS 9.12.3 writes it, byte for byte",
          "[interop][boris][export]") {
    if (!samples_present()) return;
    auto project = interop::read_boris(boris_dir + "test2.boris");
    REQUIRE(project.ok());
    const auto* one = project->observation("observation #1");
    REQUIRE(one);
    const std::string exports = boris_dir + "boris_9.12.3_exports/";
    CHECK(interop::boris_tabular_events(*project, *one, '\t') ==
          testing::read_file(exports + "tabular_events_observation1.tsv"));
    CHECK(interop::boris_tabular_events(*project, *one, ',') ==
          testing::read_file(exports + "tabular_events_observation1.csv"));
}

TEST_CASE(
    "BORIS aggregated events export: BORIS 9.12.3's own exports of observation #2 and of "
    "padded modifiers, byte for byte",
    "[interop][boris][export]") {
    if (!samples_present()) return;
    auto project = interop::read_boris(boris_dir + "test2.boris");
    REQUIRE(project.ok());
    const auto* two = project->observation("observation #2");
    REQUIRE(two);
    const std::string exports = boris_dir + "boris_9.12.3_exports/";
    using Options = interop::AggregatedOptions;
    const std::string nobody = interop::no_focal_subject;
    const std::vector<std::pair<std::string, Options>> cases = {
        {"aggregated_1.tsv", Options{}},                      // everything
        {"aggregated_2.tsv", Options{{"subject1"}, {}, {}}},  // one subject
        {"aggregated_3.tsv", Options{{}, {"s"}, {}}},         // one behaviour
        {"aggregated_4.tsv", Options{{nobody}, {}, std::pair<int64_t, int64_t>{0, 35000000}}},
        // bouts clipped to the interval: 1.800-8.125 becomes 5.000-8.125
        {"aggregated_5.tsv",
         Options{{nobody}, {}, std::pair<int64_t, int64_t>{5000000, 30000000}}}};
    for (const auto& [file, options] : cases) {
        INFO(file);
        CHECK(interop::boris_aggregated_events(*project, *two, options) ==
              testing::read_file(exports + file));
    }
    auto padded =
        interop::read_boris(boris_dir + "test_with_leading_trailing_spaces_in_modifiers.boris");
    REQUIRE(padded.ok());
    CHECK(interop::boris_aggregated_events(*padded, padded->observations.at(0)) ==
          testing::read_file(exports + "aggregated_with_trailing_spaces_in_modifiers.tsv"));
}
