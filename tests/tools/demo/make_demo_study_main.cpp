// attune-make-demo-study: builds the demo study around the demo recording, so a
// newcomer opens a session that is already coded: the staged events of the demo
// (attune-make-demo --events-out) plus a few more, ratings on every applicable cell,
// a classification, and 24 earlier sessions (classification only, no video) so the
// tallies view has a study to count. Everything goes through the coding library.
// Exit codes: 0 written, 1 could not write (message says why), 2 bad arguments.
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "attune/coding/event_log.hpp"
#include "attune/coding/file_identity.hpp"
#include "attune/coding/ratings.hpp"
#include "attune/coding/records.hpp"

namespace {

using namespace attune;
namespace fs = std::filesystem;

constexpr const char* kCoder = "demo coder";

struct Staged {
    int fps = 30;
    std::vector<Event> events;
};

Result<Staged> read_staged(const std::string& path, const Scheme& scheme) {
    std::ifstream in(path);
    if (!in) return Error{"cannot read " + path + "; make it with attune-make-demo --events-out"};
    Staged out;
    try {
        const auto j = nlohmann::json::parse(in);
        out.fps = j.at("fps").get<int>();
        auto at = [&](int64_t frame) { return (frame * 1'000'000 + out.fps - 1) / out.fps; };
        for (const auto& e : j.at("events")) {
            Event ev;
            ev.behaviour = e.at("behaviour").get<std::string>();
            ev.subject = e.at("subject").get<std::string>();
            ev.start_frame = e.at("start_frame").get<int64_t>();
            ev.stop_frame = e.at("stop_frame").get<int64_t>();
            ev.start_us = at(ev.start_frame);
            ev.stop_us = at(*ev.stop_frame);
            if (ev.behaviour == "APPROACH")
                ev.modifiers = {{"target", "parent"}, {"extent", "full (reaches adult)"}};
            if (!scheme.behaviour(ev.behaviour))
                return Error{path + ": unknown behaviour " + ev.behaviour};
            out.events.push_back(ev);
        }
    } catch (const std::exception& e) {
        return Error{path + " is not the demo's events file: " + e.what()};
    }
    return out;
}

// A few behaviours a coder would add around the staged ones, in seconds.
void add_coded_detail(Staged& s, double episode_s) {
    auto at = [&](double sec) {
        const int64_t f = static_cast<int64_t>(std::floor(sec * s.fps + 1e-9));
        return FrameTime{f, (f * 1'000'000 + s.fps - 1) / s.fps};
    };
    auto add = [&](const char* b, const char* subject, double from, double to,
                   std::map<std::string, std::string> mods = {}) {
        Event e;
        e.behaviour = b, e.subject = subject, e.modifiers = std::move(mods);
        const FrameTime a = at(from), z = at(to);
        e.start_frame = a.frame, e.start_us = a.t_us, e.stop_frame = z.frame, e.stop_us = z.t_us;
        s.events.push_back(e);
    };
    auto ep = [&](int n, double frac) { return (n - 1 + frac) * episode_s; };
    add("SESSION_START", "procedure", 0, 0);
    add("EXPL_MANIP", "child", ep(2, 0.15), ep(2, 0.8));
    add("EXPL_VIS", "child", ep(3, 0.1), ep(3, 0.5));
    add("SMILE_AT", "child", ep(3, 0.6), ep(3, 0.6), {{"target", "stranger"}});
    add("SEARCH", "child", ep(4, 0.2), ep(4, 0.2), {{"form", "looks at door/chair"}});
    add("REACH_SIGNAL", "child", ep(5, 0.05), ep(5, 0.05), {{"target", "parent"}});
    add("P_PICK_UP", "parent", ep(5, 0.15), ep(5, 0.15));
    add("IN_CONTACT", "child", ep(5, 0.15), ep(5, 0.55), {{"target", "parent"}});
    add("P_COMFORT", "parent", ep(5, 0.16), ep(5, 0.5));
    add("SEARCH", "child", ep(6, 0.5), ep(6, 0.5), {{"form", "approaches door"}});
    add("P_GREET", "parent", ep(8, 0.02), ep(8, 0.02));
    add("IN_CONTACT", "child", ep(8, 0.4), ep(8, 0.9), {{"target", "parent"}});
}

// Plausible ratings of a secure (B3) child: strong proximity seeking and contact
// maintaining toward the parent on reunion, little resistance or avoidance.
int demo_rating(const Rating& cell) {
    const bool reunion = cell.episode == "E5" || cell.episode == "E8";
    const bool parent = cell.target == "parent";
    if (cell.scale == "PS") return parent ? (reunion ? 6 : 2) : 2;
    if (cell.scale == "CM") return parent ? (reunion ? 5 : 1) : 1;
    if (cell.scale == "RS") return reunion && parent ? 2 : 1;
    if (cell.scale == "AV") return 1;
    if (cell.scale == "SEARCH") return cell.episode == "E6" ? 5 : 4;
    if (cell.scale == "DI") return 1;
    if (cell.scale == "D_RATING") return 1;
    return 1;
}

Status build(const std::string& out, const std::string& recording, const std::string& staged_path,
             const std::string& scheme_path, double episode_s) {
    auto scheme = load_scheme_file(scheme_path);
    if (!scheme) return scheme.error();
    auto staged = read_staged(staged_path, *scheme);
    if (!staged) return staged.error();
    add_coded_detail(*staged, episode_s);

    auto study = Study::create(out, "Attune demo study", kCoder);
    if (!study) return study.error();
    auto snapshot = add_scheme_snapshot(*study, *scheme);
    if (!snapshot) return snapshot.error();

    Session demo;
    demo.label = "SSP-demo", demo.participant = "D01", demo.date = "2026-11-02";
    demo.child_age_months = 13.5;
    demo.recording_path = fs::absolute(recording).string();
    if (auto id = file_identity(recording)) demo.recording_identity = *id;
    demo.variables = {{"site", "A"}, {"sample", "community"}};
    auto session = add_session(*study, demo);
    if (!session) return session.error();
    auto pass = ensure_pass(*study, *session, kCoder, PassRole::Primary, *snapshot);
    if (!pass) return pass.error();
    for (auto& e : staged->events) e.pass_id = *pass;
    if (auto ok = EventLog(*study, *scheme, *pass).add_all(staged->events); !ok) return ok;
    for (const Rating& cell : rating_grid(*scheme))
        if (auto ok = set_rating(*study, *scheme, *pass, cell.scale, cell.target, cell.episode,
                                 demo_rating(cell));
            !ok)
            return ok;
    Classification c;
    c.code = "B3", c.d_rating = 1, c.confidence = 3;
    c.notes = "Distressed in both separations; seeks and keeps contact on reunion, settles.";
    if (auto ok = set_classification(*study, *scheme, *pass, c); !ok) return ok;

    // Earlier sessions of the study, classification only, for the tallies view.
    const char* codes[] = {"B3", "B1", "A1", "B2", "B3", "C1", "B4", "A2", "B3", "D",  "B2", "B3",
                           "A1", "B1", "C2", "B3", "D",  "B2", "A2", "B3", "B4", "B3", "C1", "B2"};
    for (int i = 0; i < 24; ++i) {
        Session s;
        char label[16];
        std::snprintf(label, sizeof label, "D%02d", i + 2);
        s.label = label, s.participant = label;
        s.variables = {{"site", i % 2 ? "B" : "A"}, {"sample", "community"}};
        auto id = add_session(*study, s);
        if (!id) return id.error();
        auto p = ensure_pass(*study, *id, kCoder, PassRole::Primary, *snapshot);
        if (!p) return p.error();
        Classification k;
        k.code = codes[i], k.confidence = 2;
        if (k.code == "D") {
            k.d_rating = 7;
            const auto* d = scheme->code("D");
            k.secondary = d && !d->secondary_from.empty() ? d->secondary_from.front() : "B";
        } else {
            k.d_rating = 1;
        }
        if (auto ok = set_classification(*study, *scheme, *p, k); !ok) return ok;
    }
    return ok_status();
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Builds Attune's demo study around the demo recording."};
    std::string out, recording, events, scheme;
    double episode_s = 20;
    app.add_option("--out", out, "Study file to write (*.attune); must not exist")->required();
    app.add_option("--recording", recording, "The demo recording (attune-make-demo --out)")
        ->required()
        ->check(CLI::ExistingFile);
    app.add_option("--events", events, "The staged events (attune-make-demo --events-out)")
        ->required()
        ->check(CLI::ExistingFile);
    app.add_option("--scheme", scheme, "The infant Strange Situation scheme")
        ->required()
        ->check(CLI::ExistingFile);
    app.add_option("--episode-seconds", episode_s, "Episode length used for the recording")
        ->capture_default_str();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    if (fs::exists(out)) {
        std::fprintf(stderr, "attune-make-demo-study: %s exists; remove it first\n", out.c_str());
        return 2;
    }
    // Build beside the target and rename, so an interrupted run leaves no half-made study.
    const std::string partial = out + ".partial";
    fs::remove(partial);
    if (auto ok = build(partial, recording, events, scheme, episode_s); !ok) {
        std::fprintf(stderr, "attune-make-demo-study: %s\n", ok.error().message.c_str());
        fs::remove(partial);
        return 1;
    }
    fs::rename(partial, out);
    std::printf("wrote %s\n", out.c_str());
    return 0;
}
