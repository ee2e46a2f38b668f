#include <catch2/catch.hpp>
#include <cmath>

#include "attune/coding/stats/exact_tests.hpp"

using namespace attune::stats;

namespace {
// Upper tail of a noncentral chi-square with one degree of freedom, in closed form:
// X = (Z + sqrt(lambda))^2 with Z standard normal.
double noncentral_df1_sf(double x, double lambda) {
    auto phi = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
    return phi(-std::sqrt(x) - std::sqrt(lambda)) + 1 - phi(std::sqrt(x) - std::sqrt(lambda));
}
}  // namespace

TEST_CASE("exact binomial p matches R's binom.test", "[stats][exact]") {
    // binom.test(c(682, 243), p = 3/4): p-value = 0.3825 (the example in R's documentation).
    CHECK(binomial_exact_p(682, 925, 0.75) == Approx(0.3825).margin(5e-5));
    // binom.test(7, 20): twice P(X <= 7) for Bin(20, 1/2) = 2 * 0.131588 = 0.2632.
    CHECK(binomial_exact_p(7, 20, 0.5) == Approx(0.263176).margin(1e-6));
    CHECK(binomial_exact_p(0, 10, 0.0) == 1.0);
    CHECK(binomial_exact_p(1, 10, 0.0) == 0.0);
}

TEST_CASE("exact multinomial p sums every outcome no more probable than the observed",
          "[stats][exact]") {
    // By hand, n = 3 with p = (1/2, 1/4, 1/4): P(0,0,3) = P(0,3,0) = 1/64, P(0,1,2) =
    // P(0,2,1) = 3/64, P(1,1,1) = 12/64, P(3,0,0) = 8/64 and so on. Observed (0,0,3): the
    // two outcomes of 1/64, p = 2/64. Observed (0,1,2): those and the two of 3/64, p = 8/64.
    CHECK(*multinomial_exact_p({0, 0, 3}, {0.5, 0.25, 0.25}) == Approx(2.0 / 64));
    CHECK(*multinomial_exact_p({0, 1, 2}, {0.5, 0.25, 0.25}) == Approx(8.0 / 64));
    CHECK(*multinomial_exact_p({1, 1, 1}, {0.5, 0.25, 0.25}) == Approx(1.0));
    // With two categories it is the exact binomial test.
    CHECK(*multinomial_exact_p({7, 13}, {0.5, 0.5}) == Approx(0.263176).margin(1e-6));
    CHECK(*multinomial_exact_p({2, 0}, {1.0, 0.0}) == Approx(1.0));
    CHECK(*multinomial_exact_p({1, 1}, {1.0, 0.0}) == 0.0);
    // Too many outcomes to sum: nothing rather than an hour's wait.
    CHECK_FALSE(multinomial_exact_p({500, 500, 500, 500}, {0.25, 0.25, 0.25, 0.25}, 1e6));
}

TEST_CASE("Fisher-Freeman-Halton exact p matches fisher.test and a hand count", "[stats][exact]") {
    // R's fisher.test(TeaTasting), matrix(c(3, 1, 1, 3), 2): two-sided p-value = 0.4857.
    CHECK(*fisher_freeman_halton_p({3, 1}, {1, 3}) == Approx(0.4857).margin(5e-5));
    // 2 x 3 by hand: rows (2, 0, 0) and (0, 1, 1). With these margins the first row is one
    // of (2,0,0) (1 way), (1,1,0) (2), (1,0,1) (2), (0,1,1) (1) of C(4, 2) = 6: the
    // observed and (0,1,1) are the least probable, p = 2/6.
    CHECK(*fisher_freeman_halton_p({2, 0, 0}, {0, 1, 1}) == Approx(1.0 / 3));
    CHECK(*fisher_freeman_halton_p({2, 0, 0, 0}, {0, 1, 1, 0}) == Approx(1.0 / 3));
    CHECK_FALSE(fisher_freeman_halton_p({300, 300, 300}, {300, 300, 300}, 1e4));
}

TEST_CASE("chi-square of a 2 x k table", "[stats][exact]") {
    // chisq.test(matrix(c(10, 20, 20, 10), 2), correct = FALSE): X-squared = 6.6667, df = 1.
    const ChiSquareTable t = chi_square_2xk({10, 20}, {20, 10});
    CHECK(t.chi_square == Approx(20.0 / 3));
    CHECK(t.df == 1);
    CHECK_FALSE(t.low_expected);
    const ChiSquareTable small = chi_square_2xk({2, 0, 0}, {0, 1, 1});
    CHECK(small.df == 2);
    CHECK(small.low_expected);
}

TEST_CASE("chi-square power and the smallest detectable effect", "[stats][exact][power]") {
    CHECK(chi_square_critical(1, 0.05) == Approx(3.841459).margin(1e-6));
    CHECK(chi_square_critical(3, 0.05) == Approx(7.814728).margin(1e-6));
    for (double lambda : {0.5, 3.0, 7.85, 20.0})
        CHECK(noncentral_chi_square_sf(3.841459, 1, lambda) ==
              Approx(noncentral_df1_sf(3.841459, lambda)).margin(1e-9));
    // pwr.chisq.test(w = 0.3, df = 1, power = 0.8): N = 87.21; with df = 3: N = 121.14.
    CHECK(chi_square_power(0.3, 87, 1) == Approx(0.8).margin(2e-3));
    CHECK(chi_square_power(0.3, 121, 3) == Approx(0.8).margin(2e-3));
    CHECK(detectable_effect(87, 1) == Approx(std::sqrt(0.09 * 87.21 / 87)).margin(1e-3));
    CHECK(detectable_effect(121, 3) == Approx(std::sqrt(0.09 * 121.14 / 121)).margin(1e-3));
    CHECK(std::isinf(detectable_effect(0, 3)));
}
