// The reliability report: finding the double-coded sessions, the study's criterion,
// the order of the comparisons, and drift per coder pair.
#include "attune/coding/reliability.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "attune/coding/study_queries.hpp"
#include "attune/coding/study_settings.hpp"
#include "attune/coding/text_table.hpp"
#include "study_access.hpp"

namespace attune {

namespace {

const std::vector<std::pair<ReliabilityKind, const char*>> kind_names = {
    {ReliabilityKind::TimeUnit, "time-unit"},
    {ReliabilityKind::Events, "events"},
    {ReliabilityKind::Episodes, "episodes"},
    {ReliabilityKind::Ratings, "ratings"},
    {ReliabilityKind::Classification, "classification"}};

bool is_percentage(const std::string& statistic) {
    return statistic == "percent_agreement" || statistic == "exact_agreement" ||
           statistic == "within_one_agreement";
}

bool listed(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

}  // namespace

const char* to_string(ReliabilityKind k) {
    for (const auto& [kind, name] : kind_names)
        if (kind == k) return name;
    return "";
}

std::optional<ReliabilityKind> reliability_kind_from(const std::string& s) {
    for (const auto& [kind, name] : kind_names)
        if (s == name) return kind;
    return std::nullopt;
}

const std::vector<std::string>& criterion_kinds() {
    static const std::vector<std::string> kinds = {"time-unit",
                                                   "events",
                                                   "ratings",
                                                   "classification-4way",
                                                   "classification-3way",
                                                   "classification-secure",
                                                   "classification-d",
                                                   "classification-subgroup"};
    return kinds;
}

const std::vector<std::string>& criterion_statistics() {
    static const std::vector<std::string> statistics = {
        "cohen_kappa", "percent_agreement", "weighted_kappa_linear", "icc_2_1",
        "icc_3_1",     "exact_agreement",   "within_one_agreement"};
    return statistics;
}

// Percentages are on the 0-100 scale; a threshold below 1 given for one is read as a
// proportion (0.8 is 80%), the way conventions are often written.
Result<ReliabilityCriterion> parse_criterion(const std::string& json_text) {
    const auto j = nlohmann::json::parse(json_text, nullptr, false);
    const char* shape =
        "; set it again with attune-cli study criterion STUDY --kind K --statistic S "
        "--at-least X";
    if (!j.is_object() || !j.contains("kind") || !j["kind"].is_string() ||
        !j.contains("statistic") || !j["statistic"].is_string() || !j.contains("at_least") ||
        !j["at_least"].is_number())
        return Error{std::string("the study setting reliability_criterion is not "
                                 "{\"kind\", \"statistic\", \"at_least\"}") +
                     shape};
    ReliabilityCriterion c{j["kind"].get<std::string>(), j["statistic"].get<std::string>(),
                           j["at_least"].get<double>()};
    if (!listed(criterion_kinds(), c.kind))
        return Error{"the reliability criterion's kind '" + c.kind + "' is not one of " +
                     joined(criterion_kinds()) + shape};
    if (!listed(criterion_statistics(), c.statistic))
        return Error{"the reliability criterion's statistic '" + c.statistic + "' is not one of " +
                     joined(criterion_statistics()) + shape};
    // A proportion below 1 (0.8) is a percentage written as a fraction; 1 and up are
    // percentages as written (1 is 1%, never a silent 100%).
    const bool pct = is_percentage(c.statistic);
    if (pct && c.at_least > 0 && c.at_least < 1) c.at_least *= 100;
    if (pct && !(c.at_least >= 0 && c.at_least <= 100))
        return Error{"the reliability criterion's threshold " + fixed(c.at_least, 2) +
                     " is not a percentage (0-100)" + shape};
    if (!pct && !(c.at_least >= -1 && c.at_least <= 1))
        return Error{"the reliability criterion's threshold " + fixed(c.at_least, 2) + " for " +
                     c.statistic + " is outside -1 to 1" + shape};
    return c;
}

std::string criterion_json(const ReliabilityCriterion& c) {
    return nlohmann::json{{"kind", c.kind}, {"statistic", c.statistic}, {"at_least", c.at_least}}
        .dump();
}

std::string convention_text(const ReliabilityCriterion& c, const stats::AgreementResult& r) {
    const bool pct = is_percentage(c.statistic);
    char threshold[64], value[64] = "";
    std::snprintf(threshold, sizeof threshold, pct ? "%.1f%%" : "%.2f", c.at_least);
    if (r.value) std::snprintf(value, sizeof value, pct ? "%.1f%%" : "%.2f", *r.value);
    return "the study's own convention: " + r.name + " of at least " + threshold +
           (r.value ? std::string(" (this figure: ") + value + ")"
                    : std::string(" (this figure is undefined)"));
}

namespace {

bool wanted(const ReliabilityOptions& o, ReliabilityKind k) {
    return o.kinds.empty() || o.kinds.count(k) > 0;
}

void add_conventions(ReliabilityReport& report) {
    if (!report.criterion) return;
    for (auto& f : report.figures)
        if (f.criterion_kind == report.criterion->kind &&
            f.statistic == report.criterion->statistic)
            f.convention = convention_text(*report.criterion, f.result);
}

// The reading order of the figures: per session first (in session order), then pooled.
void order_figures(ReliabilityReport& report) {
    std::stable_partition(report.figures.begin(), report.figures.end(),
                          [](const ReliabilityFigure& f) { return f.session != "pooled"; });
}

const ReliabilityFigure* session_figure(const ReliabilityReport& r, const std::string& session,
                                        const std::string& statistic, const std::string& kind) {
    for (const auto& f : r.figures)
        if (f.session == session && f.statistic == statistic && f.criterion_kind == kind) return &f;
    return nullptr;
}

void add_drift(const std::vector<DoubleCodedSession>& sessions, ReliabilityReport& report) {
    for (const auto& s : sessions) {
        DriftPoint p;
        p.primary_coder = s.primary.coder;
        p.reliability_coder = s.reliability.coder;
        p.session = s.session.label;
        p.date = s.session.date ? *s.session.date : s.coded_on;
        p.date_source = s.session.date ? "session date" : "coding date";
        if (auto* f = session_figure(report, p.session, "percent_agreement", "classification-4way");
            f && f->result.value)
            p.classification_agrees = *f->result.value >= 100;
        if (auto* f = session_figure(report, p.session, "cohen_kappa", "events")) {
            p.event_kappa = f->result.value;
            p.event_kappa_reason = f->result.undefined_reason;
        }
        report.drift.push_back(std::move(p));
    }
    std::stable_sort(report.drift.begin(), report.drift.end(),
                     [](const DriftPoint& x, const DriftPoint& y) {
                         return std::tie(x.primary_coder, x.reliability_coder, x.date) <
                                std::tie(y.primary_coder, y.reliability_coder, y.date);
                     });
}

}  // namespace

ReliabilityReport compare_sessions(const std::vector<DoubleCodedSession>& sessions,
                                   const ReliabilityOptions& options,
                                   const std::optional<ReliabilityCriterion>& criterion) {
    using namespace reliability_detail;
    ReliabilityReport report;
    report.double_coded_sessions = int(sessions.size());
    report.criterion = criterion;
    const bool events = wanted(options, ReliabilityKind::Events);
    const bool units = wanted(options, ReliabilityKind::TimeUnit);
    std::vector<stats::EventAgreement> time_units;
    std::vector<stats::EventAlignment> alignments;
    if (events || units) {
        for (const auto& s : sessions) compare_events(s, options, report, time_units, alignments);
        const int64_t tolerance =
            sessions.empty() ? 0 : onset_tolerance_us(sessions.front().scheme, options);
        pool_events(time_units, alignments, int(sessions.size()), tolerance, options, report);
    }
    if (wanted(options, ReliabilityKind::Episodes)) compare_episodes(sessions, report);
    if (wanted(options, ReliabilityKind::Ratings)) compare_ratings(sessions, report);
    if (wanted(options, ReliabilityKind::Classification)) compare_classifications(sessions, report);
    order_figures(report);
    add_conventions(report);
    add_drift(sessions, report);
    return report;
}

namespace {

std::string coded_on(Study& study, int64_t pass_id) {
    auto s = study_db(study).prepare("SELECT created_at FROM pass WHERE id = ?");
    s.bind(1, pass_id);
    return s.step() ? s.text(0) : std::string();
}

struct SessionPasses {
    std::optional<Pass> primary, reliability;
    int more_reliability = 0;
};

std::map<int64_t, SessionPasses> passes_by_session(Study& study) {
    std::map<int64_t, SessionPasses> out;
    for (const Pass& p : list_passes(study)) {  // in id order: the first of each role wins
        auto& sp = out[p.session_id];
        if (p.role == PassRole::Primary && !sp.primary) sp.primary = p;
        if (p.role == PassRole::Reliability) {
            if (sp.reliability)
                ++sp.more_reliability;
            else
                sp.reliability = p;
        }
    }
    return out;
}

// Schemes by snapshot id: a study's passes share a few snapshots, and reading one (the
// shipped SSP scheme is ~90 KB of JSON, checked and hashed) costs more than a pass's events.
class SchemeCache {
  public:
    explicit SchemeCache(Study& study) : study_(study) {}
    Result<const Scheme*> get(int64_t snapshot_id) {
        auto it = schemes_.find(snapshot_id);
        if (it == schemes_.end()) {
            auto s = load_scheme_snapshot(study_, snapshot_id);
            if (!s) return s.error();
            it = schemes_.emplace(snapshot_id, std::move(*s)).first;
        }
        return &it->second;
    }

  private:
    Study& study_;
    std::map<int64_t, Scheme> schemes_;
};

Result<DoubleCodedSession> load_double_coded(Study& study, SchemeCache& schemes, const Session& s,
                                             const SessionPasses& sp) {
    auto scheme_a = schemes.get(sp.primary->scheme_snapshot_id);
    if (!scheme_a) return scheme_a.error();
    auto scheme_b = schemes.get(sp.reliability->scheme_snapshot_id);
    if (!scheme_b) return scheme_b.error();
    DoubleCodedSession d{s, *sp.primary, *sp.reliability, **scheme_b, {}, {}, ""};
    d.a = load_pass_content(study, **scheme_a, sp.primary->id);
    d.b = load_pass_content(study, **scheme_b, sp.reliability->id);
    d.coded_on = coded_on(study, sp.reliability->id);
    return d;
}

Status check_named_session(const std::vector<Session>& all, const ReliabilityOptions& o,
                           const std::map<int64_t, SessionPasses>& passes) {
    if (!o.session) return ok_status();
    auto it = std::find_if(all.begin(), all.end(),
                           [&](const Session& s) { return s.label == *o.session; });
    if (it == all.end()) {
        std::vector<std::string> labels;
        for (const auto& s : all) labels.push_back(s.label);
        return Error{"no session '" + *o.session + "' in this study" +
                     (labels.empty() ? std::string(" (it has no sessions)")
                                     : " (there are: " + joined(labels) + ")")};
    }
    auto p = passes.find(it->id);
    if (p == passes.end() || !p->second.primary || !p->second.reliability)
        return Error{"session '" + *o.session +
                     "' is not double-coded: it needs a primary and a reliability pass (code "
                     "one with --role reliability by a second coder)"};
    return ok_status();
}

Result<std::optional<ReliabilityCriterion>> study_criterion(Study& study) {
    auto text = study_setting(study, criterion_setting);
    if (!text) return std::optional<ReliabilityCriterion>{};
    auto c = parse_criterion(*text);
    if (!c) return c.error();
    return std::optional<ReliabilityCriterion>{*c};
}

// --behaviours and --subjects name the scheme's behaviours and roles (a typo would
// otherwise compare nothing, silently).
Status check_filter(const Scheme& scheme, const stats::BoutFilter& f) {
    for (const auto& b : f.behaviours)
        if (!scheme.behaviour(b)) {
            std::vector<std::string> ids;
            for (const auto& x : scheme.behaviours) ids.push_back(x.id);
            return Error{"no behaviour '" + b + "' in the scheme (there are: " + joined(ids) + ")"};
        }
    for (const auto& s : f.subjects)
        if (std::none_of(scheme.roles.begin(), scheme.roles.end(),
                         [&](const Role& r) { return r.id == s; })) {
            std::vector<std::string> ids;
            for (const auto& x : scheme.roles) ids.push_back(x.id);
            return Error{"no subject '" + s + "' in the scheme (there are: " + joined(ids) + ")"};
        }
    return ok_status();
}

}  // namespace

Result<DoubleCodedSession> load_double_coded_session(Study& study, const std::string& label) {
    const auto all = list_sessions(study);
    const auto passes = passes_by_session(study);
    ReliabilityOptions named;
    named.session = label;
    if (auto ok = check_named_session(all, named, passes); !ok) return ok.error();
    const auto s =
        std::find_if(all.begin(), all.end(), [&](const Session& x) { return x.label == label; });
    SchemeCache schemes(study);
    return load_double_coded(study, schemes, *s, passes.at(s->id));
}

Result<ReliabilityReport> reliability_report(Study& study, const ReliabilityOptions& options) {
    const auto all = list_sessions(study);
    const auto passes = passes_by_session(study);
    if (auto ok = check_named_session(all, options, passes); !ok) return ok.error();
    auto criterion = study_criterion(study);
    if (!criterion) return criterion.error();
    std::vector<DoubleCodedSession> sessions;
    std::vector<std::string> notes;
    SchemeCache schemes(study);
    for (const Session& s : all) {
        if (options.session && s.label != *options.session) continue;
        auto p = passes.find(s.id);
        if (p == passes.end() || !p->second.primary || !p->second.reliability) continue;
        if (p->second.more_reliability > 0)
            notes.push_back(s.label + ": " + std::to_string(p->second.more_reliability) +
                            " further reliability pass(es) left out; the first (coder " +
                            p->second.reliability->coder + ") is compared");
        auto d = load_double_coded(study, schemes, s, p->second);
        if (!d) return d.error();
        sessions.push_back(std::move(*d));
    }
    if (sessions.empty())
        return Error{
            "no double-coded sessions in this study: a session needs a primary pass and a "
            "reliability pass by a second coder (code one in the workstation, or enter one with "
            "--role reliability, e.g. attune-cli classification set STUDY --session L --coder "
            "NAME --role reliability --code B3)"};
    if (auto ok = check_filter(sessions.front().scheme, options.filter); !ok) return ok.error();
    auto report = compare_sessions(sessions, options, *criterion);
    report.notes.insert(report.notes.begin(), notes.begin(), notes.end());
    return report;
}

}  // namespace attune
