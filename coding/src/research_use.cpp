#include "attune/coding/research_use.hpp"

namespace attune {

const char* research_use_caution() {
    return "An attachment classification, and disorganization (D) above all, is a research "
           "measure. It is not a clinical diagnosis and it is not evidence that a child has been "
           "maltreated (Granqvist et al., 2017, Attachment & Human Development 19:534-558).";
}

}  // namespace attune
