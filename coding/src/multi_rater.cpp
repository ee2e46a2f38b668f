// Fleiss', Light's and Krippendorff's agreement among two or more coders.
#include "attune/coding/stats/multi_rater.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "agreement_words.hpp"

namespace attune::stats {

namespace {

using detail::count_of;
using detail::undefined;

AgreementResult result(std::string name, int n, std::string inputs) {
    AgreementResult r;
    r.name = std::move(name);
    r.n = n;
    r.inputs = std::move(inputs);
    return r;
}

// The units with a code in `categories` from every one of the `coders` coders.
std::vector<std::vector<std::string>> complete_units(
    const std::vector<std::vector<std::string>>& codes, const std::vector<std::string>& categories,
    size_t coders) {
    auto known = [&](const std::string& code) {
        return std::find(categories.begin(), categories.end(), code) != categories.end();
    };
    std::vector<std::vector<std::string>> complete;
    for (const auto& unit : codes)
        if (unit.size() == coders && std::all_of(unit.begin(), unit.end(), known))
            complete.push_back(unit);
    return complete;
}

size_t coder_count(const std::vector<std::vector<std::string>>& codes) {
    size_t coders = 0;
    for (const auto& unit : codes) coders = std::max(coders, unit.size());
    return coders;
}

std::string units_line(size_t coders, size_t complete, size_t all) {
    std::string line = count_of(coders, "coder") + ", " + count_of(complete, "complete unit");
    if (all > complete) line += " (" + count_of(all - complete, "incomplete unit") + " dropped)";
    return line;
}

}  // namespace

AgreementResult fleiss_kappa(const std::vector<std::vector<int>>& counts) {
    const char* name = "Fleiss' kappa";
    const size_t units = counts.size();
    const int raters = units ? std::accumulate(counts[0].begin(), counts[0].end(), 0) : 0;
    auto r = result(name, int(units),
                    count_of(size_t(raters), "rating") + " per unit, " + count_of(units, "unit"));
    if (units == 0) return undefined(r, "no units");
    if (raters < 2) return undefined(r, "fewer than 2 ratings per unit");
    std::vector<double> category_totals(counts[0].size(), 0);
    double agreement = 0;  // sum over units of P_i, the share of agreeing rater pairs
    for (size_t u = 0; u < units; ++u) {
        const int total = std::accumulate(counts[u].begin(), counts[u].end(), 0);
        if (counts[u].size() != category_totals.size())
            return undefined(r, "unit " + std::to_string(u + 1) +
                                    " has a different number of categories from unit 1");
        if (total != raters)
            return undefined(r, "units have different numbers of ratings (unit 1 has " +
                                    std::to_string(raters) + ", unit " + std::to_string(u + 1) +
                                    " has " + std::to_string(total) + ")");
        double pairs = 0;
        for (size_t j = 0; j < counts[u].size(); ++j) {
            pairs += double(counts[u][j]) * (counts[u][j] - 1);
            category_totals[j] += counts[u][j];
        }
        agreement += pairs / (double(raters) * (raters - 1));
    }
    const double p_bar = agreement / units;
    double p_e = 0;
    for (double t : category_totals) p_e += (t / (units * raters)) * (t / (units * raters));
    if (p_e >= 1) return undefined(r, "no variation: every rating is in one category");
    r.value = (p_bar - p_e) / (1 - p_e);
    return r;
}

AgreementResult fleiss_kappa(const std::vector<std::vector<std::string>>& codes,
                             const std::vector<std::string>& categories) {
    const size_t coders = coder_count(codes);
    const auto complete = complete_units(codes, categories, coders);
    const std::string line = units_line(coders, complete.size(), codes.size());
    if (coders < 2) return undefined(result("Fleiss' kappa", 0, line), "fewer than 2 coders");
    std::vector<std::vector<int>> counts;
    for (const auto& unit : complete) {
        std::vector<int> row(categories.size(), 0);
        for (const auto& code : unit)
            ++row[std::find(categories.begin(), categories.end(), code) - categories.begin()];
        counts.push_back(row);
    }
    auto r = fleiss_kappa(counts);
    r.inputs = line;
    if (complete.empty()) r.undefined_reason = "no complete units (each unit needs every coder)";
    return r;
}

AgreementResult light_kappa(const std::vector<std::vector<std::string>>& codes,
                            const std::vector<std::string>& categories) {
    const size_t coders = coder_count(codes);
    const auto complete = complete_units(codes, categories, coders);
    auto r = result("Light's kappa", int(complete.size()),
                    units_line(coders, complete.size(), codes.size()));
    if (coders < 2) return undefined(r, "fewer than 2 coders");
    if (complete.empty()) return undefined(r, "no complete units (each unit needs every coder)");
    auto column = [&](size_t c) {
        std::vector<std::string> out;
        for (const auto& unit : complete) out.push_back(unit[c]);
        return out;
    };
    double sum = 0;
    for (size_t a = 0; a < coders; ++a)
        for (size_t b = a + 1; b < coders; ++b) {
            auto kappa = cohen_kappa(agreement_matrix(column(a), column(b), categories));
            if (!kappa.value)
                return undefined(r, "Cohen's kappa of coders " + std::to_string(a + 1) + " and " +
                                        std::to_string(b + 1) +
                                        " is undefined: " + kappa.undefined_reason);
            sum += *kappa.value;
        }
    r.value = sum / (coders * (coders - 1) / 2.0);
    return r;
}

}  // namespace attune::stats
