// Agreement between two observers' timed events: BORIS's time-unit kappa, the
// BORIS plugin interval kappas and the event alignment (see the header).
#include "attune/coding/stats/event_agreement.hpp"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

namespace attune::stats {

namespace {

bool listed(const std::vector<std::string>& list, const std::string& s) {
    return list.empty() || std::find(list.begin(), list.end(), s) != list.end();
}

std::vector<Bout> select(const std::vector<Bout>& bouts, const BoutFilter& f) {
    std::vector<Bout> out;
    for (const auto& b : bouts)
        if (listed(f.subjects, b.subject) && listed(f.behaviours, b.behaviour)) out.push_back(b);
    return out;
}

std::vector<std::string> subjects_of(const std::vector<Bout>& a, const std::vector<Bout>& b,
                                     const BoutFilter& f) {
    if (!f.subjects.empty()) return f.subjects;
    std::set<std::string> seen;
    for (const auto& x : a) seen.insert(x.subject);
    for (const auto& x : b) seen.insert(x.subject);
    return {seen.begin(), seen.end()};
}

// The behaviour with its modifiers when they count.
std::string code_of(const Bout& b, bool with_modifiers) {
    return with_modifiers ? b.behaviour + "|" + b.modifiers : b.behaviour;
}

// BORIS's item: the subject is part of it.
std::string item_of(const Bout& b, bool with_modifiers) {
    return b.subject + "|" + code_of(b, with_modifiers);
}

std::string joined(std::vector<std::string> items) {
    std::sort(items.begin(), items.end());
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : "+") + item;
    return out;
}

std::string seconds_text(int64_t us) {
    std::ostringstream s;
    s << double(us) / 1e6;
    return s.str();
}

std::vector<std::string> categories_seen(const std::vector<std::string>& a,
                                         const std::vector<std::string>& b) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const auto* list : {&a, &b})
        for (const auto& c : *list)
            if (seen.insert(c).second) out.push_back(c);
    return out;
}

TallySummary summarise(const AgreementMatrix& m) {
    TallySummary t;
    t.n = m.total();
    const size_t k = m.counts.size();
    std::vector<double> rows(k, 0), columns(k, 0);
    for (size_t i = 0; i < k; ++i)
        for (size_t j = 0; j < k; ++j) {
            rows[i] += m.counts[i][j];
            columns[j] += m.counts[i][j];
        }
    for (size_t i = 0; i < k; ++i) {
        t.agreements += m.counts[i][i];
        if (t.n > 0) t.chance += rows[i] * columns[i] / t.n;
    }
    return t;
}

EventAgreement from_labels(const std::vector<std::string>& a, const std::vector<std::string>& b,
                           std::vector<std::string> categories) {
    EventAgreement r;
    r.categories = std::move(categories);
    r.matrix = agreement_matrix(a, b, r.categories);
    r.tally = summarise(r.matrix);
    r.kappa = cohen_kappa(r.matrix);
    return r;
}

EventAgreement no_events(const char* name, const char* which) {
    EventAgreement r;
    r.kappa.name = name;
    r.kappa.undefined_reason = std::string("observation ") + which +
                               " has no recorded events for the selected subjects and behaviours";
    return r;
}

// --- 1. time-unit kappa -------------------------------------------------------------

// The category of one subject at time t (bouts already that subject's).
std::string unit_category(const std::vector<Bout>& bouts, int64_t t, int64_t unit_us,
                          bool with_modifiers) {
    std::vector<std::string> states, points;
    for (const auto& b : bouts) {
        if (!b.point && b.start_us <= t && t <= b.stop_us)
            states.push_back(item_of(b, with_modifiers));
        if (b.point && 2 * std::llabs(b.start_us - t) <= unit_us)
            points.push_back(item_of(b, with_modifiers));
    }
    std::string s = joined(states), p = joined(points);
    return s.empty() ? p : p.empty() ? s : s + "+" + p;
}

std::map<std::string, std::vector<Bout>> by_subject(const std::vector<Bout>& bouts) {
    std::map<std::string, std::vector<Bout>> out;
    for (const auto& b : bouts) out[b.subject].push_back(b);
    return out;
}

void apply_boris_one(EventAgreement& r) {
    if (r.kappa.value || r.kappa.n == 0) return;
    r.kappa.value = 1.0;
    r.kappa.undefined_reason.clear();
    r.note =
        "both observers used one and the same category throughout, so kappa's denominator is 0; "
        "BORIS reports 1 in that case";
}

// --- 2. plugin interval kappas ------------------------------------------------------

int64_t round_half_even(int64_t x, int64_t step) {
    int64_t rest = ((x % step) + step) % step, base = x - rest;
    if (2 * rest > step || (2 * rest == step && (base / step) % 2 != 0)) return base + step;
    return base;
}

// Decimals past 6 (below a microsecond) change nothing; below -9 are taken as -9.
int64_t rounding_step(int decimals) {
    int64_t step = 1;
    for (int d = std::max(decimals, -9); d < 6; ++d) step *= 10;
    return step;
}

struct Items {
    std::vector<std::string> a, b;
    std::vector<double> weight;  // seconds for intervals, the point weight for points
};

struct Split {
    std::vector<Bout> segments, points;
};

Split split_rounded(const std::vector<Bout>& bouts, int decimals) {
    const int64_t step = rounding_step(decimals);
    Split s;
    for (auto b : bouts) {
        b.start_us = round_half_even(b.start_us, step);
        b.stop_us = round_half_even(b.stop_us, step);
        (b.start_us < b.stop_us ? s.segments : s.points).push_back(b);
    }
    return s;
}

std::vector<std::string> active_at(const Split& s, int64_t t, bool with_points, bool with_mod) {
    std::vector<std::string> codes;
    for (const auto& b : s.segments)
        if (b.start_us <= t && t < b.stop_us) codes.push_back(item_of(b, with_mod));
    if (with_points)
        for (const auto& b : s.points)
            if (b.start_us == t) codes.push_back(item_of(b, with_mod));
    return codes;
}

Items interval_items(const std::vector<Bout>& a, const std::vector<Bout>& b,
                     const IntervalOptions& o) {
    const bool mod = o.filter.with_modifiers;
    const Split sa = split_rounded(select(a, o.filter), o.decimals);
    const Split sb = split_rounded(select(b, o.filter), o.decimals);
    std::set<int64_t> bounds, instants;
    for (const auto* s : {&sa, &sb}) {
        for (const auto& x : s->segments) bounds.insert({x.start_us, x.stop_us});
        for (const auto& x : s->points) instants.insert(x.start_us);
    }
    Items items;
    for (auto it = bounds.begin(); it != bounds.end() && std::next(it) != bounds.end(); ++it) {
        items.a.push_back(joined(active_at(sa, *it, false, mod)));
        items.b.push_back(joined(active_at(sb, *it, false, mod)));
        items.weight.push_back(double(*std::next(it) - *it) / 1e6);
    }
    for (int64_t t : instants) {
        items.a.push_back(joined(active_at(sa, t, true, mod)));
        items.b.push_back(joined(active_at(sb, t, true, mod)));
        items.weight.push_back(o.point_weight);
    }
    return items;
}

std::string interval_inputs(const Items& items, int decimals) {
    return "2 coders, times rounded to " + std::to_string(decimals) + " decimals, " +
           std::to_string(items.a.size()) + " items (elementary intervals and point-event times)";
}

// --- 3. event alignment -------------------------------------------------------------

bool onset_order(const Bout& x, const Bout& y) {
    return std::tie(x.start_us, x.stop_us, x.behaviour, x.modifiers) <
           std::tie(y.start_us, y.stop_us, y.behaviour, y.modifiers);
}

// Q(i, q) kept for q in [lo_i - 1, hi_i] (see the header's recurrence).
class BandedTable {
  public:
    BandedTable(const std::vector<Bout>& a, const std::vector<Bout>& b, int64_t tol) {
        std::vector<int64_t> onsets;
        for (const auto& x : b) onsets.push_back(x.start_us);
        for (const auto& x : a) {
            auto first = std::lower_bound(onsets.begin(), onsets.end(), x.start_us - tol);
            auto past = std::upper_bound(onsets.begin(), onsets.end(), x.start_us + tol);
            lo_.push_back(int(first - onsets.begin()));
            hi_.push_back(int(past - onsets.begin()) - 1);
        }
        rows_.resize(a.size());
    }
    int lo(int i) const { return lo_[i]; }
    int hi(int i) const { return hi_[i]; }
    int64_t get(int i, int q) const {
        if (i < 0) return 0;
        q = std::min(q, hi_[i]);
        if (q < 0) return 0;
        return rows_[i][q - (lo_[i] - 1)];
    }
    std::vector<int64_t>& row(int i) { return rows_[i]; }

  private:
    std::vector<int> lo_, hi_;
    std::vector<std::vector<int64_t>> rows_;
};

void fill(BandedTable& t, const std::vector<Bout>& a, const std::vector<Bout>& b, bool mod) {
    for (int i = 0; i < int(a.size()); ++i) {
        auto& row = t.row(i);
        for (int q = t.lo(i) - 1; q <= t.hi(i); ++q) {
            int64_t best = t.get(i - 1, q);
            if (q >= t.lo(i)) {
                best = std::max(best, row.back());
                best = std::max(best, t.get(i - 1, q - 1) + pair_score(a[i], b[q], mod));
            }
            row.push_back(best);
        }
    }
}

std::vector<std::pair<int, int>> trace(const BandedTable& t, const std::vector<Bout>& a,
                                       const std::vector<Bout>& b, bool mod) {
    std::vector<std::pair<int, int>> out;
    int i = int(a.size()) - 1, j = int(b.size()) - 1;
    while (i >= 0 && j >= 0) {
        if (j > t.hi(i)) {
            out.push_back({-1, j--});
        } else if (j < t.lo(i)) {
            out.push_back({i--, -1});
        } else if (t.get(i, j) == t.get(i - 1, j - 1) + pair_score(a[i], b[j], mod)) {
            out.push_back({i--, j--});
        } else if (t.get(i, j) == t.get(i - 1, j)) {
            out.push_back({i--, -1});
        } else {
            out.push_back({-1, j--});
        }
    }
    for (; i >= 0; --i) out.push_back({i, -1});
    for (; j >= 0; --j) out.push_back({-1, j});
    std::reverse(out.begin(), out.end());
    return out;
}

struct AlignmentTally {
    std::vector<std::string> a, b;
    double duration_sum_s = 0;
};

void tally_pair(EventAlignment& r, AlignmentTally& t, const std::string& subject, const Bout* x,
                const Bout* y, bool mod) {
    AlignedPair pair{subject, x ? std::optional<Bout>(*x) : std::nullopt,
                     y ? std::optional<Bout>(*y) : std::nullopt};
    r.pairs.push_back(pair);
    t.a.push_back(x ? code_of(*x, mod) : nil_code);
    t.b.push_back(y ? code_of(*y, mod) : nil_code);
    if (!x) ++r.commissions;
    if (!y) ++r.omissions;
    if (!x || !y) return;
    if (t.a.back() != t.b.back()) {
        ++r.disagreements;
        return;
    }
    ++r.agreements;
    if (x->point || y->point) return;
    ++r.duration_pairs;
    t.duration_sum_s +=
        double(std::llabs((x->stop_us - x->start_us) - (y->stop_us - y->start_us))) / 1e6;
}

std::vector<std::string> alignment_categories(const AlignmentTally& t) {
    std::set<std::string> codes(t.a.begin(), t.a.end());
    codes.insert(t.b.begin(), t.b.end());
    codes.erase(nil_code);
    std::vector<std::string> out(codes.begin(), codes.end());
    out.push_back(nil_code);
    return out;
}

}  // namespace

BoutsFromEvents bouts_from_events(const std::vector<Event>& events) {
    BoutsFromEvents out;
    for (const auto& e : events) {
        if (!e.stop_us) {
            ++out.open_states_left_out;
            continue;
        }
        Bout b{e.subject, e.behaviour, "", e.start_us, *e.stop_us, *e.stop_us == e.start_us};
        for (const auto& [name, value] : e.modifiers)
            b.modifiers += (b.modifiers.empty() ? "" : "|") + name + "=" + value;
        out.bouts.push_back(b);
    }
    return out;
}

EventAgreement time_unit_kappa(const std::vector<Bout>& a, const std::vector<Bout>& b,
                               const TimeUnitOptions& o) {
    const char* name = "time-unit kappa (BORIS)";
    const BoutFilter& f = o.filter;
    const auto sa = select(a, f), sb = select(b, f);
    const auto subjects = subjects_of(sa, sb, f);
    if (o.unit_us <= 0) {
        EventAgreement r;
        r.kappa.name = name;
        r.kappa.undefined_reason = "the time unit must be longer than 0 s";
        return r;
    }
    if (sa.empty()) return no_events(name, "A");
    if (sb.empty()) return no_events(name, "B");
    int64_t t0 = sa.front().start_us, t1 = sa.front().stop_us;
    for (const auto* list : {&sa, &sb})
        for (const auto& x : *list) {
            t0 = std::min(t0, x.start_us);
            t1 = std::max(t1, x.stop_us);
        }
    auto ma = by_subject(sa), mb = by_subject(sb);
    std::vector<std::string> la, lb;
    for (int64_t t = t0; t <= t1; t += o.unit_us)
        for (const auto& s : subjects) {
            la.push_back(unit_category(ma[s], t, o.unit_us, f.with_modifiers));
            lb.push_back(unit_category(mb[s], t, o.unit_us, f.with_modifiers));
        }
    auto r = from_labels(la, lb, categories_seen(la, lb));
    r.kappa.name = name;
    apply_boris_one(r);
    r.inputs = "2 coders, " + seconds_text(o.unit_us) + "-s units, " + std::to_string(la.size()) +
               " unit x subject tallies (" + std::to_string(subjects.size()) + " subjects)";
    return r;
}

EventAgreement interval_kappa(const std::vector<Bout>& a, const std::vector<Bout>& b,
                              const IntervalOptions& o) {
    const Items items = interval_items(a, b, o);
    auto r = from_labels(items.a, items.b, categories_seen(items.a, items.b));
    r.kappa.name = "interval kappa (BORIS plugin)";
    r.inputs = interval_inputs(items, o.decimals);
    return r;
}

EventAgreement duration_weighted_kappa(const std::vector<Bout>& a, const std::vector<Bout>& b,
                                       const IntervalOptions& o) {
    const Items items = interval_items(a, b, o);
    EventAgreement r;
    r.categories = categories_seen(items.a, items.b);
    const size_t k = r.categories.size();
    r.matrix.counts.assign(k, std::vector<double>(k, 0));
    auto index = [&](const std::string& c) {
        return size_t(std::find(r.categories.begin(), r.categories.end(), c) -
                      r.categories.begin());
    };
    for (size_t u = 0; u < items.a.size(); ++u)
        r.matrix.counts[index(items.a[u])][index(items.b[u])] += items.weight[u];
    r.tally = summarise(r.matrix);
    r.inputs = interval_inputs(items, o.decimals) + ", point-event weight " +
               std::to_string(o.point_weight) + ", total weight " + std::to_string(r.tally.n);
    const char* name = "duration-weighted kappa (BORIS plugin)";
    if (r.tally.n <= 0) {
        r.kappa.name = name;
        r.kappa.undefined_reason = "the total weight is 0";
        return r;
    }
    // Kappa depends on proportions only: scale the table to the item count so the
    // core counts items, not seconds (a total under 1 s would read as no units). The
    // extra quarter keeps the core's int(total) from dropping below the item count
    // through rounding in the sum.
    AgreementMatrix scaled = r.matrix;
    for (auto& row : scaled.counts)
        for (double& c : row) c *= (double(items.a.size()) + 0.25) / r.tally.n;
    r.kappa = cohen_kappa(scaled);
    r.kappa.name = name;
    r.kappa.ci.reset();  // Cohen's standard error assumes N independent units, not seconds
    return r;
}

int64_t pair_score(const Bout& a, const Bout& b, bool with_modifiers) {
    const bool same = code_of(a, with_modifiers) == code_of(b, with_modifiers);
    return same ? 2 * alignment_unit + 1 : alignment_unit;
}

StreamAlignment align_stream(const std::vector<Bout>& a, const std::vector<Bout>& b,
                             int64_t onset_tolerance_us, bool with_modifiers) {
    onset_tolerance_us =
        std::max<int64_t>(onset_tolerance_us, 0);  // a negative tolerance is taken as 0
    BandedTable table(a, b, onset_tolerance_us);
    fill(table, a, b, with_modifiers);
    StreamAlignment s;
    s.score = a.empty() || b.empty() ? 0 : table.get(int(a.size()) - 1, int(b.size()) - 1);
    s.pairs = trace(table, a, b, with_modifiers);
    return s;
}

EventAlignment align_events(const std::vector<Bout>& a, const std::vector<Bout>& b,
                            const AlignmentOptions& o) {
    EventAlignment r;
    AlignmentTally t;
    const bool mod = o.filter.with_modifiers;
    const auto sa = select(a, o.filter), sb = select(b, o.filter);
    auto ma = by_subject(sa), mb = by_subject(sb);
    for (const auto& subject : subjects_of(sa, sb, o.filter)) {
        auto ea = ma[subject], eb = mb[subject];
        std::sort(ea.begin(), ea.end(), onset_order);
        std::sort(eb.begin(), eb.end(), onset_order);
        const auto s = align_stream(ea, eb, o.onset_tolerance_us, mod);
        r.score += s.score;
        for (auto [i, j] : s.pairs)
            tally_pair(r, t, subject, i < 0 ? nullptr : &ea[i], j < 0 ? nullptr : &eb[j], mod);
    }
    if (r.duration_pairs > 0)
        r.mean_abs_duration_difference_s = t.duration_sum_s / r.duration_pairs;
    r.kappa = from_labels(t.a, t.b, alignment_categories(t));
    r.kappa.kappa.name = "event-aligned kappa";
    r.kappa.inputs = "2 coders, " + std::to_string(sa.size()) + " + " + std::to_string(sb.size()) +
                     " events, onset tolerance " + seconds_text(o.onset_tolerance_us) + " s, " +
                     std::to_string(t.a.size()) + " aligned pairs";
    return r;
}

}  // namespace attune::stats
