// Krippendorff's alpha through the coincidence matrix, as Krippendorff (2011),
// "Computing Krippendorff's Alpha-Reliability": alpha = 1 - Do / De, computed as
// 1 - (n - 1) sum(o_ck delta2_ck) / sum(n_c n_k delta2_ck).
#include <algorithm>
#include <cmath>

#include "attune/coding/stats/multi_rater.hpp"

#include "agreement_words.hpp"

namespace attune::stats {

namespace {

using detail::count_of;
using detail::undefined;

std::string level_name(Level level) {
    switch (level) {
        case Level::Nominal:
            return "nominal";
        case Level::Ordinal:
            return "ordinal";
        case Level::Interval:
            return "interval";
        case Level::Ratio:
            return "ratio";
    }
    return "";
}

// o[c][k]: the coincidences of values[c] and values[k]; each unit with m_u >= 2 values
// adds 1 / (m_u - 1) for every ordered pair of its values from different coders.
struct Coincidences {
    std::vector<double> values;  // the distinct pairable values, ascending
    std::vector<std::vector<double>> o;
    std::vector<double> margins;  // n_c
    double n = 0;                 // pairable values
    size_t units = 0, dropped = 0;
};

std::vector<std::vector<double>> values_by_unit(
    const std::vector<std::vector<std::optional<double>>>& values) {
    size_t units = 0;
    for (const auto& coder : values) units = std::max(units, coder.size());
    std::vector<std::vector<double>> by_unit(units);
    for (const auto& coder : values)
        for (size_t u = 0; u < coder.size(); ++u)
            if (coder[u]) by_unit[u].push_back(*coder[u]);
    return by_unit;
}

Coincidences coincidences(const std::vector<std::vector<std::optional<double>>>& values) {
    Coincidences c;
    std::vector<std::vector<double>> pairable;
    for (auto& unit : values_by_unit(values)) {
        if (unit.size() >= 2)
            pairable.push_back(std::move(unit));
        else
            ++c.dropped;
    }
    for (const auto& unit : pairable) c.values.insert(c.values.end(), unit.begin(), unit.end());
    std::sort(c.values.begin(), c.values.end());
    c.values.erase(std::unique(c.values.begin(), c.values.end()), c.values.end());
    const size_t k = c.values.size();
    c.o.assign(k, std::vector<double>(k, 0));
    c.margins.assign(k, 0);
    auto index = [&](double v) {
        return size_t(std::lower_bound(c.values.begin(), c.values.end(), v) - c.values.begin());
    };
    for (const auto& unit : pairable) {
        std::vector<double> in_unit(k, 0);  // n_uc
        for (double v : unit) in_unit[index(v)] += 1;
        for (size_t a = 0; a < k; ++a)
            for (size_t b = 0; b < k; ++b)
                c.o[a][b] += in_unit[a] * (in_unit[b] - (a == b)) / (unit.size() - 1.0);
    }
    for (size_t a = 0; a < k; ++a)
        for (size_t b = 0; b < k; ++b) c.margins[a] += c.o[a][b];
    for (double m : c.margins) c.n += m;
    c.units = pairable.size();
    return c;
}

// The squared difference delta2 of values a and b (indices into c.values) at `level`.
double delta2(const Coincidences& c, Level level, size_t a, size_t b) {
    if (a == b) return 0;
    const double va = c.values[a], vb = c.values[b];
    switch (level) {
        case Level::Nominal:
            return 1;
        case Level::Ordinal: {
            const size_t lo = std::min(a, b), hi = std::max(a, b);
            double between = 0;
            for (size_t g = lo; g <= hi; ++g) between += c.margins[g];
            const double d = between - (c.margins[a] + c.margins[b]) / 2;
            return d * d;
        }
        case Level::Interval:
            return (va - vb) * (va - vb);
        case Level::Ratio:
            return va + vb == 0 ? 0 : std::pow((va - vb) / (va + vb), 2);
    }
    return 0;
}

}  // namespace

AgreementResult krippendorff_alpha(const std::vector<std::vector<std::optional<double>>>& values,
                                   Level level) {
    const auto c = coincidences(values);
    AgreementResult r;
    r.name = "Krippendorff's alpha (" + level_name(level) + ")";
    r.n = int(c.units);
    r.inputs = count_of(values.size(), "coder") + ", " + count_of(c.units, "pairable unit");
    if (c.dropped)
        r.inputs += " (" + count_of(c.dropped, "unit") + " with fewer than 2 values dropped)";
    r.inputs += ", " + count_of(size_t(std::lround(c.n)), "pairable value");
    if (values.size() < 2) return undefined(r, "fewer than 2 coders");
    if (c.units == 0) return undefined(r, "no unit has values from 2 or more coders");
    if (level == Level::Ratio && c.values.front() < 0)
        return undefined(r, "ratio data cannot be negative");
    double observed = 0, expected = 0;
    for (size_t a = 0; a < c.values.size(); ++a)
        for (size_t b = 0; b < c.values.size(); ++b) {
            observed += c.o[a][b] * delta2(c, level, a, b);
            expected += c.margins[a] * c.margins[b] * delta2(c, level, a, b);
        }
    if (expected <= 0) return undefined(r, "no variation: every pairable value is the same");
    r.value = 1 - (c.n - 1) * observed / expected;
    return r;
}

AgreementResult krippendorff_alpha(const std::vector<std::vector<std::string>>& codes,
                                   const std::vector<std::string>& categories, Level level) {
    std::vector<std::vector<std::optional<double>>> ranks;
    for (const auto& coder : codes) {
        auto& row = ranks.emplace_back();
        for (const auto& code : coder) {
            auto it = std::find(categories.begin(), categories.end(), code);
            row.push_back(it == categories.end() ? std::nullopt
                                                 : std::optional<double>(it - categories.begin()));
        }
    }
    auto r = krippendorff_alpha(ranks, level);
    if (level == Level::Interval || level == Level::Ratio) {
        r.value.reset();
        r.undefined_reason = "category codes have no distances: interval and ratio need numbers";
    }
    return r;
}

}  // namespace attune::stats
