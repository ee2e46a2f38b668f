// attune-cli bench import: each peer reader on a generated file of N events (1,000,000 by
// default), through the whole import path the CLI takes: read, map and check (plan), and
// the one commit. Prints the time of each step, events per second and the peak resident
// memory after each format (the process's high-water mark, so it only grows).
#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>

#include "attune/coding/event_log.hpp"
#include "attune/coding/event_table.hpp"
#include "attune/coding/interop/boris_project.hpp"
#include "attune/coding/interop/datavyu.hpp"
#include "attune/coding/interop/elan.hpp"
#include "attune/coding/interop/foreign_import.hpp"
#include "attune/coding/records.hpp"
#include "bench_timing.hpp"
#include "commands.hpp"

namespace attune::cli {

namespace {

namespace fs = std::filesystem;

// One observation at 25 fps: subject S's state "s" (start and stop, 0.4 s long) and a point
// "p" in turns, 40 ms apart; half of the states carry a modifier.
void write_boris_file(const std::string& path, size_t events) {
    std::ofstream f(path, std::ios::binary);
    f.precision(10);
    f << R"({"project_name": "bench", "subjects_conf": {"0": {"key": "1", "name": "S"}},
 "behaviors_conf": {"0": {"type": "State event", "key": "s", "code": "s", "modifiers":
   {"0": {"name": "m", "type": 0, "values": ["x", "y"]}}},
   "1": {"type": "Point event", "key": "p", "code": "p", "modifiers": {}}},
 "observations": {"bench": {"type": "MEDIA", "file": {"1": ["bench.mp4"]},
   "media_info": {"fps": {"bench.mp4": 25.0}}, "events": [)";
    for (size_t i = 0; i < events; ++i) {
        const double t = static_cast<double>(i) * 0.04;
        const bool point = i % 3 == 2;
        f << (i ? ",\n" : "\n") << "[" << t << ", \"S\", \"" << (point ? "p" : "s") << "\", \""
          << (point         ? ""
              : (i / 3) % 2 ? "x"
                            : "None")
          << "\", \"\"]";
    }
    f << "]}}}\n";
}

// The same shape as ELAN writes it: tier S, annotations "s" of 0.4 s and zero-length "p".
void write_eaf_file(const std::string& path, size_t events) {
    std::ofstream f(path, std::ios::binary);
    f << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ANNOTATION_DOCUMENT AUTHOR=\"\" "
         "DATE=\"2026-01-01T00:00:00+00:00\" FORMAT=\"3.0\" VERSION=\"3.0\">\n<HEADER "
         "MEDIA_FILE=\"\" TIME_UNITS=\"milliseconds\"/>\n<TIME_ORDER>\n";
    for (size_t i = 0; i < events; ++i)
        f << "<TIME_SLOT TIME_SLOT_ID=\"ts" << 2 * i + 1 << "\" TIME_VALUE=\"" << i * 40
          << "\"/><TIME_SLOT TIME_SLOT_ID=\"ts" << 2 * i + 2 << "\" TIME_VALUE=\""
          << i * 40 + (i % 2 ? 0 : 20) << "\"/>\n";
    f << "</TIME_ORDER>\n<TIER LINGUISTIC_TYPE_REF=\"t\" TIER_ID=\"S\">\n";
    for (size_t i = 0; i < events; ++i)
        f << "<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a" << i + 1
          << "\" TIME_SLOT_REF1=\"ts" << 2 * i + 1 << "\" TIME_SLOT_REF2=\"ts" << 2 * i + 2
          << "\"><ANNOTATION_VALUE>" << (i % 2 ? "p" : "s")
          << "</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>\n";
    f << "</TIER>\n<LINGUISTIC_TYPE LINGUISTIC_TYPE_ID=\"t\" TIME_ALIGNABLE=\"true\"/>\n"
         "</ANNOTATION_DOCUMENT>\n";
}

// Datavyu's text database (#4) with one TEXT column S: cells of 20 ms, 40 ms apart.
void write_datavyu_file(const std::string& path, size_t events) {
    std::ofstream f(path, std::ios::binary);
    f << "#4\nS (TEXT,true,)\n";
    const auto clock = [](size_t ms) {
        char out[48];
        std::snprintf(out, sizeof out, "%02zu:%02zu:%02zu:%03zu", ms / 3600000, ms / 60000 % 60,
                      ms / 1000 % 60, ms % 1000);
        return std::string(out);
    };
    for (size_t i = 0; i < events; ++i)
        f << clock(i * 40) << ',' << clock(i * 40 + 20) << ',' << (i % 2 ? "x" : "y") << '\n';
}

double peak_mib() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

struct Format {
    std::string name, file;
    std::function<Result<interop::ForeignProject>(const std::string&)> read;
};

void print_line(const std::string& name, size_t raw, size_t imported, const std::string& file,
                double read_ms, double plan_ms, double commit_ms) {
    const double total = read_ms + plan_ms + commit_ms;
    std::printf(
        "%-6s %zu in the file, %zu imported  %.0f MiB file  read %7.0f ms  map+check %7.0f ms  "
        "commit %7.0f ms  total %7.0f ms (%.0f events/s)  peak memory %.0f MiB\n",
        name.c_str(), raw, imported, static_cast<double>(fs::file_size(file)) / (1 << 20), read_ms,
        plan_ms, commit_ms, total, static_cast<double>(imported) / (total / 1000.0), peak_mib());
}

// Attune's own table (events import): the events of the last import written as CSV, read
// and checked against the scheme, and added to a pass in one change.
Status bench_csv(const interop::ImportPlan& plan, const std::string& dir, const std::string& user) {
    const auto& events = plan.observations.front().events;
    const std::string file = dir + "/bench-events.csv", path = dir + "/csv.attune";
    {
        std::ofstream f(file, std::ios::binary);
        f << events_to_table(plan.scheme, {"bench", "bench", user, "primary"}, events,
                             TableFormat::Csv);
    }
    auto t = BenchClock::now();
    std::ifstream in(file, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const double read_ms = ms_since(t);
    t = BenchClock::now();
    auto rows = events_from_table(plan.scheme, text, TableFormat::Csv);
    if (!rows) return rows.error();
    const double plan_ms = ms_since(t);
    fs::remove(path);
    auto study = Study::create(path, "bench", user);
    if (!study) return study.error();
    auto snapshot = add_scheme_snapshot(*study, plan.scheme);
    if (!snapshot) return snapshot.error();
    Session s;
    s.label = s.participant = "bench";
    auto session = add_session(*study, s);
    if (!session) return session.error();
    auto pass = ensure_pass(*study, *session, user, PassRole::Primary, *snapshot);
    if (!pass) return pass.error();
    t = BenchClock::now();
    if (auto ok = EventLog(*study, plan.scheme, *pass).add_all(*rows); !ok) return ok;
    print_line("csv", events.size(), rows->size(), file, read_ms, plan_ms, ms_since(t));
    return ok_status();
}

Result<interop::ImportPlan> bench_one(const Format& f, const std::string& dir,
                                      const std::string& user, size_t raw_events) {
    auto t = BenchClock::now();
    auto project = f.read(f.file);
    if (!project) return project.error();
    const double read_ms = ms_since(t);
    std::vector<std::string> notes;
    auto scheme = load_scheme_text(interop::scheme_json_from(*project, "bench", notes), "bench");
    if (!scheme) return scheme.error();
    const std::string path = dir + "/" + f.name + ".attune";
    fs::remove(path);
    auto study = Study::create(path, "bench", user);
    if (!study) return study.error();
    interop::ImportRequest r;
    r.file = f.file, r.project = &*project, r.coder = user, r.fps = 25;
    for (const auto& o : project->observations) r.observations.push_back(&o);
    r.mapping = interop::propose_mapping(*project, r.observations, *scheme, f.file);
    t = BenchClock::now();
    auto plan = interop::plan_import(*study, r, *scheme, 0);
    if (!plan) return plan.error();
    const double plan_ms = ms_since(t);
    t = BenchClock::now();
    if (auto ok = interop::commit_import(*study, *plan); !ok) return ok.error();
    print_line(f.name, raw_events, plan->events(), f.file, read_ms, plan_ms, ms_since(t));
    return plan;
}

int bench_import(const std::string& dir, size_t events, const std::string& user) {
    fs::create_directories(dir);
    const std::vector<Format> formats = {
        {"boris", dir + "/bench.boris",
         [](const std::string& p) { return interop::read_boris(p); }},
        {"eaf", dir + "/bench.eaf", [](const std::string& p) { return interop::read_eaf(p); }},
        {"opf", dir + "/bench.csv", [](const std::string& p) { return interop::read_datavyu(p); }}};
    std::printf(
        "bench import: %zu events per file, generated in %s; times are wall clock on "
        "this machine, one run\n",
        events, dir.c_str());
    write_boris_file(formats[0].file, events);
    write_eaf_file(formats[1].file, events);
    write_datavyu_file(formats[2].file, events);
    std::optional<interop::ImportPlan> last;
    for (const auto& f : formats) {
        auto plan = bench_one(f, dir, user, events);
        if (!plan) return fail(f.name + ": " + plan.error().message);
        last = std::move(*plan);
    }
    if (auto ok = bench_csv(*last, dir, user); !ok) return fail("csv: " + ok.error().message);
    return 0;
}

}  // namespace

void add_bench_import_command(CLI::App& bench, CliContext& ctx) {
    struct Opts {
        std::string dir = (fs::temp_directory_path() / "attune-bench-import").string();
        size_t events = 1'000'000;
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = bench.add_subcommand(
        "import", "Each peer reader on a generated file: read, map and check, commit");
    cmd->add_option("--dir", o->dir, "Where to write the files and studies")->capture_default_str();
    cmd->add_option("--events", o->events, "Events per file")->capture_default_str();
    cmd->callback(
        [&ctx, o] { run_guarded(ctx, [&] { return bench_import(o->dir, o->events, ctx.user); }); });
}

}  // namespace attune::cli
