#pragma once
// The printable handout of a feedback visit (issue 14 point 5): one A4 page with the visit
// plan's freeze frames and their captions, in plan order, for the family to keep. Drawn
// with cairo's PDF surface and written under a temporary name until complete.
#include <string>
#include <vector>

#include "attune/result.hpp"

namespace attune::report {

struct HandoutStill {
    std::string png;  // the still, a PNG file
    std::string title, caption;
};

struct Handout {
    std::string heading;  // e.g. "Moments from our visit"
    std::string note;     // one line under the heading
    std::vector<HandoutStill> stills;
    std::string footer;
};

// Writes the handout as a one-page PDF; the stills shrink to fit however many there are.
Status write_handout_pdf(const Handout& handout, const std::string& pdf_path);

}  // namespace attune::report
