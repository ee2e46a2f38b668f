#pragma once
// Agreement between two coders over the same units: a k x k matrix of counts
// built from paired category codes, and the statistics read from it (Cohen's
// kappa with its standard error and 95% interval, weighted kappa, percent
// agreement, PABAK). Every result carries its name, n and a line saying what it
// was computed from; when a statistic is undefined (zero units, no variation) it
// holds no value but a plain reason. Statistics for more than two coders and for
// rating scales use the same result (multi_rater.hpp, icc.hpp).
//
// Standard error: Cohen (1960), se = sqrt(po (1 - po) / (N (1 - pe)^2)); the
// 95% interval is kappa +- 1.959964 se.
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/stats/distributions.hpp"

namespace attune::stats {

struct AgreementResult {
    std::string name;
    std::optional<double> value;  // empty when undefined
    std::optional<Interval> ci;
    int n = 0;
    std::string undefined_reason;  // set when value is empty
    std::string inputs;            // what it was computed from: "3 coders, 10 units"
};

// counts[a][b]: units coder A put in category a and coder B in category b.
struct AgreementMatrix {
    std::vector<std::vector<double>> counts;
    double total() const;
};

// Codes outside `categories` are left out (the unit does not count).
AgreementMatrix agreement_matrix(const std::vector<std::string>& coder_a,
                                 const std::vector<std::string>& coder_b,
                                 const std::vector<std::string>& categories);

enum class Weighting { Unweighted, Linear, Quadratic };

// Disagreement weights: 0 on the diagonal, larger for worse disagreement.
std::vector<std::vector<double>> disagreement_weights(Weighting w, int k);

AgreementResult percent_agreement(const AgreementMatrix& m);
AgreementResult cohen_kappa(const AgreementMatrix& m);
AgreementResult weighted_kappa(const AgreementMatrix& m, Weighting w);
// kappa_w = 1 - sum(v * observed) / sum(v * expected), Cohen (1968).
AgreementResult weighted_kappa(const AgreementMatrix& m, const std::vector<std::vector<double>>& v);
// Prevalence- and bias-adjusted kappa, Byrt, Bishop & Carlin (1993): (k po - 1) / (k - 1).
AgreementResult pabak(const AgreementMatrix& m);

}  // namespace attune::stats
