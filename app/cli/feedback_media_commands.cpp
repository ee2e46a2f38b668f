// Video feedback's media (issue 14 points 5 and 9): reel (an MP4 of the visit plan's
// moments) and stills (PNGs of their freeze frames and a printable PDF handout). Each is
// refused, naming what is missing, unless every film it uses has consent for export, and
// each file written is recorded in the study (consent.hpp: media_export).
#include <cstdio>
#include <filesystem>
#include <set>

#include "attune/coding/blinding.hpp"
#include "attune/coding/consent.hpp"
#include "attune/coding/dates.hpp"
#include "attune/coding/feedback.hpp"
#include "attune/coding/moments.hpp"
#include "attune/video/frame_png.hpp"
#include "attune/video/reel.hpp"
#include "commands.hpp"
#include "handout.hpp"
#include "report_files.hpp"
#include "session_report.hpp"

namespace attune::cli {

namespace {

namespace fs = std::filesystem;

struct PlanOptions {
    std::string study, session, coder;
};

using report::ChosenPlan;
using report::plan_inputs;
using report::plan_of_pass;
using report::record_exports;
using report::write_into_folder;

void add_plan_options(CLI::App* cmd, PlanOptions& o) {
    cmd->add_option("STUDY", o.study, "Study file")->required();
    cmd->add_option("--session", o.session, "The session whose visit plan it is")->required();
    cmd->add_option("--coder", o.coder,
                    "Whose plan (when more than one coder of the session has one)");
}

Result<ChosenPlan> chosen_plan(Study& study, const PlanOptions& o) {
    auto session = session_named(study, o.session);
    if (!session) return session.error();
    std::vector<ChosenPlan> found;
    for (const Pass& p : list_passes(study)) {
        if (p.session_id != session->id || (!o.coder.empty() && p.coder != o.coder)) continue;
        if (auto items = visit_plan(study, p.id); !items.empty()) found.push_back({p, items, {}});
    }
    if (found.empty())
        return Error{"session " + o.session + " has no visit plan" +
                     (o.coder.empty() ? "" : " of " + o.coder) +
                     ": save moments first (attune-cli moment add, or I / O in the workstation)"};
    if (found.size() > 1)
        return Error{"more than one coder of session " + o.session +
                     " has a visit plan: name one with --coder"};
    if (auto why = blind_refusal(study, study.user(), found.front().pass.id)) return Error{*why};
    return plan_of_pass(study, found.front().pass);
}

// Every film the plan shows must have consent for export, today.
std::optional<std::string> missing_consent(Study& study, const ChosenPlan& plan) {
    std::string why;
    for (const auto& [label, s] : plan.sessions)
        if (auto no = consent_refusal(study, s.id, "export", local_date_today()))
            why += (why.empty() ? "" : "\n") + *no;
    if (why.empty()) return std::nullopt;
    return "nothing was written: " + why;
}

const char* piece_name(video::ReelPiece::Kind k) {
    switch (k) {
        case video::ReelPiece::Kind::Card:
            return "title card";
        case video::ReelPiece::Kind::Slow:
            return "half speed";
        case video::ReelPiece::Kind::Moment:
            break;
    }
    return "moment";
}

struct ReelOpts {
    PlanOptions plan;
    std::string out;
    bool plain = false, slow = false, force = false;
};

Result<std::vector<video::ReelMoment>> reel_moments(Study& study, const ChosenPlan& plan,
                                                    CliContext& ctx) {
    std::map<std::string, std::shared_ptr<const video::FrameIndex>> indexes;
    std::vector<video::ReelMoment> out;
    for (const PlanItem& i : plan.items) {
        const Session& s = plan.sessions.at(i.session);
        if (!indexes.count(s.label)) {
            auto index = recording_index(study, s, ctx);
            if (!index) return index.error();
            indexes[s.label] = *index;
        }
        out.push_back({resolve_recording_path(study.path(), *s.recording_path), indexes[s.label],
                       i.moment.in.frame, i.moment.out.frame, i.moment.title,
                       theme_title(study, s.id, i.moment.theme), i.moment.caption});
    }
    return out;
}

int write_reel_file(CliContext& ctx, const ReelOpts& o) {
    auto st = open_study(o.plan.study, ctx);
    if (!st) return fail(st.error().message);
    auto plan = chosen_plan(*st, o.plan);
    if (!plan) return fail(plan.error().message);
    if (auto bad = check_output_path(o.out, o.force, plan_inputs(*st, *plan)); !bad)
        return fail(bad.error().message);
    if (auto why = missing_consent(*st, *plan)) return fail(*why);
    auto moments = reel_moments(*st, *plan, ctx);
    if (!moments) return fail(moments.error().message);
    ProgressLine progress(ctx, "writing " + o.out, 100, "%");
    auto reel = video::write_reel(*moments, {o.plain, o.slow, 3.0}, o.out,
                                  [&](double d) { progress.update(static_cast<size_t>(d * 100)); });
    progress.finish();
    if (!reel) return fail(reel.error().message);
    if (auto recorded = record_exports(*st, *plan, "reel", {o.out}); !recorded)
        return fail(recorded.error().message);
    std::printf(
        "wrote %s: %zu moments, %lld frames, %.2f s, %dx%d; every frame re-encoded "
        "(captions are drawn into the pictures, so nothing is stream-copied); no sound\n",
        o.out.c_str(), moments->size(), static_cast<long long>(reel->frames),
        static_cast<double>(reel->duration_us) / 1e6, reel->width, reel->height);
    for (const auto& p : reel->pieces)
        std::printf("  %-10s moment %zu: %lld frames, %.2f s\n", piece_name(p.kind), p.moment + 1,
                    static_cast<long long>(p.frames), static_cast<double>(p.duration_us) / 1e6);
    return 0;
}

void add_reel(CLI::App& app, CliContext& ctx) {
    auto o = std::make_shared<ReelOpts>();
    auto* cmd = app.add_subcommand("reel", "Write the visit plan's moments as one MP4");
    add_plan_options(cmd, o->plan);
    cmd->add_option("--out", o->out, "The MP4 to write")->required();
    cmd->add_flag("--plain", o->plain,
                  "The moments' frames only: no title cards or captions (for checking, or "
                  "editing elsewhere)");
    cmd->add_flag("--slow-repeat", o->slow, "Show each moment again at half speed");
    cmd->add_flag("--force", o->force, "Replace --out if it exists");
    cmd->callback([&ctx, o] { run_guarded(ctx, [&] { return write_reel_file(ctx, *o); }); });
}

struct StillsOpts {
    PlanOptions plan;
    std::string out;
    bool force = false;
};

// The plan's moments that have a freeze frame, each with the file its still goes to.
struct Still {
    const PlanItem* item = nullptr;
    std::string name;  // still-N-frame-F.png, N its place in the plan
};

std::vector<Still> stills_of(const ChosenPlan& plan) {
    std::vector<Still> out;
    for (size_t i = 0; i < plan.items.size(); ++i)
        if (const auto& f = plan.items[i].moment.freeze)
            out.push_back({&plan.items[i], "still-" + std::to_string(i + 1) + "-frame-" +
                                               std::to_string(f->frame) + ".png"});
    return out;
}

// Writes every still and the handout into `temp`; nothing reaches the folder until all are.
Status write_stills_into(Study& study, const ChosenPlan& plan, const std::vector<Still>& stills,
                         const fs::path& temp, CliContext& ctx) {
    report::Handout handout;
    handout.heading = "Moments from our visit";
    handout.note = theme_title(study, plan.sessions.at(plan.items.front().session).id,
                               plan.items.front().moment.theme);
    handout.footer =
        "These pictures are from your family's own film. Please keep this page private.";
    for (const Still& s : stills) {
        const Session& session = plan.sessions.at(s.item->session);
        auto index = recording_index(study, session, ctx);
        if (!index) return index.error();
        const std::string png = (temp / s.name).string();
        auto wrote =
            video::write_frame_png(resolve_recording_path(study.path(), *session.recording_path),
                                   *index, s.item->moment.freeze->frame, png);
        if (!wrote) return wrote.error();
        handout.stills.push_back({png, s.item->moment.title, s.item->moment.caption});
    }
    return report::write_handout_pdf(handout, (temp / "handout.pdf").string());
}

int write_stills(CliContext& ctx, const StillsOpts& o) {
    auto st = open_study(o.plan.study, ctx);
    if (!st) return fail(st.error().message);
    auto plan = chosen_plan(*st, o.plan);
    if (!plan) return fail(plan.error().message);
    if (auto why = missing_consent(*st, *plan)) return fail(*why);
    const auto stills = stills_of(*plan);
    if (stills.empty())
        return fail("no moment in the plan of session " + o.plan.session +
                    " has a freeze frame: give one (attune-cli moment add --freeze FRAME)");
    const fs::path dir(o.out);
    std::vector<std::string> names = {"handout.pdf"};
    for (const Still& s : stills) names.push_back(s.name);
    auto wrote = write_into_folder(
        dir, names, o.force, plan_inputs(*st, *plan),
        [&](const fs::path& temp) { return write_stills_into(*st, *plan, stills, temp, ctx); });
    if (!wrote) return fail(wrote.error().message);
    std::vector<std::string> written;
    for (const auto& n : names) written.push_back((dir / n).string());
    if (auto recorded = record_exports(*st, *plan, "stills", written); !recorded)
        return fail(recorded.error().message);
    std::printf("wrote %zu stills and handout.pdf into %s\n", stills.size(), o.out.c_str());
    if (stills.size() < plan->items.size())
        std::printf("%zu moments of the plan have no freeze frame and no still\n",
                    plan->items.size() - stills.size());
    return 0;
}

void add_stills(CLI::App& app, CliContext& ctx) {
    auto o = std::make_shared<StillsOpts>();
    auto* cmd = app.add_subcommand(
        "stills", "Write the plan's freeze frames as PNGs and a one-page PDF handout");
    add_plan_options(cmd, o->plan);
    cmd->add_option("--out", o->out, "The folder to write them into")->required();
    cmd->add_flag("--force", o->force, "Replace stills and a handout written there before");
    cmd->callback([&ctx, o] { run_guarded(ctx, [&] { return write_stills(ctx, *o); }); });
}

struct ReportOpts {
    std::string study, session, coder, role = "primary", out;
    bool with_coders = false, with_paths = false, force = false;
};

Result<Pass> report_pass(Study& study, const ReportOpts& o) {
    auto session = session_named(study, o.session);
    if (!session) return session.error();
    std::vector<Pass> found;
    for (const Pass& p : list_passes(study))
        if (p.session_id == session->id && to_string(p.role) == o.role &&
            (o.coder.empty() || p.coder == o.coder))
            found.push_back(p);
    if (found.empty())
        return Error{"session " + o.session + " has no " + o.role + " pass" +
                     (o.coder.empty() ? "" : " of " + o.coder)};
    if (found.size() > 1)
        return Error{std::to_string(found.size()) + " coders have a " + o.role +
                     " pass of session " + o.session + ": name one with --coder"};
    if (auto why = blind_refusal(study, study.user(), found.front().id)) return Error{*why};
    return found.front();
}

int write_report(CliContext& ctx, const ReportOpts& o) {
    auto st = open_study(o.study, ctx);
    if (!st) return fail(st.error().message);
    auto pass = report_pass(*st, o);
    if (!pass) return fail(pass.error().message);
    auto wrote = report::write_report_files(
        *st, *pass, {o.with_coders, o.with_paths}, o.out, o.force,
        [&](const Session& film) { return recording_index(*st, film, ctx); });
    if (!wrote) return fail(wrote.error().message);
    std::printf("wrote %s and %s%s\n", wrote->html.c_str(), wrote->pdf.c_str(),
                wrote->note.empty() ? "" : ("\n" + wrote->note).c_str());
    return 0;
}

void add_report(CLI::App& app, CliContext& ctx) {
    auto o = std::make_shared<ReportOpts>();
    auto* cmd = app.add_subcommand(
        "report", "Write a session's report as a self-contained HTML page and a PDF");
    cmd->add_option("STUDY", o->study, "Study file")->required();
    cmd->add_option("--session", o->session, "Session label")->required();
    cmd->add_option("--out", o->out, "The folder to write report.html and report.pdf into")
        ->required();
    cmd->add_option("--coder", o->coder, "Whose pass (when several coders have one)");
    cmd->add_option("--role", o->role, "Which pass")
        ->check(CLI::IsMember({"primary", "reliability", "consensus"}))
        ->capture_default_str();
    cmd->add_flag("--with-coders", o->with_coders, "Name the coder (default: the pass's role)");
    cmd->add_flag("--with-paths", o->with_paths, "Give the recording's path");
    cmd->add_flag("--force", o->force, "Replace a report written there before");
    cmd->callback([&ctx, o] { run_guarded(ctx, [&] { return write_report(ctx, *o); }); });
}

}  // namespace

void add_feedback_media_commands(CLI::App& app, CliContext& ctx) {
    add_reel(app, ctx);
    add_stills(app, ctx);
    add_report(app, ctx);
}

}  // namespace attune::cli
