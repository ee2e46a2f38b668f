#include "attune/coding/stats/exact_tests.hpp"

#include <cmath>
#include <functional>
#include <limits>

#include "attune/coding/stats/distributions.hpp"

namespace attune::stats {
namespace {

double log_factorial(int n) {
    return std::lgamma(n + 1.0);
}
double log_choose(int n, int k) {
    return log_factorial(n) - log_factorial(k) - log_factorial(n - k);
}
// Whether an outcome of log probability `lp` is no more probable than the observed `observed`.
bool as_extreme(double lp, double observed) {
    return lp <= observed + std::log1p(kExactTieMargin);
}

// Sums exp(lp) over the ways of spreading `total` across the columns, each column j taking
// 0..limit[j] with log weight term[j][x]; `count` counts the outcomes visited and the walk
// stops (returning false) once it passes `max_outcomes`.
struct Spread {
    const std::vector<std::vector<double>>& term;
    double offset, observed, max_outcomes;
    double sum = 0, count = 0;
    std::vector<int> room;  // room[j]: the most that columns j.. can take together

    bool walk(size_t j, int left, double acc) {
        const auto& t = term[j];
        if (j + 1 == term.size()) {
            if (left >= static_cast<int>(t.size())) return true;
            if (++count > max_outcomes) return false;
            const double lp = acc + t[static_cast<size_t>(left)] + offset;
            if (as_extreme(lp, observed)) sum += std::exp(lp);
            return true;
        }
        const int low = std::max(0, left - room[j + 1]);
        const int high = std::min(left, static_cast<int>(t.size()) - 1);
        for (int x = low; x <= high; ++x)
            if (!walk(j + 1, left - x, acc + t[static_cast<size_t>(x)])) return false;
        return true;
    }
};

std::optional<double> spread_p(const std::vector<std::vector<double>>& term, int total,
                               double offset, double observed, double max_outcomes) {
    Spread s{term, offset, observed, max_outcomes, 0, 0, std::vector<int>(term.size() + 1, 0)};
    for (size_t j = term.size(); j-- > 0;)
        s.room[j] = s.room[j + 1] + static_cast<int>(term[j].size()) - 1;
    if (term.empty() || !s.walk(0, total, 0)) return std::nullopt;
    return std::min(1.0, s.sum);
}

}  // namespace

double binomial_exact_p(int k, int n, double p) {
    if (p <= 0) return k == 0 ? 1 : 0;
    if (p >= 1) return k == n ? 1 : 0;
    auto lp = [&](int i) { return log_choose(n, i) + i * std::log(p) + (n - i) * std::log1p(-p); };
    const double observed = lp(k);
    double sum = 0;
    for (int i = 0; i <= n; ++i)
        if (as_extreme(lp(i), observed)) sum += std::exp(lp(i));
    return std::min(1.0, sum);
}

std::optional<double> multinomial_exact_p(const std::vector<int>& counts,
                                          const std::vector<double>& p, double max_outcomes) {
    int n = 0;
    for (size_t i = 0; i < counts.size(); ++i) {
        n += counts[i];
        if (p[i] <= 0 && counts[i] > 0) return 0.0;  // impossible under the proportions
    }
    std::vector<std::vector<double>> term;  // term[i][x]: x log p_i - log x!
    double observed = 0;
    for (size_t i = 0; i < counts.size(); ++i) {
        if (p[i] <= 0) continue;
        std::vector<double> t(static_cast<size_t>(n) + 1);
        for (int x = 0; x <= n; ++x)
            t[static_cast<size_t>(x)] = x * std::log(p[i]) - log_factorial(x);
        observed += t[static_cast<size_t>(counts[i])];
        term.push_back(std::move(t));
    }
    const double outcomes = std::exp(
        log_choose(n + static_cast<int>(term.size()) - 1, static_cast<int>(term.size()) - 1));
    if (outcomes > max_outcomes) return std::nullopt;
    return spread_p(term, n, log_factorial(n), observed + log_factorial(n), max_outcomes);
}

std::optional<double> fisher_freeman_halton_p(const std::vector<int>& a, const std::vector<int>& b,
                                              double max_tables) {
    int r1 = 0, total = 0;
    double observed = 0;
    std::vector<std::vector<double>> term;
    for (size_t j = 0; j < a.size(); ++j) {
        const int c = a[j] + b[j];
        if (c == 0) continue;
        r1 += a[j], total += c;
        std::vector<double> t(static_cast<size_t>(c) + 1);
        for (int x = 0; x <= c; ++x) t[static_cast<size_t>(x)] = log_choose(c, x);
        observed += t[static_cast<size_t>(a[j])];
        term.push_back(std::move(t));
    }
    if (term.size() < 2) return 1.0;
    const double offset = -log_choose(total, r1);
    return spread_p(term, r1, offset, observed + offset, max_tables);
}

ChiSquareTable chi_square_2xk(const std::vector<int>& a, const std::vector<int>& b) {
    double ra = 0, rb = 0;
    for (size_t j = 0; j < a.size(); ++j) ra += a[j], rb += b[j];
    ChiSquareTable out;
    const double total = ra + rb;
    int columns = 0;
    for (size_t j = 0; j < a.size(); ++j) {
        const double c = a[j] + b[j];
        if (c == 0) continue;
        ++columns;
        for (auto [observed, row] : {std::pair{a[j], ra}, std::pair{b[j], rb}}) {
            const double expected = row * c / total;
            if (expected <= 0) continue;
            out.chi_square += (observed - expected) * (observed - expected) / expected;
            out.low_expected = out.low_expected || expected < 5;
        }
    }
    out.df = std::max(0, columns - 1);
    return out;
}

double chi_square_critical(int df, double alpha) {
    if (df <= 0) return 0;  // no degrees of freedom: nothing to exceed
    double low = 0, high = 1;
    while (chi_square_p(high, df) > alpha) high *= 2;
    for (int i = 0; i < 200 && high - low > 1e-12 * high; ++i) {
        const double mid = (low + high) / 2;
        (chi_square_p(mid, df) > alpha ? low : high) = mid;
    }
    return (low + high) / 2;
}

// The Poisson(lambda / 2) mixture of central chi-squares with df + 2j degrees of freedom.
double noncentral_chi_square_sf(double x, int df, double lambda) {
    if (lambda <= 0) return chi_square_p(x, df);
    const double mean = lambda / 2;
    const int last = static_cast<int>(mean + 15 * std::sqrt(mean + 1) + 30);
    double sum = 0;
    for (int j = 0; j <= last; ++j) {
        const double log_weight = -mean + j * std::log(mean) - log_factorial(j);
        if (log_weight < -700) continue;
        sum += std::exp(log_weight) * gamma_q(df / 2.0 + j, x / 2);
    }
    return std::min(1.0, sum);
}

double chi_square_power(double w, double n, int df, double alpha) {
    if (df <= 0) return 0;
    return noncentral_chi_square_sf(chi_square_critical(df, alpha), df, n * w * w);
}

double detectable_effect(double n, int df, double power, double alpha) {
    if (n <= 0 || df <= 0) return std::numeric_limits<double>::infinity();
    const double critical = chi_square_critical(df, alpha);
    auto power_at = [&](double w) { return noncentral_chi_square_sf(critical, df, n * w * w); };
    double low = 0, high = 0.1;
    while (power_at(high) < power && high < 1e3) high *= 2;
    for (int i = 0; i < 100 && high - low > 1e-9; ++i) {
        const double mid = (low + high) / 2;
        (power_at(mid) < power ? low : high) = mid;
    }
    return (low + high) / 2;
}

}  // namespace attune::stats
