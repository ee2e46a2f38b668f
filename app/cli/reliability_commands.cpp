// reliability: the study-level reliability report (coding/reliability.hpp) as Markdown,
// CSV (one row per figure) or JSON (every statistic with its name, value, interval, n
// and inputs, the 4-way confusion table and drift per coder pair).
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "attune/coding/reliability.hpp"
#include "commands.hpp"
#include "output.hpp"

namespace attune::cli {

namespace {

struct ReliabilityOpts {
    std::string study, session, kind, behaviours, subjects, format = "md";
    double unit_s = 1.0;
    bool with_modifiers = false;
};

std::vector<std::string> split_list(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream in(s);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

std::string value_text(const std::optional<double>& v, int decimals = 4) {
    return v ? fixed(*v, decimals) : "";
}

Table figures_table(const ReliabilityReport& r) {
    Table t;
    t.header = {"session",   "kind",    "item", "statistic", "name",    "value",
                "ci_low",    "ci_high", "n",    "inputs",    "meaning", "undefined_reason",
                "convention"};
    t.numeric = {false, false, false, false, false, true, true,
                 true,  true,  false, false, false, false};
    for (const auto& f : r.figures) {
        const auto& x = f.result;
        t.rows.push_back({f.session, to_string(f.kind), f.item, f.statistic, x.name,
                          value_text(x.value), x.ci ? fixed(x.ci->low, 4) : "",
                          x.ci ? fixed(x.ci->high, 4) : "", std::to_string(x.n), x.inputs,
                          f.meaning, x.undefined_reason, f.convention});
    }
    return t;
}

Table confusion_table(const ConfusionTable& c) {
    Table t;
    t.header = {"primary \\ reliability"};
    t.numeric = {false};
    for (const auto& cat : c.categories) t.header.push_back(cat), t.numeric.push_back(true);
    for (size_t i = 0; i < c.categories.size(); ++i) {
        std::vector<std::string> row{c.categories[i]};
        for (int n : c.counts[i]) row.push_back(std::to_string(n));
        t.rows.push_back(row);
    }
    return t;
}

Table drift_table(const ReliabilityReport& r) {
    Table t;
    t.header = {"primary_coder", "reliability_coder",          "date",        "date_source",
                "session",       "classification_4way_agrees", "event_kappa", "why_no_kappa"};
    t.numeric = {false, false, false, false, false, false, true, false};
    for (const auto& d : r.drift)
        t.rows.push_back({d.primary_coder, d.reliability_coder, d.date, d.date_source, d.session,
                          d.classification_agrees ? (*d.classification_agrees ? "yes" : "no") : "",
                          value_text(d.event_kappa), d.event_kappa_reason});
    return t;
}

nlohmann::json result_json(const ReliabilityFigure& f) {
    const auto& x = f.result;
    nlohmann::json j{{"session", f.session}, {"kind", to_string(f.kind)},
                     {"item", f.item},       {"statistic", f.statistic},
                     {"name", x.name},       {"n", x.n},
                     {"inputs", x.inputs},   {"meaning", f.meaning}};
    j["value"] = x.value ? nlohmann::json(*x.value) : nlohmann::json(nullptr);
    j["ci"] =
        x.ci ? nlohmann::json{{"low", x.ci->low}, {"high", x.ci->high}} : nlohmann::json(nullptr);
    if (!x.value) j["undefined_reason"] = x.undefined_reason;
    if (!f.convention.empty()) j["convention"] = f.convention;
    return j;
}

std::string report_json(const std::string& study, const ReliabilityReport& r) {
    nlohmann::json j{{"study", study},
                     {"double_coded_sessions", r.double_coded_sessions},
                     {"figures", nlohmann::json::array()},
                     {"drift", nlohmann::json::array()},
                     {"notes", r.notes}};
    for (const auto& f : r.figures) j["figures"].push_back(result_json(f));
    if (r.confusion)
        j["confusion_4way"] = {{"categories", r.confusion->categories},
                               {"rows", "primary coder"},
                               {"columns", "reliability coder"},
                               {"counts", r.confusion->counts}};
    for (const auto& d : r.drift) {
        nlohmann::json p{{"primary_coder", d.primary_coder},
                         {"reliability_coder", d.reliability_coder},
                         {"session", d.session},
                         {"date", d.date},
                         {"date_source", d.date_source}};
        p["classification_4way_agrees"] = d.classification_agrees
                                              ? nlohmann::json(*d.classification_agrees)
                                              : nlohmann::json(nullptr);
        p["event_kappa"] = d.event_kappa ? nlohmann::json(*d.event_kappa) : nlohmann::json(nullptr);
        j["drift"].push_back(p);
    }
    if (r.criterion)
        j["criterion"] = {{"kind", r.criterion->kind},
                          {"statistic", r.criterion->statistic},
                          {"at_least", r.criterion->at_least}};
    return j.dump(2) + "\n";
}

std::string report_markdown(const ReliabilityReport& r) {
    std::string out = "# Reliability report\n\n" + std::to_string(r.double_coded_sessions) +
                      " double-coded session(s): each primary pass against its reliability "
                      "pass (consensus passes are not compared).\n\n";
    if (r.criterion)
        out += "The study's own convention (a setting, not a published pass mark): " +
               r.criterion->statistic + " on " + r.criterion->kind + " of at least " +
               fixed(r.criterion->at_least, 2) + ".\n\n";
    out += "## Figures\n\n" + render(figures_table(r), OutputFormat::Markdown);
    if (r.confusion)
        out += "\n## 4-way classification (rows: primary coder, columns: reliability coder)\n\n" +
               render(confusion_table(*r.confusion), OutputFormat::Markdown);
    if (!r.drift.empty())
        out += "\n## Drift per coder pair, in date order\n\n" +
               render(drift_table(r), OutputFormat::Markdown);
    if (!r.notes.empty()) {
        out += "\n## Notes\n\n";
        for (const auto& n : r.notes) out += "- " + n + "\n";
    }
    return out;
}

Result<ReliabilityOptions> options_from(const ReliabilityOpts& o) {
    ReliabilityOptions r;
    if (!o.session.empty()) r.session = o.session;
    if (!o.kind.empty()) r.kinds.insert(*reliability_kind_from(o.kind));
    if (!(o.unit_s > 0) || o.unit_s > 3600)
        return Error{"--unit is " + fixed(o.unit_s, 3) +
                     " s; give a time unit above 0 and at most 3600 seconds (e.g. --unit 1)"};
    r.unit_us = static_cast<int64_t>(o.unit_s * 1e6 + 0.5);
    r.filter.behaviours = split_list(o.behaviours);
    r.filter.subjects = split_list(o.subjects);
    r.filter.with_modifiers = o.with_modifiers;
    return r;
}

int run_reliability(CliContext& ctx, const ReliabilityOpts& o) {
    auto options = options_from(o);
    if (!options) return fail(options.error().message);
    auto st = open_study(o.study, ctx);
    if (!st) return fail(st.error().message);
    // The report shows both passes' codes side by side: never to a coder still blind to one.
    const auto hidden = hidden_from_user(*st, ctx);
    if (!hidden.sessions.empty() && (o.session.empty() || hidden.sessions.count(o.session) > 0))
        return fail(ctx.user + " codes the reliability pass of " +
                    std::to_string(hidden.sessions.size()) +
                    " session(s) and is blind to their primary passes; the reliability report "
                    "compares the two, so it is a supervisor's, or yours once a supervisor "
                    "unblinds them (attune-cli double-coding unblind).");
    auto report = reliability_report(*st, *options);
    if (!report) return fail(report.error().message);
    if (o.format == "json")
        std::printf("%s", report_json(o.study, *report).c_str());
    else if (o.format == "csv")
        std::printf("%s", render(figures_table(*report), OutputFormat::Csv).c_str());
    else
        std::printf("%s", report_markdown(*report).c_str());
    if (o.format == "csv")  // md and json carry the notes themselves
        for (const auto& n : report->notes) std::fprintf(stderr, "note: %s\n", n.c_str());
    return 0;
}

}  // namespace

void add_reliability_commands(CLI::App& app, CliContext& ctx) {
    auto o = std::make_shared<ReliabilityOpts>();
    auto* cmd = app.add_subcommand(
        "reliability",
        "Agreement between primary and reliability passes, per session and pooled: time-unit "
        "kappa, event-aligned agreement, episode boundaries, rating scales, classification");
    cmd->add_option("STUDY", o->study, "Study file")->required();
    cmd->add_option("--session", o->session, "Only this session (its label)");
    cmd->add_option("--kind", o->kind, "Only this kind of data (default: every kind)")
        ->check(CLI::IsMember({"time-unit", "events", "episodes", "ratings", "classification"}));
    cmd->add_option("--unit", o->unit_s, "Time-unit kappa's unit in seconds")
        ->capture_default_str();
    cmd->add_option("--behaviours", o->behaviours,
                    "Only these behaviours in the event comparisons (comma-separated ids)");
    cmd->add_option("--subjects", o->subjects,
                    "Only these subjects in the event comparisons (comma-separated)");
    cmd->add_flag("--with-modifiers", o->with_modifiers,
                  "Events agree only when their modifiers agree too");
    cmd->add_option("--format", o->format, "md, csv or json")
        ->check(CLI::IsMember({"md", "csv", "json"}))
        ->capture_default_str();
    cmd->callback([&ctx, o] { run_guarded(ctx, [&] { return run_reliability(ctx, *o); }); });
}

}  // namespace attune::cli
