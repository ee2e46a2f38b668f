// attune-cli bench import: each peer reader on a generated file of N events (1,000,000 by
// default), through the whole import path the CLI takes: read, map and check (plan), and
// the one commit. Prints the time of each step, events per second and the peak resident
// memory after each format (the process's high-water mark, so it only grows).
#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>

#include "attune/coding/interop/boris_project.hpp"
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

double peak_mib() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

struct Format {
    std::string name, file;
    std::function<Result<interop::ForeignProject>(const std::string&)> read;
};

Status bench_one(const Format& f, const std::string& dir, const std::string& user,
                 size_t raw_events) {
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
    if (auto ok = interop::commit_import(*study, *plan); !ok) return ok;
    const double commit_ms = ms_since(t);
    const double total = read_ms + plan_ms + commit_ms;
    std::printf(
        "%-6s %zu in the file, %zu imported  %.0f MiB file  read %7.0f ms  map+check %7.0f ms  "
        "commit "
        "%7.0f ms  total %7.0f ms (%.0f events/s)  peak memory %.0f MiB\n",
        f.name.c_str(), raw_events, plan->events(),
        static_cast<double>(fs::file_size(f.file)) / (1 << 20), read_ms, plan_ms, commit_ms, total,
        static_cast<double>(plan->events()) / (total / 1000.0), peak_mib());
    return ok_status();
}

int bench_import(const std::string& dir, size_t events, const std::string& user) {
    fs::create_directories(dir);
    const std::vector<Format> formats = {
        {"boris", dir + "/bench.boris",
         [](const std::string& p) { return interop::read_boris(p); }},
        {"eaf", dir + "/bench.eaf", [](const std::string& p) { return interop::read_eaf(p); }}};
    std::printf(
        "bench import: %zu events per file, generated in %s; times are wall clock on "
        "this machine, one run\n",
        events, dir.c_str());
    write_boris_file(formats[0].file, events);
    write_eaf_file(formats[1].file, events);
    for (const auto& f : formats)
        if (auto ok = bench_one(f, dir, user, events); !ok)
            return fail(f.name + ": " + ok.error().message);
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
