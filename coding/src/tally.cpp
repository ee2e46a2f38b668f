#include "attune/coding/stats/tally.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "attune/coding/stats/exact_tests.hpp"

namespace attune::stats {

const char* norm_test_name(NormTest t) {
    switch (t) {
        case NormTest::ChiSquareFit:
            return "chi-square goodness of fit";
        case NormTest::ExactBinomial:
            return "exact binomial test";
        case NormTest::ExactMultinomial:
            return "exact multinomial goodness of fit";
        case NormTest::ChiSquareHomogeneity:
            return "chi-square test of homogeneity (2 x k)";
        case NormTest::FisherFreemanHalton:
            return "Fisher-Freeman-Halton exact test (2 x k)";
    }
    return "";
}

std::optional<Ways> ways_from(const std::string& s) {
    if (s == "2") return Ways::Two;
    if (s == "3") return Ways::Three;
    if (s == "4") return Ways::Four;
    if (s == "sub") return Ways::Sub;
    return std::nullopt;
}

namespace {

const char* kCannotClassify = "CC";

std::string join(const std::set<std::string>& items) {
    std::string out;
    for (const auto& x : items) out += (out.empty() ? "" : "/") + x;
    return out;
}

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
            // A secondary that is not an organized group (D, CC) has no 3-way category.
            if (category == group || category == kCannotClassify) return Outcome::UnclassifiedD;
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

// A norm's categories must be the tally's: 4-way norms (A, B, C and D) serve 4-way and
// 2-way tallies, 3-way norms (A, B and C, from before D or with D by its secondary) serve
// 3-way tallies. Anything else would compare different things.
Status check_norm_fits(const Norm& norm, Ways ways, const std::vector<std::string>& four) {
    std::set<std::string> has;
    for (const auto& [code, pct] : norm.percent) has.insert(code);
    const std::set<std::string> four_way(four.begin(), four.end());
    std::set<std::string> three_way = four_way;
    const std::string& d = four.back();
    three_way.erase(d);
    const std::string name = "norm " + norm.id + " (" + norm.population + ")";
    if (ways == Ways::Three && has == four_way)
        return Error{name + " is 4-way: leaving out its " + d +
                     " and rescaling the rest is not a " + "3-way norm (a 3-way tally counts " + d +
                     " by the forced secondary); " + "tally 4-way, or choose a 3-way norm"};
    if (ways == Ways::Two && has == three_way)
        return Error{name + " is a 3-way norm (A/B/C only: from before the " + d +
                     " category, or with " + d +
                     " counted by its forced secondary), so its secure "
                     "share includes infants now classed " +
                     d + "; compare 2-way with a 4-way norm"};
    if ((ways == Ways::Three && has != three_way) || (ways != Ways::Three && has != four_way))
        return Error{name + " gives shares for " + join(has) + ", not the " +
                     (ways == Ways::Three ? join(three_way) : join(four_way)) +
                     " this tally compares; choose another norm"};
    for (const auto& [code, pct] : norm.percent)
        if (pct <= 0)
            return Error{name + " gives 0% for " + code +
                         ": a comparison needs a share for every category; choose another norm"};
    return ok_status();
}

// Norm shares for the categories, as proportions that add to 1.
std::vector<double> norm_shares(const Norm& norm, Ways ways, const std::vector<std::string>& cats) {
    double total = 0;
    for (const auto& [code, pct] : norm.percent) total += pct;
    if (ways == Ways::Two) {
        const double secure = norm.percent.at("B") / total;
        return {secure, 1 - secure};
    }
    std::vector<double> p;
    for (const auto& c : cats) p.push_back(norm.percent.at(c) / total);
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
    if (auto fits = check_norm_fits(*norm, ways, categories_of(scheme, Ways::Four)); !fits)
        return fits.error();
    return std::optional{std::pair{norm, norm_shares(*norm, ways, cats)}};
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

// The norm's sample as whole counts of `n` in its shares (largest remainders, so they add to n).
std::vector<int> norm_counts(const std::vector<double>& shares, int n) {
    std::vector<int> counts;
    std::vector<std::pair<double, size_t>> remainders;
    int given = 0;
    for (size_t i = 0; i < shares.size(); ++i) {
        const double exact = shares[i] * n;
        counts.push_back(static_cast<int>(std::floor(exact)));
        given += counts.back();
        remainders.emplace_back(exact - std::floor(exact), i);
    }
    std::sort(remainders.rbegin(), remainders.rend());
    for (size_t i = 0; given < n && i < remainders.size(); ++i, ++given)
        ++counts[remainders[i].second];
    return counts;
}

// The exact test's p when it could be summed; else the chi-square's stands, and says so.
void use_exact(NormComparison& c, NormTest test, std::optional<double> p,
               std::vector<std::string>& notes) {
    if (p) {
        c.test = test;
        c.p = *p;
    } else
        notes.push_back("an expected count is below 5 but the " +
                        std::string(norm_test_name(test)) +
                        " has too many outcomes to sum: the chi-square p is approximate");
}

// Goodness of fit to the norm's shares taken as exact: chi-square, and the exact test
// (binomial or multinomial) when an expected count is below 5.
void fit_test(NormComparison& c, const std::vector<int>& counts, const std::vector<double>& shares,
              int n, std::vector<std::string>& notes) {
    for (size_t i = 0; i < counts.size(); ++i) {
        const double expected = shares[i] * n;
        if (expected <= 0) continue;
        c.chi_square += (counts[i] - expected) * (counts[i] - expected) / expected;
        c.low_expected = c.low_expected || expected < 5;
    }
    c.df = static_cast<int>(counts.size()) - 1;
    c.chi_square_p = chi_square_p(c.chi_square, c.df);
    c.test = NormTest::ChiSquareFit;
    c.p = c.chi_square_p;
    c.effective_n = n;
    if (!c.low_expected) return;
    if (counts.size() == 2)
        use_exact(c, NormTest::ExactBinomial, binomial_exact_p(counts[0], n, shares[0]), notes);
    else
        use_exact(c, NormTest::ExactMultinomial, multinomial_exact_p(counts, shares), notes);
}

// Homogeneity of this study and the norm's (small) sample as a 2 x k table: chi-square, and
// the Fisher-Freeman-Halton exact test when an expected count is below 5.
void homogeneity_test(NormComparison& c, const std::vector<int>& counts,
                      const std::vector<double>& shares, int norm_n,
                      std::vector<std::string>& notes) {
    const std::vector<int> norm = norm_counts(shares, norm_n);
    const ChiSquareTable table = chi_square_2xk(counts, norm);
    c.chi_square = table.chi_square;
    c.df = table.df;
    c.low_expected = table.low_expected;
    c.chi_square_p = chi_square_p(c.chi_square, c.df);
    c.test = NormTest::ChiSquareHomogeneity;
    c.p = c.chi_square_p;
    int n = 0;
    for (int x : counts) n += x;
    c.effective_n = static_cast<double>(n) * norm_n / (n + norm_n);
    notes.push_back("the norm's n is " + std::to_string(norm_n) + " (under " +
                    std::to_string(kNormSampleForFit) +
                    "): compared as a second sample, its counts rebuilt from its percentages");
    if (!c.low_expected) return;
    use_exact(c, NormTest::FisherFreemanHalton, fisher_freeman_halton_p(counts, norm), notes);
}

std::string two_decimals(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", x);
    return buf;
}

// What the test could have found, and what a non-significant result does not say.
void add_power(NormComparison& c, int n, std::vector<std::string>& notes) {
    if (c.df <= 0) {
        notes.push_back("only one category has any count: there is nothing to test");
        return;
    }
    c.detectable_w = detectable_effect(c.effective_n, c.df);
    c.power_at_medium = chi_square_power(0.3, c.effective_n, c.df);
    const std::string weight = c.norm_n && *c.norm_n < kNormSampleForFit
                                   ? " and the norm's own sample of " + std::to_string(*c.norm_n) +
                                         " (together worth " + two_decimals(c.effective_n) +
                                         " sessions against a norm known exactly)"
                                   : "";
    notes.push_back("power (of the chi-square test; an exact test's is about the same): with " +
                    std::to_string(n) + " sessions" + weight +
                    " it detects, with 80% power at the 5% level, only differences "
                    "from the norm of Cohen's w >= " +
                    two_decimals(c.detectable_w) +
                    " (0.1 small, 0.3 medium, 0.5 large); its power against w = 0.3 is " +
                    two_decimals(c.power_at_medium) +
                    ". A non-significant result is not evidence that the distributions agree.");
}

// The rows' expected counts under the norm, and the test that suits the norm's sample size.
void compare_with_norm(TallyTable& t, const Norm& norm, const std::vector<double>& shares) {
    std::vector<int> counts;
    for (size_t i = 0; i < t.rows.size(); ++i) {
        t.rows[i].norm_percent = 100.0 * shares[i];
        t.rows[i].expected = shares[i] * t.n;
        counts.push_back(t.rows[i].count);
    }
    if (t.n == 0) return;
    double total = 0;
    for (const auto& [code, pct] : norm.percent) total += pct;
    if (std::fabs(total - 100) > 0.05)
        t.notes.push_back("norm " + norm.id + "'s percentages add to " + two_decimals(total) +
                          ", not 100 (rounded or overlapping figures): the Norm % column rescales "
                          "them to 100");
    NormComparison c;
    c.norm_id = norm.id;
    c.norm_population = norm.population;
    c.norm_n = norm.n;
    if (norm.n && *norm.n < kNormSampleForFit)
        homogeneity_test(c, counts, shares, *norm.n, t.notes);
    else {
        fit_test(c, counts, shares, t.n, t.notes);
        if (!norm.n)
            t.notes.push_back("norm " + norm.id +
                              " gives no sample size: its percentages are taken as exact");
    }
    const bool exact = c.test != NormTest::ChiSquareFit && c.test != NormTest::ChiSquareHomogeneity;
    t.notes.push_back(std::string(norm_test_name(c.test)) + " used" +
                      (c.low_expected ? (exact ? " because an expected count is below 5"
                                               : " although an expected count is below 5")
                                      : ""));
    add_power(c, t.n, t.notes);
    t.comparison = c;
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
