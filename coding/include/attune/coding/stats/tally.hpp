#pragma once
// Classification tallies across sessions in 2-way (secure/insecure), 3-way
// (A/B/C; D counted by its forced secondary), 4-way (A/B/C/D) and subgroup form,
// optionally split by an independent variable, with exact 95% intervals and a
// comparison with a published norm from the scheme (see NormComparison).
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/scheme.hpp"
#include "attune/coding/stats/distributions.hpp"

namespace attune::stats {

enum class Ways { Two, Three, Four, Sub };
std::optional<Ways> ways_from(const std::string& s);  // "2" "3" "4" "sub"

struct TallyInput {
    std::string session;
    std::string code;
    std::optional<std::string> secondary;
    std::map<std::string, std::string> variables;
};

struct TallyRow {
    std::string category;
    int count = 0;
    double percent = 0;
    Interval ci;  // Clopper-Pearson 95%, as proportions
    std::optional<double> norm_percent, expected;
};

// How a tally was compared with a norm. A norm with a large sample (n >= 500) is taken as
// the population's proportions: a goodness-of-fit test, exact (binomial for 2 categories,
// multinomial for more) when an expected count is below 5. A norm with a small sample is a
// second sample: a test of homogeneity of the 2 x k table, the Fisher-Freeman-Halton exact
// test when an expected count is below 5. docs/statistics.md gives the references.
enum class NormTest {
    ChiSquareFit,
    ExactBinomial,
    ExactMultinomial,
    ChiSquareHomogeneity,
    FisherFreemanHalton
};
const char* norm_test_name(NormTest t);  // "exact multinomial goodness of fit", ...

constexpr int kNormSampleForFit = 500;
// The study setting naming the norm the tallies view compares with (chosen, never assumed).
inline constexpr const char* kTallyNormSetting =
    "tally_norm";  // a norm with fewer is compared as a second sample

struct NormComparison {
    std::string norm_id, norm_population;
    std::optional<int> norm_n;
    NormTest test = NormTest::ChiSquareFit;
    double p = 1;  // of `test`
    // The asymptotic chi-square of the same comparison, reported beside an exact test.
    double chi_square = 0;
    int df = 0;
    double chi_square_p = 1;
    bool low_expected = false;  // an expected count below 5
    // The chi-square test's power: the smallest Cohen's w between the study's distribution
    // and the norm's it detects with 80% power at the 5% level, and its power against
    // w = 0.3 (medium). `effective_n` is the study's n against a norm taken as exact, and
    // n1 n2 / (n1 + n2) against a second sample (the noncentrality is effective_n w^2).
    double effective_n = 0;
    double detectable_w = 0, power_at_medium = 0;
};

struct TallyTable {
    std::string by, group;  // the variable split on and this group's value ("all" when not split)
    int n = 0;              // sessions counted
    std::vector<TallyRow> rows;
    int cannot_classify = 0, unclassified_d = 0;  // left out, and why
    std::optional<NormComparison> comparison;
    std::vector<std::string> notes;  // warnings such as n < 30
};

Result<std::vector<TallyTable>> tally(const Scheme& scheme, const std::vector<TallyInput>& sessions,
                                      Ways ways, const std::optional<std::string>& by,
                                      const std::optional<std::string>& norm_id);

}  // namespace attune::stats
