// Planning and committing an import of a peer's observations (see the header).
#include "attune/coding/interop/foreign_import.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>

#include "attune/coding/event_log.hpp"
#include "attune/coding/file_identity.hpp"
#include "attune/coding/interop/boris_project.hpp"
#include "attune/coding/interop/datavyu.hpp"
#include "attune/coding/interop/elan.hpp"
#include "attune/coding/interop/observer_xt.hpp"
#include "attune/coding/records.hpp"

namespace attune::interop {

namespace {

namespace fs = std::filesystem;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// A medium named relative to the project file is looked for beside it.
std::string located_medium(const std::string& project_file, const std::string& medium) {
    std::error_code ec;
    if (fs::path(medium).is_absolute()) return medium;
    const fs::path beside = fs::absolute(project_file, ec).parent_path() / medium;
    return fs::exists(beside, ec) ? beside.lexically_normal().string() : medium;
}

Result<Session> new_session(const ForeignObservation& o, const std::string& file) {
    Session s;
    s.label = o.id;
    s.participant = o.id;
    for (const auto& [name, value] : o.variables) {
        if (lower(name) == "participant" && !value.empty())
            s.participant = value;
        else if (!value.empty())
            s.variables[name] = value;
    }
    if (o.date.size() >= 10 &&
        std::regex_match(o.date.substr(0, 10), std::regex(R"(\d{4}-\d{2}-\d{2})")))
        s.date = o.date.substr(0, 10);
    if (o.media.size() > 1)
        return Error{
            "observation '" + o.id + "' plays " + std::to_string(o.media.size()) +
            " media files back to back (" + o.media[0] + ", " + o.media[1] +
            (o.media.size() > 2 ? ", ..." : "") +
            ") and an Attune session has one recording: join them into one file, add a "
            "session for it, and import the observation into it (attune-cli: --observation and "
            "--session; the workstation: Observation and Into)"};
    if (!o.media.empty()) {
        s.recording_path = located_medium(file, o.media.front());
        if (auto id = file_identity(*s.recording_path)) s.recording_identity = *id;
    }
    return s;
}

struct Destination {
    Session session;
    std::optional<Pass> pass;
};

Result<Destination> destination(Study& study, const ImportRequest& r, const ForeignObservation& o) {
    if (r.session.empty()) {
        if (find_session(study, o.id))
            return Error{"observation '" + o.id + "': the study already has a session '" + o.id +
                         "'; to add this observation as a pass of it, import it into that session "
                         "(attune-cli: --observation '" +
                         o.id + "' --session '" + o.id +
                         "'; the workstation: Observation and Into)"};
        auto s = new_session(o, r.file);
        if (!s) return s.error();
        return Destination{*s, std::nullopt};
    }
    auto s = find_session(study, r.session);
    if (!s) return Error{"the study has no session '" + r.session + "'"};
    auto pass = find_pass(study, s->id, r.coder, r.role);
    return Destination{*s, pass};
}

Result<RecordingClock> clock_for(const ImportRequest& r, const ForeignObservation& o,
                                 const ImportTarget& target, std::vector<std::string>& notes) {
    if (target.frame_at && target.frame_us) {
        notes.push_back("frames from the recording's frame index");
        // The file's times are rounded to the ms, as at a constant rate (frames_at_rate).
        return RecordingClock{[at = target.frame_at](int64_t t_us) { return at(t_us + 500); },
                              target.frame_us};
    }
    const std::optional<double> fps = o.fps ? o.fps : r.fps;
    if (!fps)
        return Error{
            "observation '" + o.id + "': " +
            (o.media.empty() ? "a live observation has no recording to take frames from"
                             : "neither the file nor the study knows the recording's "
                               "frame rate") +
            "; give the rate the session was filmed at (attune-cli: --fps N; the workstation: "
            "Frame rate if unknown)"};
    char buf[96];
    std::snprintf(buf, sizeof buf, "frames at %.3f fps (%s)", *fps,
                  o.fps ? "the file's rate" : "the rate given");
    notes.push_back(buf);
    return RecordingClock{frames_at_rate(*fps), {}};
}

Result<PlannedObservation> plan_observation(Study& study, const ImportRequest& r,
                                            const ForeignObservation& o, const Scheme& scheme) {
    auto to = destination(study, r, o);
    if (!to) return to.error();
    PlannedObservation p;
    p.observation = o.id, p.session = to->session, p.pass = to->pass;
    if (p.pass && !EventLog(study, scheme, p.pass->id).events().empty())
        return Error{"session '" + p.session.label + "': " + r.coder + "'s " + to_string(r.role) +
                     " pass already has events; an import fills an empty pass (nothing was "
                     "imported)"};
    ImportTarget target;
    if (r.recording_target && p.session.recording_identity) target = r.recording_target(p.session);
    target.pass = {p.session.label, p.session.participant, r.coder, to_string(r.role)};
    auto clock = clock_for(r, o, target, p.notes);
    if (!clock) return clock.error();
    MappedRows rows = mapped_rows(o, r.mapping, scheme, *clock, *r.project);
    auto events = events_from_rows(scheme, rows.header, rows.rows, rows.where, target,
                                   "observation '" + o.id + "' of " + r.file);
    if (!events) return events.error();
    p.events = std::move(*events);
    p.counts = std::move(rows.counts);
    p.dropped = rows.dropped;
    for (const auto& [what, n] : rows.modifiers_left_out)
        p.notes.push_back(what + ": " + std::to_string(n) + (n == 1 ? " value" : " values") +
                          " left out");
    for (const auto& u : o.unpaired) p.notes.push_back(u + ": imported as still running");
    for (const auto& why : o.left_out) p.notes.push_back("left out: " + why);
    if (o.events_without_time > 0)
        p.notes.push_back(std::to_string(o.events_without_time) +
                          " events without a time (picture observations) left out");
    if (o.media_offset_us != 0)
        p.notes.push_back("times moved by the file's media offset of " +
                          std::to_string(o.media_offset_us / 1000) + " ms");
    return p;
}

}  // namespace

size_t ImportPlan::events() const {
    size_t n = 0;
    for (const auto& o : observations) n += o.events.size();
    return n;
}

std::string ImportPlan::summary() const {
    std::string out;
    for (const auto& o : observations) {
        out += "observation '" + o.observation + "' -> session " + o.session.label +
               (o.session.id == 0 ? " (new)" : "") + ", " + coder + "'s " + to_string(role) +
               " pass: " + std::to_string(o.events.size()) + " events\n";
        for (const auto& [behaviour, n] : o.counts)
            out += "  " + behaviour + ": " + std::to_string(n) + "\n";
        if (o.dropped > 0)
            out +=
                "  left out: " + std::to_string(o.dropped) + " events of codes the mapping drops\n";
        for (const auto& note : o.notes) out += "  note: " + note + "\n";
    }
    return out;
}

Result<ImportPlan> plan_import(Study& study, const ImportRequest& request, const Scheme& scheme,
                               int64_t snapshot_id) {
    if (auto ok = require_decided(request.mapping); !ok) return ok.error();
    if (!request.session.empty() && request.observations.size() != 1)
        return Error{"a session takes one observation; name it with --observation"};
    ImportPlan plan;
    plan.scheme = scheme, plan.snapshot_id = snapshot_id, plan.coder = request.coder;
    plan.file = request.file, plan.role = request.role;
    std::string problems;
    int failed = 0;
    for (const ForeignObservation* o : request.observations) {
        auto p = plan_observation(study, request, *o, scheme);
        if (!p) {
            problems += (failed++ ? "\n" : "") + p.error().message;
            continue;
        }
        plan.observations.push_back(std::move(*p));
    }
    if (failed > 0) return Error{problems};
    return plan;
}

Status commit_import(Study& study, const ImportPlan& plan,
                     const std::function<void(size_t)>& written) {
    const std::string label = "import " + std::to_string(plan.events()) + " events from " +
                              fs::path(plan.file).filename().string();
    const bool one_pass = plan.observations.size() == 1;
    const std::optional<int64_t> scope = one_pass && plan.observations[0].pass
                                             ? std::optional(plan.observations[0].pass->id)
                                             : std::nullopt;
    size_t done = 0;
    return study.change(label, scope, [&](sql::Db& db) -> Status {
        const int64_t snapshot =
            plan.snapshot_id ? plan.snapshot_id : insert_scheme_snapshot(db, plan.scheme);
        for (const auto& o : plan.observations) {
            int64_t session_id = o.session.id;
            if (session_id == 0) {
                auto added = insert_session(db, o.session);
                if (!added) return added.error();
                session_id = *added;
            }
            if (o.pass && !EventLog(study, plan.scheme, o.pass->id).events().empty())
                return Error{"session '" + o.session.label + "': " + plan.coder + "'s " +
                             to_string(plan.role) +
                             " pass got events since the import was planned; an import fills "
                             "an empty pass (nothing was imported)"};
            int64_t pass_id = o.pass ? o.pass->id : 0;
            if (!o.pass) {
                auto added = insert_pass(db, session_id, plan.coder, plan.role, snapshot);
                if (!added) return added.error();
                pass_id = *added;
                if (one_pass && o.session.id != 0)
                    if (auto ok = adopt_new_pass(db, pass_id); !ok) return ok;
            }
            auto ok =
                EventLog(study, plan.scheme, pass_id).write_all(db, o.events, false, [&](size_t n) {
                    if (written) written(done + n);
                });
            if (!ok) return ok;
            done += o.events.size();
        }
        return ok_status();
    });
}

}  // namespace attune::interop

namespace attune::interop {

namespace {

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Datavyu saves its spreadsheet as ".csv" too: its first line tells.
bool starts_like_datavyu(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    std::string first;
    std::getline(in, first);
    return looks_like_datavyu(first);
}

}  // namespace

Result<std::string> import_format_of(const std::string& file) {
    const std::string name = lower(fs::path(file).filename().string());
    for (const auto& [tail, format] :
         std::vector<std::pair<std::string, std::string>>{{".boris", "boris"},
                                                          {".boris.gz", "boris"},
                                                          {".eaf", "eaf"},
                                                          {".opf", "datavyu"},
                                                          {".otx", "otx"},
                                                          {".otb", "otx"},
                                                          {".csv", "csv"},
                                                          {".tsv", "csv"}})
        if (ends_with(name, tail))
            return format == "csv" && starts_like_datavyu(file) ? "datavyu" : format;
    return Error{"cannot tell the format of " + file +
                 " from its name (.boris, .boris.gz, .eaf, .opf, .otx, .otb, .csv or .tsv); "
                 "name the format (attune-cli: --format boris|eaf|datavyu|otx|csv)"};
}

Result<ForeignProject> read_foreign(const std::string& format, const std::string& file) {
    if (format == "boris") return read_boris(file);
    if (format == "eaf" || format == "elan") return read_eaf(file);
    if (format == "datavyu" || format == "opf") return read_datavyu(file);
    if (format == "otx") return read_otx(file);
    return Error{"reading " + format +
                 " files is not in this version of Attune (it reads BORIS projects, ELAN "
                 "documents, Datavyu spreadsheets, Observer XT templates and its own CSV); "
                 "convert the file to a BORIS project or CSV"};
}

Result<std::vector<const ForeignObservation*>> observations_to_import(
    const ForeignProject& p, const std::string& file, const std::string& observation,
    bool one_session) {
    if (!observation.empty()) {
        if (const auto* one = p.observation(observation)) return std::vector{one};
        std::string ids;
        for (const auto& obs : p.observations) ids += (ids.empty() ? "" : ", ") + obs.id;
        return Error{"no observation '" + observation + "' in " + file +
                     (ids.empty() ? "; it has none" : " (there are: " + ids + ")")};
    }
    std::vector<const ForeignObservation*> out;
    for (const auto& obs : p.observations)
        if (!obs.events.empty() || !obs.unknown_codes.empty()) out.push_back(&obs);
    if (out.empty() && p.format == "Observer XT")
        return Error{file +
                     " is an Observer XT template: it holds a coding scheme and no "
                     "observations. Make a scheme of it with attune-cli scheme from-otx " +
                     file + " --out SCHEME.json"};
    if (out.empty()) return Error{file + " has no observation with events; nothing to import"};
    if (one_session && out.size() > 1)
        return Error{file + " has " + std::to_string(out.size()) +
                     " observations with events; choose the one for the session (attune-cli: "
                     "--observation)"};
    return out;
}

}  // namespace attune::interop
