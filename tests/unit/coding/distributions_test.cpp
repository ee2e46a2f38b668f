#include "attune/coding/stats/distributions.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace attune::stats;

TEST_CASE("chi-square upper tail at published critical values", "[stats]") {
    // Critical values from standard chi-square tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.4).
    CHECK(chi_square_p(3.841, 1) == Approx(0.05).margin(1e-4));
    CHECK(chi_square_p(6.635, 1) == Approx(0.01).margin(1e-4));
    CHECK(chi_square_p(5.991, 2) == Approx(0.05).margin(1e-4));
    CHECK(chi_square_p(7.815, 3) == Approx(0.05).margin(1e-4));
    CHECK(chi_square_p(11.345, 3) == Approx(0.01).margin(1e-4));
    CHECK(chi_square_p(11.070, 5) == Approx(0.05).margin(1e-4));
    CHECK(chi_square_p(0.0, 3) == 1.0);
}

TEST_CASE("regularized gamma against closed forms", "[stats]") {
    for (double x : {0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0}) {
        INFO("x = " << x);
        CHECK(gamma_p(1.0, x) == Approx(1 - std::exp(-x)).epsilon(1e-12));  // exponential
        CHECK(gamma_p(0.5, x) == Approx(std::erf(std::sqrt(x))).epsilon(1e-12));
        CHECK(gamma_q(2.0, x) == Approx((1 + x) * std::exp(-x)).epsilon(1e-10));
        // Q(3, x) = e^-x (1 + x + x^2/2) and Q(1.5, x) = erfc(sqrt x) + 2 sqrt(x/pi) e^-x:
        // both branches (series below a + 1, continued fraction above) against closed forms.
        const double q3 = std::exp(-x) * (1 + x + x * x / 2);
        CHECK(gamma_q(3.0, x) == Approx(q3).epsilon(1e-10));
        CHECK(gamma_p(3.0, x) == Approx(1 - q3).epsilon(1e-10).margin(1e-14));
        const double q15 = std::erfc(std::sqrt(x)) + 2 * std::sqrt(x / M_PI) * std::exp(-x);
        CHECK(gamma_q(1.5, x) == Approx(q15).epsilon(1e-10).margin(1e-15));
    }
}

TEST_CASE("incomplete beta against closed forms", "[stats]") {
    for (double x : {0.05, 0.3, 0.5, 0.9}) {
        CHECK(beta_i(1, 1, x) == Approx(x).epsilon(1e-12));
        CHECK(beta_i(2, 1, x) == Approx(x * x).epsilon(1e-12));
        CHECK(beta_i(1, 3, x) == Approx(1 - std::pow(1 - x, 3)).epsilon(1e-12));
        CHECK(beta_i_inverse(2, 5, beta_i(2, 5, x)) == Approx(x).epsilon(1e-9));
    }
}

TEST_CASE("Clopper-Pearson intervals match R's binom.test", "[stats]") {
    // binom.test(7, 20)$conf.int = 0.1539092 0.5921885
    auto a = clopper_pearson(7, 20);
    CHECK(a.low == Approx(0.1539092).margin(1e-7));
    CHECK(a.high == Approx(0.5921885).margin(1e-7));
    // binom.test(0, 10): upper = 1 - 0.025^(1/10) = 0.3084971
    auto b = clopper_pearson(0, 10);
    CHECK(b.low == 0.0);
    CHECK(b.high == Approx(0.3084971).margin(1e-7));
    auto c = clopper_pearson(10, 10);
    CHECK(c.low == Approx(0.6915029).margin(1e-7));
    CHECK(c.high == 1.0);
    // binom.test(1, 2)$conf.int = 0.01257912 0.98742088
    auto d = clopper_pearson(1, 2);
    CHECK(d.low == Approx(0.01257912).margin(1e-7));
    CHECK(d.high == Approx(0.98742088).margin(1e-7));
}
