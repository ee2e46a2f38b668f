#pragma once
// Classification tallies across sessions in 2-way (secure/insecure), 3-way
// (A/B/C; D counted by its forced secondary), 4-way (A/B/C/D) and subgroup form,
// optionally split by an independent variable, with exact 95% intervals and a
// chi-square goodness-of-fit test against a published norm from the scheme.
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

struct GoodnessOfFit {
    std::string norm_id, norm_population;
    int norm_n = 0;
    double chi_square = 0;
    int df = 0;
    double p = 1;
    bool low_expected = false;  // an expected count below 5: the chi-square approximation is rough
};

struct TallyTable {
    std::string by, group;  // the variable split on and this group's value ("all" when not split)
    int n = 0;              // sessions counted
    std::vector<TallyRow> rows;
    int cannot_classify = 0, unclassified_d = 0;  // left out, and why
    std::optional<GoodnessOfFit> test;
    std::vector<std::string> notes;  // warnings such as n < 30
};

Result<std::vector<TallyTable>> tally(const Scheme& scheme, const std::vector<TallyInput>& sessions,
                                      Ways ways, const std::optional<std::string>& by,
                                      const std::optional<std::string>& norm_id);

}  // namespace attune::stats
