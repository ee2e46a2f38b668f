#pragma once
// The special functions behind the tallies' p-values and intervals, written
// here (not from a statistics library) and tested against published values.
namespace attune::stats {

// Regularized lower and upper incomplete gamma functions P(a, x) and Q(a, x) = 1 - P(a, x).
double gamma_p(double a, double x);
double gamma_q(double a, double x);

// Upper tail of the chi-square distribution: P(X >= x) with `df` degrees of freedom.
double chi_square_p(double x, int df);

// Regularized incomplete beta function I_x(a, b), and its inverse in x.
double beta_i(double a, double b, double x);
double beta_i_inverse(double a, double b, double p);

struct Interval {
    double low = 0, high = 1;
};
// Exact (Clopper-Pearson) confidence interval for k successes out of n.
Interval clopper_pearson(int k, int n, double confidence = 0.95);

}  // namespace attune::stats
