// events export / import; rating set; classification set.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <tuple>

#include "attune/coding/blinding.hpp"
#include "attune/coding/event_log.hpp"
#include "attune/coding/event_table.hpp"
#include "attune/coding/file_identity.hpp"
#include "attune/coding/ratings.hpp"
#include "attune/coding/retime.hpp"
#include "commands.hpp"
#include "option_checks.hpp"
#include "recording_target.hpp"
#include "report_files.hpp"

namespace attune::cli {

namespace {

// The recording's frame times, from the frame index the workstation stored in the study.
ImportTarget import_target(Study& study, const PassTarget& t, const std::string& role) {
    ImportTarget target = indexed_recording(study, t.session);
    target.pass = {t.session.label, t.session.participant, t.coder, role};
    return target;
}

// Two rows are the same row when everything but their id and pass is equal.
using RowOf = std::tuple<std::string, std::string, int64_t, int64_t, std::optional<int64_t>,
                         std::optional<int64_t>, std::map<std::string, std::string>, std::string>;
RowOf row_of(const Event& e) {
    return {e.subject,    e.behaviour, e.start_frame, e.start_us,
            e.stop_frame, e.stop_us,   e.modifiers,   e.comment};
}

// Names the scheme allows for one rating cell, with suggestions for a typo.
Status check_rating_names(const Scheme& scheme, const std::string& scale, const std::string& target,
                          const std::string& episode) {
    std::vector<std::string> scales;
    for (const auto& s : scheme.scales) scales.push_back(s.id);
    const RatingScale* sc = scheme.scale(scale);
    if (!sc) return Error{no_such("rating scale", scale, scales, "in scheme " + scheme.id)};
    std::vector<std::string> targets;
    std::set<std::string> episodes;
    for (const auto& [t, eps] : sc->applicability) {
        targets.push_back(t);
        episodes.insert(eps.begin(), eps.end());
    }
    if (!sc->applicability.count(target))
        return Error{no_such("target", target, targets, "for scale " + scale)};
    if (!episodes.count(episode)) {
        std::vector<std::string> all;
        for (const auto& e : scheme.episodes) all.push_back(e.id);
        if (std::find(all.begin(), all.end(), episode) == all.end())
            return Error{no_such("episode", episode, {episodes.begin(), episodes.end()},
                                 "for scale " + scale)};
    }
    return ok_status();
}

struct EventsOpts {
    std::string study, file, format = "csv", out;
    bool force = false, replace = false, append = false;
    PassOptions pass;
};

int export_events(CliContext& ctx, const EventsOpts& o) {
    if (!o.out.empty())
        if (auto ok = check_output_path(o.out, o.force, {o.study}); !ok)
            return fail(ok.error().message);
    auto st = open_study(o.study, ctx);
    if (!st) return fail(st.error().message);
    auto p = resolve_pass(*st, o.pass, false);
    if (!p) return fail(p.error().message);
    if (auto why = blind_refusal(*st, st->user(), p->pass.id)) return fail(*why);
    const auto rows = EventLog(*st, p->scheme, p->pass.id).events();
    const std::string text = events_to_table(
        p->scheme, {p->session.label, p->session.participant, p->pass.coder, o.pass.role}, rows,
        *table_format_from(o.format));
    if (o.out.empty()) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return 0;
    }
    auto ok = write_text_output(o.out, text);
    if (!ok) return fail(ok.error().message);
    std::fprintf(stderr, "wrote %zu events to %s\n", rows.size(), o.out.c_str());
    return 0;
}

struct ImportTable {
    std::string text;
    TableFormat format = TableFormat::Csv;
};

// The file's bytes and its format: --format, else sniffed from the first line, else the name.
Result<ImportTable> read_import_table(const EventsOpts& o) {
    std::ifstream f(o.file, std::ios::binary);
    if (!f) return Error{"cannot read " + o.file};
    std::stringstream ss;
    ss << f.rdbuf();
    ImportTable t{ss.str()};
    if (!o.format.empty()) {
        auto fmt = table_format_from(o.format);
        if (!fmt) return Error{"--format must be csv or tsv"};
        t.format = *fmt;
        return t;
    }
    const bool tsv_name = o.file.size() > 4 && o.file.substr(o.file.size() - 4) == ".tsv";
    t.format = sniff_table_format(t.text).value_or(tsv_name ? TableFormat::Tsv : TableFormat::Csv);
    return t;
}

// Which of the table's rows go in, given what the pass holds: all of them into an empty pass
// or with --replace; with --append the rows not there yet (never a second running bout);
// otherwise a refusal that says which flag to pass.
Result<std::vector<Event>> rows_to_add(const EventsOpts& o, const std::vector<Event>& rows,
                                       const std::vector<Event>& existing) {
    if (existing.empty() || o.replace) return rows;
    std::set<RowOf> there;
    for (const Event& x : existing) there.insert(row_of(x));
    std::vector<Event> add;
    for (const Event& e : rows)
        if (!there.count(row_of(e))) add.push_back(e);
    if (!o.append)
        return Error{"the pass already has " + std::to_string(existing.size()) + " events (" +
                     std::to_string(rows.size() - add.size()) + " of the table's " +
                     std::to_string(rows.size()) +
                     " rows are among them); nothing was imported. Pass --replace to replace "
                     "them, or --append to add the rows not yet there"};
    std::map<std::string, int64_t> running;  // behaviour -> start frame of its open bout
    for (const Event& x : existing)
        if (x.open()) running[x.behaviour] = x.start_frame;
    for (const Event& e : add)
        if (auto it = running.find(e.behaviour); e.open() && it != running.end())
            return Error{o.file + ": " + e.behaviour + " at frame " +
                         std::to_string(e.start_frame) +
                         " would be a second running bout (one runs from frame " +
                         std::to_string(it->second) + "); nothing was imported"};
    return add;
}

int import_events(CliContext& ctx, const EventsOpts& o) {
    auto table = read_import_table(o);
    if (!table) return fail(table.error().message);
    auto st = open_study(o.study, ctx);
    if (!st) return fail(st.error().message);
    auto p = plan_pass(*st, o.pass);
    if (!p) return fail(p.error().message);
    auto rows = events_from_table(p->scheme, table->text, table->format,
                                  import_target(*st, *p, o.pass.role));
    if (!rows) return fail(o.file + ": " + rows.error().message);
    std::vector<Event> existing;
    if (p->pass) existing = EventLog(*st, p->scheme, p->pass->id).events();
    auto add = rows_to_add(o, *rows, existing);
    if (!add) return fail(add.error().message);
    ProgressLine progress(ctx, "importing " + o.file, add->size(), "events");
    auto ok = write_to_pass(
        *st, *p, "import " + std::to_string(add->size()) + " events",
        [&](sql::Db& db, int64_t pass_id) {
            return EventLog(*st, p->scheme, pass_id).write_all(db, *add, o.replace, [&](size_t n) {
                progress.update(n);
            });
        });
    progress.finish();
    if (!ok) return fail(ok.error().message);
    std::string note;
    if (o.replace && !existing.empty())
        note = ", replacing " + std::to_string(existing.size());
    else if (add->size() != rows->size())
        note = ", " + std::to_string(rows->size() - add->size()) + " rows were there already";
    std::printf("imported %zu events into %s (%s, %s)%s\n", add->size(), p->session.label.c_str(),
                p->coder.c_str(), o.pass.role.c_str(), note.c_str());
    return 0;
}

}  // namespace

int import_event_table(CliContext& ctx, const std::string& study, const std::string& file,
                       const PassOptions& pass) {
    EventsOpts o;
    o.study = study, o.file = file, o.format = "", o.pass = pass;
    return import_events(ctx, o);
}

Result<std::shared_ptr<const video::FrameIndex>> recording_index(Study& study,
                                                                 const Session& session,
                                                                 CliContext& ctx) {
    const std::string path = session.recording_path
                                 ? resolve_recording_path(study.path(), *session.recording_path)
                                 : session.label;
    ProgressLine progress(ctx, "indexing " + path, 100, "%");
    auto index = report::film_index(
        study, session, [&](double done) { progress.update(static_cast<size_t>(done * 100)); });
    progress.finish();
    return index;
}

Result<ImportTarget> recording_clock(Study& study, const Session& session, CliContext& ctx) {
    if (auto stored = indexed_recording(study, session); stored.frame_at) return stored;
    auto index = recording_index(study, session, ctx);
    if (!index) return index.error();
    return clock_of(**index);
}

namespace {

void add_export_command(CLI::App* events, CliContext& ctx) {
    auto o = std::make_shared<EventsOpts>();
    auto* exp = events->add_subcommand("export", "Write a pass's events as a tidy table");
    exp->add_option("STUDY", o->study, "Study file")->required();
    o->pass.add_to(exp, false);
    exp->add_option("--format", o->format, "csv or tsv")
        ->check(CLI::IsMember({"csv", "tsv"}))
        ->capture_default_str();
    exp->add_option("--out", o->out, "Output file (default: standard output)");
    exp->add_flag("--force", o->force, "Replace --out if it exists (never a study)");
    exp->callback([&ctx, o] { run_guarded(ctx, [&] { return export_events(ctx, *o); }); });
}

void add_import_command(CLI::App* events, CliContext& ctx) {
    auto o = std::make_shared<EventsOpts>();
    o->format.clear();  // import: from the file's first line unless given
    auto* imp = events->add_subcommand("import",
                                       "Add events from a table (as written by export) to a pass");
    imp->add_option("STUDY", o->study, "Study file")->required();
    imp->add_option("FILE", o->file, "CSV or TSV table")->required();
    o->pass.add_to(imp, true);
    imp->add_option("--format", o->format, "csv or tsv (default: from the file's first line)");
    auto* replace = imp->add_flag("--replace", o->replace, "The pass has events: replace them all");
    imp->add_flag("--append", o->append, "The pass has events: add the table's new rows to them")
        ->excludes(replace);
    imp->callback([&ctx, o] { run_guarded(ctx, [&] { return import_events(ctx, *o); }); });
}

struct RetimeOpts {
    std::string study;
    PassOptions pass;
};

int retime_events(CliContext& ctx, const RetimeOpts& o) {
    auto st = open_study(o.study, ctx);
    if (!st) return fail(st.error().message);
    auto p = plan_pass(*st, o.pass);
    if (!p) return fail(p.error().message);
    if (!p->pass) return fail("session " + p->session.label + " has no such pass");
    auto clock = recording_clock(*st, p->session, ctx);
    if (!clock) return fail(clock.error().message);
    auto r = rederive_frames(*st, p->scheme, p->pass->id, *clock);
    if (!r) return fail(r.error().message);
    std::printf(
        "%zu events re-derived from their times (frames moved by up to %lld), %zu already "
        "on their frames, in %s (%s, %s)\n",
        r->events, static_cast<long long>(r->largest_shift), r->unchanged, p->session.label.c_str(),
        p->coder.c_str(), o.pass.role.c_str());
    return 0;
}

void add_retime_command(CLI::App* events, CliContext& ctx) {
    auto o = std::make_shared<RetimeOpts>();
    auto* cmd = events->add_subcommand(
        "retime",
        "Re-derive a pass's frames from its events' times with the recording's frame index (for "
        "events imported while the recording was not at hand); one change");
    cmd->add_option("STUDY", o->study, "Study file")->required();
    o->pass.add_to(cmd, false);
    cmd->callback([&ctx, o] { run_guarded(ctx, [&] { return retime_events(ctx, *o); }); });
}

}  // namespace

void add_event_commands(CLI::App& app, CliContext& ctx) {
    auto* events =
        app.add_subcommand("events", "Export, import or re-time the events of a coding pass")
            ->require_subcommand(1);
    add_export_command(events, ctx);
    add_import_command(events, ctx);
    add_retime_command(events, ctx);
}

namespace {

struct RatingOpts {
    std::string study, scale, target, episode = "ALL";
    int value = 0;
    bool clear = false, has_value = false;
    PassOptions pass;
};

int set_rating(CliContext& ctx, const RatingOpts& r) {
    if (!r.clear && !r.has_value) return fail("give --value N, or --clear");
    auto st = open_study(r.study, ctx);
    if (!st) return fail(st.error().message);
    auto p = plan_pass(*st, r.pass);
    if (!p) return fail(p.error().message);
    const std::optional<int> v = r.clear ? std::nullopt : std::optional<int>(r.value);
    if (auto ok = check_rating_names(p->scheme, r.scale, r.target, r.episode); !ok)
        return fail(ok.error().message);
    if (auto ok = check_rating(p->scheme, r.scale, r.target, r.episode, v); !ok)
        return fail(ok.error().message);
    auto ok = write_to_pass(*st, *p, rating_label(r.scale, r.target, r.episode, v),
                            [&](sql::Db& db, int64_t pass_id) {
                                write_rating(db, pass_id, r.scale, r.target, r.episode, v);
                                return ok_status();
                            });
    if (!ok) return fail(ok.error().message);
    return 0;
}

void add_rating_command(CLI::App& app, CliContext& ctx) {
    auto r = std::make_shared<RatingOpts>();
    auto* rating =
        app.add_subcommand("rating", "Ratings on the scheme's scales")->require_subcommand(1);
    auto* rset = rating->add_subcommand("set", "Set (or --clear) one rating cell of a pass");
    rset->add_option("STUDY", r->study, "Study file")->required();
    r->pass.add_to(rset, true);
    rset->add_option("--scale", r->scale, "Scale id, e.g. PS")->required();
    rset->add_option("--target", r->target, "Target role, e.g. parent")->required();
    rset->add_option("--episode", r->episode, "Episode id, e.g. E5 (ALL for session-level scales)")
        ->capture_default_str();
    auto* value =
        rset->add_option("--value", r->value, "The rating")->check(options::whole_number());
    rset->add_flag("--clear", r->clear, "Remove the rating instead")->excludes(value);
    rset->callback([&ctx, r, value] {
        r->has_value = value->count() > 0;
        run_guarded(ctx, [&] { return set_rating(ctx, *r); });
    });
}

struct ClassOpts {
    std::string study, code, secondary, notes;
    int d_rating = 0, confidence = 0;
    bool has_d_rating = false, has_confidence = false;
    PassOptions pass;
};

// The D rating the pass has stored: the classification's, else the linked scale's rating.
std::optional<int> stored_d_rating(Study& study, const PassTarget& p) {
    if (!p.pass) return std::nullopt;
    if (auto old = load_classification(study, p.scheme, p.pass->id)) return old->d_rating;
    std::optional<int> found;
    const auto* code = p.scheme.linked_code();
    for (const Rating& x : load_ratings(study, p.pass->id))
        if (code && x.scale == code->linked_scale) found = x.value;
    return found;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& x : items) out += (out.empty() ? "" : ", ") + x;
    return out;
}

// What is wrong with the code and its secondary for this scheme, or nothing: only a code with
// a list of organised alternatives (D) takes a secondary, and only one from that list.
std::optional<std::string> code_problem(const Scheme& scheme, const Classification& k) {
    std::vector<std::string> codes, with_secondary;
    for (const auto& x : scheme.codes) {
        codes.push_back(x.code);
        if (!x.secondary_from.empty()) with_secondary.push_back(x.code);
    }
    const auto* code = scheme.code(k.code);
    if (!code) return no_such("classification code", k.code, codes, "in scheme " + scheme.id);
    if (!k.secondary) return std::nullopt;
    const auto& from = code->secondary_from;
    if (from.empty())
        return k.code + " takes no secondary classification (only " + joined(with_secondary) +
               " does)";
    if (std::find(from.begin(), from.end(), *k.secondary) == from.end())
        return "secondary '" + *k.secondary + "' cannot go with " + k.code +
               "; the secondary is an organized alternative (" + joined(from) + ")";
    return std::nullopt;
}

int set_classification(CliContext& ctx, const ClassOpts& c) {
    auto st = open_study(c.study, ctx);
    if (!st) return fail(st.error().message);
    auto p = plan_pass(*st, c.pass);
    if (!p) return fail(p.error().message);
    Classification k;
    k.code = c.code;
    if (!c.secondary.empty()) k.secondary = c.secondary;
    // Not given: the stored D rating stays.
    k.d_rating = c.has_d_rating ? std::optional<int>(c.d_rating) : stored_d_rating(*st, *p);
    if (c.has_confidence) k.confidence = c.confidence;
    k.notes = c.notes;
    if (auto problem = code_problem(p->scheme, k)) return fail(*problem);
    if (auto ok = check_classification(p->scheme, k); !ok) return fail(ok.error().message);
    auto ok = write_to_pass(*st, *p, "classify " + k.code, [&](sql::Db& db, int64_t pass_id) {
        write_classification(db, p->scheme, pass_id, k);
        return ok_status();
    });
    if (!ok) return fail(ok.error().message);
    return 0;
}

void add_classification_command(CLI::App& app, CliContext& ctx) {
    auto c = std::make_shared<ClassOpts>();
    auto* cls =
        app.add_subcommand("classification", "Classifications (e.g. entered from paper forms)")
            ->require_subcommand(1);
    auto* cset = cls->add_subcommand("set", "Set the classification of a pass");
    cset->add_option("STUDY", c->study, "Study file")->required();
    c->pass.add_to(cset, true);
    cset->add_option("--code", c->code, "A1, A2, B1-B4, C1, C2, D, CC (or A, B, C)")->required();
    cset->add_option("--secondary", c->secondary,
                     "Best-fitting organized alternative, required with D (e.g. B3)");
    auto* d_rating = cset->add_option("--d-rating", c->d_rating,
                                      "Disorganization rating, 1-9 (default: keep the stored one)")
                         ->check(options::whole_number());
    auto* confidence =
        cset->add_option("--confidence", c->confidence, "1 uncertain, 2 probable, 3 confident")
            ->check(options::whole_number());
    cset->add_option("--notes", c->notes, "Coder's notes");
    cset->callback([&ctx, c, d_rating, confidence] {
        c->has_d_rating = d_rating->count() > 0;
        c->has_confidence = confidence->count() > 0;
        run_guarded(ctx, [&] { return set_classification(ctx, *c); });
    });
}

}  // namespace

void add_judgement_commands(CLI::App& app, CliContext& ctx) {
    add_rating_command(app, ctx);
    add_classification_command(app, ctx);
}

}  // namespace attune::cli
