#pragma once
// The limit every classification carries: one line, shown on the classification screen and
// the Tallies screen, printed in session reports and written into exports.

namespace attune {

// That a classification (D above all) is a research measure, not a clinical diagnosis nor
// evidence of maltreatment (Granqvist et al. 2017).
const char* research_use_caution();

}  // namespace attune
