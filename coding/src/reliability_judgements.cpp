// The reliability report's judgements: episode boundaries, rating-scale cells and the
// classification in its five forms, per session and across sessions.
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <tuple>

#include "attune/coding/reliability.hpp"
#include "attune/coding/stats/icc.hpp"

namespace attune::reliability_detail {

namespace {

using stats::AgreementResult;

std::string fmt(double v, int decimals) {
    char b[48];
    std::snprintf(b, sizeof b, "%.*f", decimals, v);
    return b;
}

ReliabilityFigure figure(const std::string& session, ReliabilityKind kind,
                         const std::string& criterion_kind, const std::string& item,
                         const std::string& statistic, AgreementResult r, std::string meaning) {
    return {session, kind, criterion_kind, item, statistic, std::move(r), std::move(meaning), ""};
}

AgreementResult undefined(std::string name, int n, std::string inputs, std::string reason) {
    AgreementResult r;
    r.name = std::move(name), r.n = n, r.inputs = std::move(inputs);
    r.undefined_reason = std::move(reason);
    return r;
}

AgreementResult measured(std::string name, int n, std::string inputs, double value) {
    AgreementResult r;
    r.name = std::move(name), r.n = n, r.inputs = std::move(inputs), r.value = value;
    return r;
}

// k of n as a percentage with its exact (Clopper-Pearson) 95% interval.
AgreementResult percentage(std::string name, int k, int n, std::string inputs,
                           const std::string& none) {
    if (n == 0) return undefined(std::move(name), 0, std::move(inputs), none);
    auto r = measured(std::move(name), n, std::move(inputs), 100.0 * k / n);
    const auto ci = stats::clopper_pearson(k, n);
    r.ci = stats::Interval{100 * ci.low, 100 * ci.high};
    return r;
}

std::string sessions_text(int n) {
    return "2 coders, " + thousands(n) + (n == 1 ? " session" : " sessions");
}

// --- episodes ---------------------------------------------------------------------------

const EpisodeSpan* found(const std::vector<EpisodeSpan>& spans, const std::string& id) {
    for (const auto& s : spans)
        if (s.id == id && s.source != EpisodeSpan::Source::Missing) return &s;
    return nullptr;
}

struct BoundarySums {
    int n = 0;
    double frames = 0, seconds = 0;
};

void episode_of_session(const DoubleCodedSession& s, const EpisodeDef& e, BoundarySums& sums,
                        ReliabilityReport& out) {
    const auto* a = found(s.a.episodes, e.id);
    const auto* b = found(s.b.episodes, e.id);
    const std::string item = e.id + " start";
    if (!a || !b) {
        const std::string which = !a && !b ? "neither pass"
                                  : !a     ? "the reliability pass only"
                                           : "the primary pass only";
        const std::string reason = "episode " + e.id + " was found in " + which +
                                   " (its start marker or override is missing)";
        out.figures.push_back(figure(
            s.session.label, ReliabilityKind::Episodes, "episodes", item, "boundary_difference_s",
            undefined("boundary difference (s)", 0, "2 coders, 1 session", reason),
            "The episode's start could not be compared: " + reason + "."));
        return;
    }
    const int64_t frames = b->start.frame - a->start.frame;
    const double secs = double(b->start.t_us - a->start.t_us) / 1e6;
    sums.n += 1, sums.frames += std::abs(double(frames)), sums.seconds += std::abs(secs);
    const std::string inputs = "2 coders, 1 session: primary frame " +
                               std::to_string(a->start.frame) + ", reliability frame " +
                               std::to_string(b->start.frame);
    const std::string said = frames == 0  ? "on the same frame as"
                             : frames > 0 ? std::to_string(frames) + " frames later than"
                                          : std::to_string(-frames) + " frames earlier than";
    const std::string meaning = "The reliability coder started episode " + e.id + " " + said +
                                " the primary coder (" + fmt(secs, 3) + " s).";
    out.figures.push_back(figure(
        s.session.label, ReliabilityKind::Episodes, "episodes", item, "boundary_difference_frames",
        measured("boundary difference (frames)", 1, inputs, double(frames)), meaning));
    out.figures.push_back(figure(s.session.label, ReliabilityKind::Episodes, "episodes", item,
                                 "boundary_difference_s",
                                 measured("boundary difference (s)", 1, inputs, secs), meaning));
}

void pooled_episode(const EpisodeDef& e, const BoundarySums& sums, ReliabilityReport& out) {
    const std::string item = e.id + " start";
    const std::string inputs = sessions_text(sums.n) + " with the episode in both passes";
    const std::string none = "no session has episode " + e.id + " in both passes";
    const std::string meaning =
        "How far apart, on average and ignoring direction, the two "
        "coders put the start of episode " +
        e.id + ".";
    auto frames = sums.n ? measured("mean absolute boundary difference (frames)", sums.n, inputs,
                                    sums.frames / sums.n)
                         : undefined("mean absolute boundary difference (frames)", 0, inputs, none);
    auto secs = sums.n ? measured("mean absolute boundary difference (s)", sums.n, inputs,
                                  sums.seconds / sums.n)
                       : undefined("mean absolute boundary difference (s)", 0, inputs, none);
    out.figures.push_back(figure("pooled", ReliabilityKind::Episodes, "episodes", item,
                                 "mean_abs_boundary_difference_frames", frames, meaning));
    out.figures.push_back(figure("pooled", ReliabilityKind::Episodes, "episodes", item,
                                 "mean_abs_boundary_difference_s", secs, meaning));
}

// --- ratings ----------------------------------------------------------------------------

using CellKey = std::tuple<std::string, std::string, std::string>;  // scale, target, episode

std::map<CellKey, int> cells_of(const std::vector<Rating>& ratings) {
    std::map<CellKey, int> out;
    for (const auto& r : ratings) out[{r.scale, r.target, r.episode}] = r.value;
    return out;
}

struct CellPairs {
    std::vector<std::pair<int, int>> values;  // primary, reliability; one per session
};

int within(const std::vector<std::pair<int, int>>& v, int distance) {
    return int(std::count_if(v.begin(), v.end(), [&](const auto& p) {
        return std::abs(p.first - p.second) <= distance;
    }));
}

void add_exact_and_within_one(const std::string& session, const std::string& item,
                              const std::vector<std::pair<int, int>>& v, const std::string& inputs,
                              ReliabilityReport& out) {
    const std::string none = "no rating cell was rated by both coders";
    const int n = int(v.size());
    out.figures.push_back(figure(session, ReliabilityKind::Ratings, "ratings", item,
                                 "exact_agreement",
                                 percentage("exact agreement", within(v, 0), n, inputs, none),
                                 "The share of ratings on which both coders gave the same value."));
    out.figures.push_back(figure(
        session, ReliabilityKind::Ratings, "ratings", item, "within_one_agreement",
        percentage("agreement within one point", within(v, 1), n, inputs, none),
        "The share of ratings on which the coders' values differ by at most one scale point."));
}

void add_cell(const Scheme& scheme, const CellKey& key, const CellPairs& cell,
              ReliabilityReport& out) {
    const auto& [scale_id, target, episode] = key;
    const std::string item = scale_id + " / " + target + " / " + episode;
    const std::string inputs = sessions_text(int(cell.values.size())) + ", 1 rating each";
    const RatingScale* scale = scheme.scale(scale_id);
    std::vector<std::string> categories;
    for (int v = scale ? scale->min : 1; v <= (scale ? scale->max : 9); ++v)
        categories.push_back(std::to_string(v));
    std::vector<std::string> a, b;
    std::vector<std::vector<std::optional<double>>> table;
    for (const auto& [x, y] : cell.values) {
        a.push_back(std::to_string(x)), b.push_back(std::to_string(y));
        table.push_back({double(x), double(y)});
    }
    auto wk =
        stats::weighted_kappa(stats::agreement_matrix(a, b, categories), stats::Weighting::Linear);
    wk.name = "weighted kappa (linear)";
    wk.inputs = inputs;
    out.figures.push_back(figure("pooled", ReliabilityKind::Ratings, "ratings", item,
                                 "weighted_kappa_linear", wk,
                                 "Agreement across sessions on this cell beyond chance, with "
                                 "near misses counted as partly agreeing (linear weights)."));
    for (auto [form, id] : {std::pair{stats::IccForm::TwoWayRandomAbsoluteSingle, "icc_2_1"},
                            std::pair{stats::IccForm::TwoWayMixedConsistencySingle, "icc_3_1"}}) {
        auto r = stats::icc(table, form);
        r.inputs = inputs + "; " + r.inputs;
        const bool absolute = form == stats::IccForm::TwoWayRandomAbsoluteSingle;
        out.figures.push_back(figure(
            "pooled", ReliabilityKind::Ratings, "ratings", item, id, r,
            absolute ? "How closely the two coders' values on this cell match across sessions "
                       "(absolute agreement: a coder rating consistently higher counts against)."
                     : "How consistently the two coders order the sessions on this cell "
                       "(consistency: a constant offset between coders does not count against)."));
    }
    add_exact_and_within_one("pooled", item, cell.values, inputs, out);
}

// --- classification ---------------------------------------------------------------------

struct Way {
    const char* kind;  // criterion kind
    const char* item;
    std::vector<std::string> categories;
};

std::vector<Way> ways_of(const Scheme& scheme) {
    std::vector<std::string> sub;
    for (const auto& c : scheme.codes) sub.push_back(c.code);
    return {{"classification-4way", "4-way (A/B/C/D)", {"A", "B", "C", "D"}},
            {"classification-3way", "3-way (A/B/C)", {"A", "B", "C"}},
            {"classification-secure", "secure vs insecure", {"secure", "insecure"}},
            {"classification-d", "D vs not D", {"D", "not D"}},
            {"classification-subgroup", "subgroup", sub}};
}

std::string group_of(const Scheme& scheme, const std::string& code) {
    const ClassificationCode* c = scheme.code(code);
    return c && !c->group.empty() ? c->group : code;
}

// The category of a classification in one form, or why it has none.
std::optional<std::string> categorise(const Scheme& scheme, const Classification& c,
                                      const std::string& kind, std::string& why) {
    if (kind == "classification-subgroup") return c.code;
    if (c.code == "CC") {
        why = "cannot classify (CC)";
        return std::nullopt;
    }
    const ClassificationCode* linked = scheme.linked_code();
    const std::string group = group_of(scheme, c.code);
    const bool is_d = linked && group == linked->code;
    if (kind == "classification-4way") return is_d ? std::string("D") : group;
    if (kind == "classification-secure")
        return std::string(!is_d && group == "B" ? "secure" : "insecure");
    if (kind == "classification-d") return std::string(is_d ? "D" : "not D");
    if (!is_d) return group;
    if (!c.secondary) {
        why = "D without a secondary (forced A/B/C) classification";
        return std::nullopt;
    }
    return group_of(scheme, *c.secondary);
}

struct WayTally {
    std::vector<std::string> a, b;
    std::map<std::string, int> left_out;  // reason -> sessions
};

std::string left_out_text(const std::map<std::string, int>& left_out) {
    std::string out;
    for (const auto& [why, n] : left_out)
        out += "; " + thousands(n) + (n == 1 ? " session" : " sessions") + " left out: " + why;
    return out;
}

void session_classification(const DoubleCodedSession& s, const Way& way, WayTally& tally,
                            ReliabilityReport& out) {
    std::string why_a, why_b;
    const auto a = categorise(s.scheme, *s.a.classification, way.kind, why_a);
    const auto b = categorise(s.scheme, *s.b.classification, way.kind, why_b);
    if (!a || !b) {
        const std::string why = !a ? "primary: " + why_a : "reliability: " + why_b;
        tally.left_out[why] += 1;
        out.figures.push_back(
            figure(s.session.label, ReliabilityKind::Classification, way.kind, way.item,
                   "percent_agreement",
                   undefined("percent agreement", 0, "2 coders, 1 session", "left out: " + why),
                   "This session is not counted in the " + std::string(way.item) +
                       " comparison: " + why + "."));
        return;
    }
    tally.a.push_back(*a), tally.b.push_back(*b);
    const std::string inputs = "2 coders, 1 session: primary " + s.a.classification->code + " (" +
                               *a + "), reliability " + s.b.classification->code + " (" + *b + ")";
    out.figures.push_back(figure(
        s.session.label, ReliabilityKind::Classification, way.kind, way.item, "percent_agreement",
        percentage("percent agreement", *a == *b ? 1 : 0, 1, inputs, ""),
        *a == *b ? "Both coders put the session in " + *a + "."
                 : "The coders disagree: " + *a + " (primary) vs " + *b + " (reliability)."));
}

void pooled_classification(const Way& way, const WayTally& t, ReliabilityReport& out) {
    const auto m = stats::agreement_matrix(t.a, t.b, way.categories);
    const std::string inputs = sessions_text(int(t.a.size())) + left_out_text(t.left_out);
    auto k = stats::cohen_kappa(m);
    k.inputs = inputs;
    const int agree = int(std::inner_product(t.a.begin(), t.a.end(), t.b.begin(), 0, std::plus<>(),
                                             [](const auto& x, const auto& y) { return x == y; }));
    const std::string counted = "The " + std::string(way.item) + " classifications of " +
                                thousands(int(t.a.size())) + " sessions; the coders agreed on " +
                                thousands(agree);
    out.figures.push_back(
        figure("pooled", ReliabilityKind::Classification, way.kind, way.item, "cohen_kappa", k,
               k.value ? counted + "; kappa " + fmt(*k.value, 2) +
                             " measures agreement beyond chance (1 = perfect, 0 = no better than "
                             "chance, below 0 = worse than chance)."
                       : counted + "; kappa is undefined: " + k.undefined_reason + "."));
    out.figures.push_back(
        figure("pooled", ReliabilityKind::Classification, way.kind, way.item, "percent_agreement",
               percentage("percent agreement", agree, int(t.a.size()), inputs,
                          "no session has both coders' classification in this form"),
               counted + "."));
}

ConfusionTable confusion_of(const WayTally& four) {
    ConfusionTable c{{"A", "B", "C", "D"}, std::vector<std::vector<int>>(4, std::vector<int>(4))};
    const auto m = stats::agreement_matrix(four.a, four.b, c.categories);
    for (size_t i = 0; i < 4; ++i)
        for (size_t j = 0; j < 4; ++j) c.counts[i][j] = int(m.counts[i][j]);
    return c;
}

}  // namespace

void compare_episodes(const std::vector<DoubleCodedSession>& sessions, ReliabilityReport& out) {
    if (sessions.empty()) return;
    const Scheme& scheme = sessions.front().scheme;
    std::vector<BoundarySums> sums(scheme.episodes.size());
    for (const auto& s : sessions)
        for (size_t i = 0; i < scheme.episodes.size(); ++i)
            episode_of_session(s, scheme.episodes[i], sums[i], out);
    for (size_t i = 0; i < scheme.episodes.size(); ++i)
        pooled_episode(scheme.episodes[i], sums[i], out);
}

void compare_ratings(const std::vector<DoubleCodedSession>& sessions, ReliabilityReport& out) {
    std::map<CellKey, CellPairs> cells;
    for (const auto& s : sessions) {
        const auto a = cells_of(s.a.ratings), b = cells_of(s.b.ratings);
        std::vector<std::pair<int, int>> both;
        for (const auto& [key, va] : a)
            if (auto it = b.find(key); it != b.end()) {
                both.emplace_back(va, it->second);
                cells[key].values.emplace_back(va, it->second);
            }
        add_exact_and_within_one(
            s.session.label, "all cells", both,
            "2 coders, 1 session, " + thousands(int(both.size())) + " cells rated by both", out);
    }
    if (sessions.empty()) return;
    for (const auto& [key, cell] : cells) add_cell(sessions.front().scheme, key, cell, out);
}

void compare_classifications(const std::vector<DoubleCodedSession>& sessions,
                             ReliabilityReport& out) {
    if (sessions.empty()) return;
    const auto ways = ways_of(sessions.front().scheme);
    std::vector<WayTally> tallies(ways.size());
    int unclassified = 0;
    for (const auto& s : sessions) {
        if (!s.a.classification || !s.b.classification) {
            ++unclassified;
            continue;
        }
        for (size_t w = 0; w < ways.size(); ++w)
            session_classification(s, ways[w], tallies[w], out);
    }
    if (unclassified > 0)
        out.notes.push_back(thousands(unclassified) +
                            " double-coded session(s) left out of the classification "
                            "comparison: a pass has no classification yet");
    for (size_t w = 0; w < ways.size(); ++w) pooled_classification(ways[w], tallies[w], out);
    out.confusion = confusion_of(tallies[0]);
}

}  // namespace attune::reliability_detail
