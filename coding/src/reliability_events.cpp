// The reliability report's timed comparisons: time-unit kappa and event-aligned
// agreement per session and pooled (matrices summed over sessions, then the same
// kappa), and the episode boundaries of the two passes.
#include <cmath>
#include <map>

#include "attune/coding/reliability.hpp"

namespace attune::reliability_detail {

namespace {

using stats::AgreementResult;

ReliabilityFigure figure(const std::string& session, ReliabilityKind kind,
                         const std::string& criterion_kind, const std::string& item,
                         const std::string& statistic, AgreementResult r, std::string meaning) {
    return {session, kind, criterion_kind, item, statistic, std::move(r), std::move(meaning), ""};
}

std::string seconds(double s, int decimals = 3) {
    char b[48];
    std::snprintf(b, sizeof b, "%.*f", decimals, s);
    return b;
}

std::string unit_text(int64_t unit_us) {
    return seconds(double(unit_us) / 1e6, unit_us % 1'000'000 == 0 ? 0 : 3) + "-s";
}

std::string kappa_meaning(const AgreementResult& k, const std::string& counted) {
    if (!k.value) return counted + "; kappa is undefined: " + k.undefined_reason + ".";
    return counted + "; kappa " + seconds(*k.value, 2) +
           " measures agreement beyond what the two coders' own category frequencies would give "
           "by chance (1 = perfect, 0 = no better than chance, below 0 = worse than chance).";
}

void add_time_unit(const std::string& session, const stats::EventAgreement& e,
                   const ReliabilityOptions& o, ReliabilityReport& out) {
    const std::string what = std::string(o.filter.with_modifiers ? "with" : "without") +
                             " modifiers, " + unit_text(o.unit_us) + " units";
    AgreementResult k = e.kappa;
    const std::string inputs =
        e.inputs.empty() ? "2 coders, 1 session, " + unit_text(o.unit_us) + " units, 0 tallies"
                         : e.inputs;
    k.inputs = inputs;
    std::string counted = "Each " + unit_text(o.unit_us) +
                          " unit and subject was one tally whose category is the combination "
                          "of codes under way (BORIS's time-unit kappa); " +
                          thousands(int64_t(e.tally.agreements)) + " of " +
                          thousands(int64_t(e.tally.n)) + " tallies agreed";
    if (!e.note.empty()) counted += " (" + e.note + ")";
    out.figures.push_back(figure(session, ReliabilityKind::TimeUnit, "time-unit", what,
                                 "cohen_kappa", k, kappa_meaning(k, counted)));
    AgreementResult p = stats::percent_agreement(e.matrix);
    p.inputs = inputs;
    out.figures.push_back(
        figure(session, ReliabilityKind::TimeUnit, "time-unit", what, "percent_agreement", p,
               "The share of unit x subject tallies in which both coders had the same "
               "combination of codes."));
}

std::string alignment_counts(int agreements, int substitutions, int commissions, int omissions) {
    return thousands(agreements) + " agreements, " + thousands(substitutions) + " substitutions, " +
           thousands(commissions) + " commissions (reliability coder only), " +
           thousands(omissions) + " omissions (primary coder only)";
}

struct AlignmentTotals {
    int agreements = 0, substitutions = 0, commissions = 0, omissions = 0, duration_pairs = 0;
    double duration_sum = 0;
};

// The four counts of the alignment as figures of their own, for scripts (json, csv).
void add_counts(const std::string& session, const std::string& item, const AlignmentTotals& t,
                const std::string& inputs, ReliabilityReport& out) {
    const int aligned = t.agreements + t.substitutions + t.commissions + t.omissions;
    const std::pair<const char*, int> counts[] = {{"agreements", t.agreements},
                                                  {"substitutions", t.substitutions},
                                                  {"commissions", t.commissions},
                                                  {"omissions", t.omissions}};
    const char* meanings[] = {
        "Events both coders coded with the same code, onsets within the window.",
        "Events paired within the window that the coders gave different codes.",
        "Events only the reliability coder coded (no primary event within the window).",
        "Events only the primary coder coded (no reliability event within the window)."};
    for (size_t i = 0; i < 4; ++i) {
        AgreementResult r;
        r.name = std::string("aligned events: ") + counts[i].first;
        r.n = aligned, r.inputs = inputs, r.value = double(counts[i].second);
        out.figures.push_back(figure(session, ReliabilityKind::Events, "events", item,
                                     counts[i].first, r, meanings[i]));
    }
}

void add_alignment(const std::string& session, const AlignmentTotals& t, AgreementResult k,
                   const stats::AgreementMatrix& m, const std::string& inputs, int64_t tolerance,
                   ReliabilityReport& out) {
    const std::string window = seconds(double(tolerance) / 1e6, 1) + " s";
    const std::string item = "onsets within " + window;
    const std::string counts =
        alignment_counts(t.agreements, t.substitutions, t.commissions, t.omissions);
    k.inputs = inputs;
    const bool none = t.agreements + t.substitutions + t.commissions + t.omissions == 0;
    const std::string no_events =
        "neither coder coded an event (of the selected subjects and behaviours)";
    if (none && !k.value) k.undefined_reason = no_events;
    out.figures.push_back(
        figure(session, ReliabilityKind::Events, "events", item, "cohen_kappa", k,
               kappa_meaning(k, "Events were paired by an optimal alignment of onsets within " +
                                    window + ": " + counts)));
    AgreementResult p = stats::percent_agreement(m);
    p.inputs = inputs;
    if (none && !p.value) p.undefined_reason = no_events;
    out.figures.push_back(
        figure(session, ReliabilityKind::Events, "events", item, "percent_agreement", p,
               "The share of aligned events (pairs and events one coder alone coded) that both "
               "coders gave the same code: " +
                   counts + "."));
    add_counts(session, item, t, inputs, out);
    AgreementResult d;
    d.name = "mean absolute duration difference (s)";
    d.n = t.duration_pairs;
    d.inputs = "2 coders, " + thousands(t.duration_pairs) + " paired state bouts of the same code";
    if (t.duration_pairs > 0)
        d.value = t.duration_sum / t.duration_pairs;
    else
        d.undefined_reason = "no state bout was paired with a bout of the same code";
    out.figures.push_back(figure(session, ReliabilityKind::Events, "events", item,
                                 "mean_abs_duration_difference_s", d,
                                 "How far apart the two coders put the duration of the same "
                                 "state bout, on average, over the paired bouts."));
}

AlignmentTotals totals_of(const stats::EventAlignment& a) {
    AlignmentTotals t{a.agreements, a.disagreements,  a.commissions,
                      a.omissions,  a.duration_pairs, 0};
    if (a.mean_abs_duration_difference_s)
        t.duration_sum = *a.mean_abs_duration_difference_s * a.duration_pairs;
    return t;
}

}  // namespace

int64_t onset_tolerance_us(const Scheme& scheme, const ReliabilityOptions& o) {
    return 1000 * o.onset_tolerance_ms.value_or(scheme.event_onset_tolerance_ms());
}

std::string thousands(int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

stats::AgreementMatrix pooled_matrix(const std::vector<const stats::EventAgreement*>& parts,
                                     std::vector<std::string>& categories) {
    std::map<std::string, size_t> index;
    for (const auto* p : parts)
        for (const auto& c : p->categories)
            if (index.emplace(c, categories.size()).second) categories.push_back(c);
    const size_t k = categories.size();
    stats::AgreementMatrix m{std::vector<std::vector<double>>(k, std::vector<double>(k, 0))};
    for (const auto* p : parts)
        for (size_t a = 0; a < p->categories.size(); ++a)
            for (size_t b = 0; b < p->categories.size(); ++b)
                m.counts[index[p->categories[a]]][index[p->categories[b]]] +=
                    p->matrix.counts[a][b];
    return m;
}

void compare_events(const DoubleCodedSession& s, const ReliabilityOptions& o,
                    ReliabilityReport& out, std::vector<stats::EventAgreement>& time_units,
                    std::vector<stats::EventAlignment>& alignments) {
    const auto a = stats::bouts_from_events(s.a.events), b = stats::bouts_from_events(s.b.events);
    const int open = a.open_states_left_out + b.open_states_left_out;
    if (open > 0)
        out.notes.push_back(s.session.label + ": " + std::to_string(open) +
                            " state(s) still running (no stop) left out of the event comparisons");
    if (o.kinds.empty() || o.kinds.count(ReliabilityKind::TimeUnit)) {
        time_units.push_back(stats::time_unit_kappa(a.bouts, b.bouts, {o.unit_us, o.filter}));
        add_time_unit(s.session.label, time_units.back(), o, out);
    }
    if (o.kinds.empty() || o.kinds.count(ReliabilityKind::Events)) {
        const int64_t tol = onset_tolerance_us(s.scheme, o);
        alignments.push_back(stats::align_events(a.bouts, b.bouts, {tol, o.filter}));
        const auto& al = alignments.back();
        add_alignment(s.session.label, totals_of(al), al.kappa.kappa, al.kappa.matrix,
                      al.kappa.inputs, tol, out);
    }
}

void pool_events(const std::vector<stats::EventAgreement>& time_units,
                 const std::vector<stats::EventAlignment>& alignments, int sessions,
                 int64_t tolerance, const ReliabilityOptions& o, ReliabilityReport& out) {
    const std::string of =
        "2 coders, " + thousands(sessions) + (sessions == 1 ? " session, " : " sessions, ");
    if (!time_units.empty()) {
        stats::EventAgreement pooled;
        std::vector<const stats::EventAgreement*> parts;
        for (const auto& t : time_units) {
            parts.push_back(&t);
            pooled.tally.n += t.tally.n, pooled.tally.agreements += t.tally.agreements;
        }
        pooled.matrix = pooled_matrix(parts, pooled.categories);
        pooled.kappa = stats::cohen_kappa(pooled.matrix);
        pooled.kappa.name = time_units.front().kappa.name + ", pooled";
        pooled.inputs = of + unit_text(o.unit_us) + " units, " +
                        thousands(int64_t(pooled.tally.n)) + " unit x subject tallies";
        add_time_unit("pooled", pooled, o, out);
    }
    if (alignments.empty()) return;
    AlignmentTotals t;
    std::vector<const stats::EventAgreement*> parts;
    for (const auto& a : alignments) {
        const auto x = totals_of(a);
        t.agreements += x.agreements, t.substitutions += x.substitutions;
        t.commissions += x.commissions, t.omissions += x.omissions;
        t.duration_pairs += x.duration_pairs, t.duration_sum += x.duration_sum;
        parts.push_back(&a.kappa);
    }
    std::vector<std::string> categories;
    const auto m = pooled_matrix(parts, categories);
    const int64_t aligned = t.agreements + t.substitutions + t.commissions + t.omissions;
    auto kappa = stats::cohen_kappa(m);
    kappa.name = alignments.front().kappa.kappa.name + ", pooled";
    add_alignment("pooled", t, kappa, m, of + thousands(aligned) + " aligned events", tolerance,
                  out);
}

}  // namespace attune::reliability_detail
