// Shrout & Fleiss (1979) intraclass correlations from the two-way ANOVA of a
// targets x judges table, with their F-based 95% intervals.
#include "attune/coding/stats/icc.hpp"

#include <algorithm>
#include <cmath>

#include "attune/coding/stats/distributions.hpp"

#include "agreement_words.hpp"

namespace attune::stats {

namespace {

using detail::count_of;
using detail::undefined;

std::string form_name(IccForm form) {
    return form == IccForm::TwoWayRandomAbsoluteSingle
               ? "ICC(2,1) two-way random, absolute agreement, single rater"
               : "ICC(3,1) two-way mixed, consistency, single rater";
}

// The p quantile of the F distribution with d1 and d2 degrees of freedom, from
// the inverse regularized incomplete beta function: F = d2 x / (d1 (1 - x)).
double f_quantile(double p, double d1, double d2) {
    const double x = beta_i_inverse(d1 / 2, d2 / 2, p);
    return d2 * x / (d1 * (1 - x));
}

// Mean squares of the two-way ANOVA without replication.
struct MeanSquares {
    double targets = 0, judges = 0, error = 0;  // BMS, JMS, EMS
    double n = 0, k = 0;                        // targets, judges
};

MeanSquares mean_squares(const std::vector<std::vector<double>>& x) {
    MeanSquares ms;
    ms.n = double(x.size());
    ms.k = double(x[0].size());
    std::vector<double> row(x.size(), 0), column(x[0].size(), 0);
    double grand = 0;
    for (size_t t = 0; t < x.size(); ++t)
        for (size_t j = 0; j < x[t].size(); ++j) {
            row[t] += x[t][j] / ms.k;
            column[j] += x[t][j] / ms.n;
            grand += x[t][j] / (ms.n * ms.k);
        }
    double ss_targets = 0, ss_judges = 0, ss_total = 0;
    for (double m : row) ss_targets += ms.k * (m - grand) * (m - grand);
    for (double m : column) ss_judges += ms.n * (m - grand) * (m - grand);
    for (const auto& r : x)
        for (double v : r) ss_total += (v - grand) * (v - grand);
    ms.targets = ss_targets / (ms.n - 1);
    ms.judges = ss_judges / (ms.k - 1);
    ms.error = std::max(0.0, ss_total - ss_targets - ss_judges) / ((ms.n - 1) * (ms.k - 1));
    return ms;
}

constexpr double kUpper = 0.975;  // 1 - alpha / 2 for a 95% interval

// Shrout & Fleiss (1979): F0 = BMS / EMS on (n - 1, (n - 1)(k - 1)) df.
Interval consistency_interval(const MeanSquares& ms) {
    const double f0 = ms.targets / ms.error, d1 = ms.n - 1, d2 = (ms.n - 1) * (ms.k - 1);
    const double fl = f0 / f_quantile(kUpper, d1, d2), fu = f0 * f_quantile(kUpper, d2, d1);
    return {(fl - 1) / (fl + ms.k - 1), (fu - 1) / (fu + ms.k - 1)};
}

// Shrout & Fleiss (1979) for ICC(2,1): Satterthwaite's df v for the
// denominator mix of JMS and EMS, then the bounds from F(n - 1, v) and F(v, n - 1).
Interval absolute_interval(const MeanSquares& ms, double rho) {
    const double n = ms.n, k = ms.k, fj = ms.judges / ms.error;
    const double mix = n * (1 + (k - 1) * rho) - k * rho;
    const double v = (k - 1) * (n - 1) * (k * rho * fj + mix) * (k * rho * fj + mix) /
                     ((n - 1) * k * k * rho * rho * fj * fj + mix * mix);
    const double f_low = f_quantile(kUpper, n - 1, v), f_high = f_quantile(kUpper, v, n - 1);
    const double spread = k * ms.judges + (k * n - k - n) * ms.error;
    return {n * (ms.targets - f_low * ms.error) / (f_low * spread + n * ms.targets),
            n * (f_high * ms.targets - ms.error) / (spread + n * f_high * ms.targets)};
}

}  // namespace

AgreementResult icc(const std::vector<std::vector<std::optional<double>>>& ratings, IccForm form) {
    size_t judges = 0;
    for (const auto& target : ratings) judges = std::max(judges, target.size());
    std::vector<std::vector<double>> complete;
    for (const auto& target : ratings)
        if (target.size() == judges && std::all_of(target.begin(), target.end(),
                                                   [](const auto& v) { return v.has_value(); })) {
            auto& row = complete.emplace_back();
            for (const auto& v : target) row.push_back(*v);
        }
    AgreementResult r;
    r.name = form_name(form);
    r.n = int(complete.size());
    r.inputs = count_of(judges, "judge") + ", " + count_of(complete.size(), "complete target");
    if (ratings.size() > complete.size())
        r.inputs +=
            " (" + count_of(ratings.size() - complete.size(), "incomplete target") + " dropped)";
    if (judges < 2) return undefined(r, "fewer than 2 judges");
    if (complete.size() < 2) return undefined(r, "fewer than 2 complete targets");
    const auto ms = mean_squares(complete);
    const double k = ms.k, n = ms.n;
    const double denominator =
        form == IccForm::TwoWayRandomAbsoluteSingle
            ? ms.targets + (k - 1) * ms.error + k * (ms.judges - ms.error) / n
            : ms.targets + (k - 1) * ms.error;
    if (denominator <= 0) return undefined(r, "no variation: every target got the same ratings");
    r.value = (ms.targets - ms.error) / denominator;
    // No residual, or targets whose means are all equal: the F ratios are infinite or zero
    // (Satterthwaite's df is then 0), so there is no interval.
    if (ms.error <= 0 || ms.targets <= 0) return r;
    const Interval ci = form == IccForm::TwoWayRandomAbsoluteSingle
                            ? absolute_interval(ms, *r.value)
                            : consistency_interval(ms);
    if (std::isfinite(ci.low) && std::isfinite(ci.high)) r.ci = ci;
    return r;
}

}  // namespace attune::stats
