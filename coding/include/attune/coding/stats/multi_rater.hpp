#pragma once
// Agreement among two or more coders over the same units, for category codes:
// Fleiss' kappa (Fleiss 1971), Light's kappa (Light 1971: the mean of the
// pairwise Cohen's kappas of agreement.hpp) and Krippendorff's alpha
// (Krippendorff 2011) at the nominal, ordinal, interval and ratio level, with
// missing values. Results are AgreementResults: name, value, n, inputs and, when
// undefined, a plain reason. ICC for rating scales is in icc.hpp.
//
// Codes are strings as in agreement.hpp; a code outside `categories` (an empty
// string, say) is missing. Fleiss and Light need complete units: a unit lacking
// any coder's code is dropped and the count of dropped units is in `inputs`.
// Krippendorff's alpha uses every unit with two or more values.
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/stats/agreement.hpp"

namespace attune::stats {

// counts[u][j]: how many raters put unit u in category j. Every unit needs the
// same number of ratings (at least 2); the raters need not be the same people.
AgreementResult fleiss_kappa(const std::vector<std::vector<int>>& counts);
// codes[u][c]: coder c's code for unit u (units x coders).
AgreementResult fleiss_kappa(const std::vector<std::vector<std::string>>& codes,
                             const std::vector<std::string>& categories);

// Mean Cohen's kappa over all pairs of coders, on the complete units (as R irr's
// kappam.light). Undefined when any pair's kappa is.
AgreementResult light_kappa(const std::vector<std::vector<std::string>>& codes,
                            const std::vector<std::string>& categories);

enum class Level { Nominal, Ordinal, Interval, Ratio };

// values[c][u]: coder c's value for unit u (coders x units); empty = missing.
// Ordinal ranks the values by size; ratio needs values >= 0.
AgreementResult krippendorff_alpha(const std::vector<std::vector<std::optional<double>>>& values,
                                   Level level);
// codes[c][u] (coders x units), ranked by their order in `categories`; nominal
// or ordinal only (interval and ratio need numbers).
AgreementResult krippendorff_alpha(const std::vector<std::vector<std::string>>& codes,
                                   const std::vector<std::string>& categories, Level level);

}  // namespace attune::stats
