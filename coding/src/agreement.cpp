// The two-coder agreement matrix and the statistics read from it.
#include "attune/coding/stats/agreement.hpp"

#include <algorithm>
#include <cmath>

namespace attune::stats {

namespace {

int index_of(const std::vector<std::string>& categories, const std::string& code) {
    auto it = std::find(categories.begin(), categories.end(), code);
    return it == categories.end() ? -1 : int(it - categories.begin());
}

std::string two_coders(int n) {
    return "2 coders, " + std::to_string(n) + (n == 1 ? " unit" : " units");
}

AgreementResult undefined(std::string name, int n, std::string reason) {
    AgreementResult r;
    r.name = std::move(name);
    r.n = n;
    r.inputs = two_coders(n);
    r.undefined_reason = std::move(reason);
    return r;
}

AgreementResult defined(std::string name, int n, double value) {
    AgreementResult r;
    r.name = std::move(name);
    r.n = n;
    r.inputs = two_coders(n);
    r.value = value;
    return r;
}

// sum over cells of v[a][b] * observed and v[a][b] * expected (from margins), as proportions.
struct WeightedSums {
    double observed = 0, expected = 0;
};

WeightedSums weighted_sums(const AgreementMatrix& m, const std::vector<std::vector<double>>& v) {
    const double total = m.total();
    const size_t k = m.counts.size();
    std::vector<double> rows(k, 0), columns(k, 0);
    for (size_t a = 0; a < k; ++a)
        for (size_t b = 0; b < k; ++b) {
            rows[a] += m.counts[a][b] / total;
            columns[b] += m.counts[a][b] / total;
        }
    WeightedSums sums;
    for (size_t a = 0; a < k; ++a)
        for (size_t b = 0; b < k; ++b) {
            sums.observed += v[a][b] * m.counts[a][b] / total;
            sums.expected += v[a][b] * rows[a] * columns[b];
        }
    return sums;
}

}  // namespace

double AgreementMatrix::total() const {
    double sum = 0;
    for (const auto& row : counts)
        for (double c : row) sum += c;
    return sum;
}

AgreementMatrix agreement_matrix(const std::vector<std::string>& coder_a,
                                 const std::vector<std::string>& coder_b,
                                 const std::vector<std::string>& categories) {
    const size_t k = categories.size();
    AgreementMatrix m{std::vector<std::vector<double>>(k, std::vector<double>(k, 0))};
    const size_t units = std::min(coder_a.size(), coder_b.size());
    for (size_t u = 0; u < units; ++u) {
        int a = index_of(categories, coder_a[u]), b = index_of(categories, coder_b[u]);
        if (a >= 0 && b >= 0) m.counts[a][b] += 1;
    }
    return m;
}

std::vector<std::vector<double>> disagreement_weights(Weighting w, int k) {
    std::vector<std::vector<double>> v(k, std::vector<double>(k, 0));
    for (int a = 0; a < k; ++a)
        for (int b = 0; b < k; ++b) {
            double distance = std::abs(a - b);
            if (w == Weighting::Unweighted) v[a][b] = distance > 0 ? 1 : 0;
            if (w == Weighting::Linear) v[a][b] = distance;
            if (w == Weighting::Quadratic) v[a][b] = distance * distance;
        }
    return v;
}

AgreementResult percent_agreement(const AgreementMatrix& m) {
    const int n = int(m.total());
    if (n == 0) return undefined("percent agreement", 0, "no units coded by both coders");
    auto sums = weighted_sums(m, disagreement_weights(Weighting::Unweighted, int(m.counts.size())));
    return defined("percent agreement", n, 100 * (1 - sums.observed));
}

AgreementResult cohen_kappa(const AgreementMatrix& m) {
    const int n = int(m.total());
    if (n == 0) return undefined("Cohen's kappa", 0, "no units coded by both coders");
    auto sums = weighted_sums(m, disagreement_weights(Weighting::Unweighted, int(m.counts.size())));
    const double po = 1 - sums.observed, pe = 1 - sums.expected;
    if (pe >= 1)
        return undefined("Cohen's kappa", n, "no variation: both coders used a single category");
    auto r = defined("Cohen's kappa", n, (po - pe) / (1 - pe));
    const double se = std::sqrt(po * (1 - po) / (n * (1 - pe) * (1 - pe)));
    // Kappa cannot leave -1..1; with few units the normal interval would (0.58 +- 0.73 reads
    // as [-0.15, 1.31]), so its ends are held to that range.
    r.ci =
        Interval{std::max(-1.0, *r.value - 1.959964 * se), std::min(1.0, *r.value + 1.959964 * se)};
    return r;
}

AgreementResult weighted_kappa(const AgreementMatrix& m, Weighting w) {
    return weighted_kappa(m, disagreement_weights(w, int(m.counts.size())));
}

AgreementResult weighted_kappa(const AgreementMatrix& m,
                               const std::vector<std::vector<double>>& v) {
    const int n = int(m.total());
    if (n == 0) return undefined("weighted kappa", 0, "no units coded by both coders");
    auto sums = weighted_sums(m, v);
    if (sums.expected <= 0)
        return undefined("weighted kappa", n, "no variation: no disagreement is expected");
    return defined("weighted kappa", n, 1 - sums.observed / sums.expected);
}

AgreementResult pabak(const AgreementMatrix& m) {
    const int n = int(m.total());
    const int k = int(m.counts.size());
    if (n == 0) return undefined("PABAK", 0, "no units coded by both coders");
    if (k < 2) return undefined("PABAK", n, "fewer than two categories");
    const double po = *percent_agreement(m).value / 100;
    return defined("PABAK", n, (k * po - 1) / (k - 1));
}

}  // namespace attune::stats
