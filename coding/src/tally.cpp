#include "attune/coding/stats/tally.hpp"

#include <algorithm>
#include <map>

namespace attune::stats {

std::optional<Ways> ways_from(const std::string& s) {
    if (s == "2") return Ways::Two;
    if (s == "3") return Ways::Three;
    if (s == "4") return Ways::Four;
    if (s == "sub") return Ways::Sub;
    return std::nullopt;
}

namespace {

const char* kCannotClassify = "CC";

std::vector<std::string> categories_of(const Scheme& scheme, Ways ways) {
    switch (ways) {
        case Ways::Two:
            return {"secure", "insecure"};
        case Ways::Three:
            return {"A", "B", "C"};
        case Ways::Four:
            return {"A", "B", "C", "D"};
        case Ways::Sub: {
            std::vector<std::string> out;
            for (const auto& c : scheme.codes)
                if (!c.is_group) out.push_back(c.code);
            for (const auto& c : scheme.codes)
                if (c.is_group && c.code != kCannotClassify) {
                    const bool has_subgroups = std::any_of(
                        scheme.codes.begin(), scheme.codes.end(),
                        [&](const auto& x) { return !x.is_group && x.group == c.code; });
                    out.push_back(has_subgroups ? c.code + " (no subgroup)" : c.code);
                }
            return out;
        }
    }
    return {};
}

// The category a classification falls in, or why it is left out.
enum class Outcome { Counted, CannotClassify, UnclassifiedD };
Outcome categorise(const Scheme& scheme, const TallyInput& in, Ways ways, std::string& category) {
    if (in.code == kCannotClassify) return Outcome::CannotClassify;
    const ClassificationCode* code = scheme.code(in.code);
    const std::string group = code ? code->group : in.code;
    const ClassificationCode* linked = scheme.linked_code();
    const bool is_d = linked && group == linked->code;
    switch (ways) {
        case Ways::Two:
            category = (!is_d && group == "B") ? "secure" : "insecure";
            return Outcome::Counted;
        case Ways::Four:
            category = group;
            return Outcome::Counted;
        case Ways::Three: {
            if (!is_d) {
                category = group;
                return Outcome::Counted;
            }
            if (!in.secondary) return Outcome::UnclassifiedD;
            const ClassificationCode* sec = scheme.code(*in.secondary);
            category = sec ? sec->group : *in.secondary;
            return Outcome::Counted;
        }
        case Ways::Sub: {
            const bool has_subgroups =
                code && code->is_group &&
                std::any_of(scheme.codes.begin(), scheme.codes.end(),
                            [&](const auto& x) { return !x.is_group && x.group == code->code; });
            category = has_subgroups ? in.code + " (no subgroup)" : in.code;
            return Outcome::Counted;
        }
    }
    return Outcome::Counted;
}

// Norm shares for the categories, as proportions that add to 1.
Result<std::vector<double>> norm_shares(const Norm& norm, Ways ways,
                                        const std::vector<std::string>& cats) {
    std::vector<double> p;
    if (ways == Ways::Two) {
        auto b = norm.percent.find("B");
        if (b == norm.percent.end())
            return Error{"norm " + norm.id + " gives no share for B (secure)"};
        double total = 0;
        for (const auto& [code, pct] : norm.percent) total += pct;
        p = {b->second / total, 1 - b->second / total};
        return p;
    }
    double total = 0;
    for (const auto& c : cats) {
        auto it = norm.percent.find(c);
        if (it == norm.percent.end())
            return Error{"norm " + norm.id + " gives no share for " + c + "; choose a norm with " +
                         (ways == Ways::Four ? "A, B, C and D (e.g. vij1999_fourway_NA)"
                                             : "A, B and C (e.g. vij_k1988_global)")};
        p.push_back(it->second);
        total += it->second;
    }
    for (double& x : p) x /= total;
    return p;
}

// The norm named `norm_id`, and its shares of `cats`; no norm when none is named.
Result<std::optional<std::pair<const Norm*, std::vector<double>>>> chosen_norm(
    const Scheme& scheme, Ways ways, const std::vector<std::string>& cats,
    const std::optional<std::string>& norm_id) {
    if (!norm_id) return std::optional<std::pair<const Norm*, std::vector<double>>>{};
    const Norm* norm = scheme.norm(*norm_id);
    if (!norm) {
        std::string ids;
        for (const auto& n : scheme.norms) ids += (ids.empty() ? "" : ", ") + n.id;
        return Error{"scheme " + scheme.id + " has no norm '" + *norm_id + "' (norms: " + ids +
                     ")"};
    }
    if (ways == Ways::Sub) return Error{"norms compare 2-, 3- or 4-way tallies, not subgroups"};
    auto shares = norm_shares(*norm, ways, cats);
    if (!shares) return shares.error();
    return std::optional{std::pair{norm, std::move(*shares)}};
}

// Sessions by their value of the variable `by` ("all" when not split; never no group).
std::map<std::string, std::vector<const TallyInput*>> groups_of(
    const std::vector<TallyInput>& sessions, const std::optional<std::string>& by) {
    std::map<std::string, std::vector<const TallyInput*>> groups;
    for (const TallyInput& in : sessions) {
        std::string g = "all";
        if (by) {
            auto it = in.variables.find(*by);
            g = it == in.variables.end() ? "(missing)" : it->second;
        }
        groups[g].push_back(&in);
    }
    if (groups.empty()) groups["all"];
    return groups;
}

// Counts one group's sessions into rows of `cats`, with their intervals.
void count_group(TallyTable& t, const Scheme& scheme, const std::vector<const TallyInput*>& members,
                 Ways ways, const std::vector<std::string>& cats) {
    std::map<std::string, int> counts;
    for (const TallyInput* in : members) {
        std::string cat;
        switch (categorise(scheme, *in, ways, cat)) {
            case Outcome::Counted:
                ++counts[cat], ++t.n;
                break;
            case Outcome::CannotClassify:
                ++t.cannot_classify;
                break;
            case Outcome::UnclassifiedD:
                ++t.unclassified_d;
                break;
        }
    }
    for (const std::string& cat : cats) {
        TallyRow r;
        r.category = cat;
        r.count = counts[cat];
        r.percent = t.n > 0 ? 100.0 * r.count / t.n : 0;
        r.ci = clopper_pearson(r.count, t.n);
        t.rows.push_back(r);
    }
}

// The rows' expected counts under the norm, and the chi-square test when anything was counted.
void compare_with_norm(TallyTable& t, const Norm& norm, const std::vector<double>& shares) {
    for (size_t i = 0; i < t.rows.size(); ++i) {
        t.rows[i].norm_percent = 100.0 * shares[i];
        t.rows[i].expected = shares[i] * t.n;
    }
    if (t.n == 0) return;
    GoodnessOfFit f{norm.id, norm.population, norm.n, 0, static_cast<int>(t.rows.size()) - 1, 1,
                    false};
    for (const TallyRow& r : t.rows) {
        if (*r.expected <= 0) continue;
        f.chi_square += (r.count - *r.expected) * (r.count - *r.expected) / *r.expected;
        f.low_expected = f.low_expected || *r.expected < 5;
    }
    f.p = chi_square_p(f.chi_square, f.df);
    t.test = f;
    if (f.low_expected)
        t.notes.push_back("an expected count is below 5: read the chi-square p-value with caution");
}

void add_notes(TallyTable& t) {
    if (t.n < 30)
        t.notes.push_back("fewer than 30 sessions: percentages are unstable; read the intervals");
    if (t.cannot_classify)
        t.notes.push_back(std::to_string(t.cannot_classify) + " Cannot Classify left out");
    if (t.unclassified_d)
        t.notes.push_back(std::to_string(t.unclassified_d) +
                          " D without a secondary left out of the 3-way tally");
}

}  // namespace

Result<std::vector<TallyTable>> tally(const Scheme& scheme, const std::vector<TallyInput>& sessions,
                                      Ways ways, const std::optional<std::string>& by,
                                      const std::optional<std::string>& norm_id) {
    const std::vector<std::string> cats = categories_of(scheme, ways);
    auto norm = chosen_norm(scheme, ways, cats, norm_id);
    if (!norm) return norm.error();
    std::vector<TallyTable> tables;
    for (const auto& [g, members] : groups_of(sessions, by)) {
        TallyTable t;
        t.by = by.value_or("");
        t.group = g;
        count_group(t, scheme, members, ways, cats);
        if (*norm) compare_with_norm(t, *(*norm)->first, (*norm)->second);
        add_notes(t);
        tables.push_back(std::move(t));
    }
    return tables;
}

}  // namespace attune::stats
