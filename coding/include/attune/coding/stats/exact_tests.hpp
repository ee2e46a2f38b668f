#pragma once
// The tests behind a comparison with a norm when counts are small, and the power of the
// chi-square test: exact binomial and multinomial goodness of fit, the Fisher-Freeman-
// Halton exact test of a 2 x k table, the 2 x k chi-square, and the noncentral chi-square
// that says what a study of n could have detected. Written here and tested against R's
// values and hand computations (docs/statistics.md names each one's reference).
#include <optional>
#include <vector>

namespace attune::stats {

// Outcomes whose probability is within this relative margin of the observed one count as
// "as probable" (R's binom.test and fisher.test use the same 1e-7).
constexpr double kExactTieMargin = 1e-7;

// Two-sided exact binomial p of k successes in n with success probability p: the summed
// probability of every k' no more probable than k (R's binom.test).
double binomial_exact_p(int k, int n, double p);

// Exact multinomial goodness of fit of `counts` to the proportions `p` (which add to 1):
// the summed probability of every outcome with the same total no more probable than the
// observed one. Nothing when there are more than `max_outcomes` outcomes to sum.
std::optional<double> multinomial_exact_p(const std::vector<int>& counts,
                                          const std::vector<double>& p, double max_outcomes = 3e7);

// Fisher-Freeman-Halton exact test of the 2 x k table with rows `a` and `b`: the summed
// hypergeometric probability of every table with the same margins no more probable than
// the observed one (R's fisher.test). Nothing when there are more than `max_tables`.
std::optional<double> fisher_freeman_halton_p(const std::vector<int>& a, const std::vector<int>& b,
                                              double max_tables = 3e7);

// Pearson's chi-square of the 2 x k table with rows `a` and `b` (columns with no count in
// either row are left out), its degrees of freedom and whether an expected count is below 5.
struct ChiSquareTable {
    double chi_square = 0;
    int df = 0;
    bool low_expected = false;
};
ChiSquareTable chi_square_2xk(const std::vector<int>& a, const std::vector<int>& b);

// The chi-square value exceeded with probability `alpha` at `df` degrees of freedom.
double chi_square_critical(int df, double alpha);
// Upper tail of the noncentral chi-square with `df` degrees of freedom and noncentrality
// `lambda`: P(X > x).
double noncentral_chi_square_sf(double x, int df, double lambda);
// Power of a chi-square test at level `alpha` against Cohen's effect size `w` with `n`
// observations (noncentrality n w^2).
double chi_square_power(double w, double n, int df, double alpha = 0.05);
// The smallest Cohen's w the test detects with probability `power` at level `alpha`.
double detectable_effect(double n, int df, double power = 0.8, double alpha = 0.05);

}  // namespace attune::stats
