#pragma once
// ELAN annotation documents (.eaf, EAF 2.7 to 3.0; FORMATS.md section 2).
//
// Reading: one document is one observation. Each annotation becomes an event whose
// subject is its tier's id and whose behaviour is its value, so the mapping step maps a
// tier x value to a scheme behaviour. Times: time slots without TIME_VALUE are spaced
// evenly between the aligned slots around them on their tier (ELAN's own layout of
// Time_Subdivision children); a REF_ANNOTATION takes its parent's interval, and the
// annotations of one Symbolic_Subdivision chain split it evenly in chain order. A code
// whose every annotation has zero length is a point event, every other a state. Controlled
// vocabularies add their entries (with descriptions) to the ethogram. The first
// MEDIA_DESCRIPTOR (a video one when there is one) is the medium, found through
// RELATIVE_MEDIA_URL beside the document when it is there; its TIME_ORIGIN (the media
// position at annotation time 0) is the observation's offset.
//
// Writing: EAF 3.0 that validates against EAFv3.0.xsd, one tier per subject (an Attune
// export passes "subject.behaviour" tiers), integer-ms time slots all aligned, ELAN's
// URN and lastUsedAnnotationId properties, the four standard constraints, and a
// controlled vocabulary of the given behaviours when there are any. A point is a zero-
// length annotation; a state with no stop cannot be written and is counted in `skipped`.
//
// Any malformed document is one error naming what is wrong; no DTD entity is expanded.
#include <string>
#include <vector>

#include "attune/coding/interop/foreign.hpp"
#include "attune/result.hpp"

namespace attune::interop {

Result<ForeignProject> parse_eaf(std::string xml, const std::string& id,
                                 const std::string& folder = "");
Result<ForeignProject> read_eaf(const std::string& path);

struct EafOutput {
    std::string xml;
    size_t skipped = 0;  // states without a stop
};
// `vocabulary`: the codes for the controlled vocabulary (none: no vocabulary).
EafOutput write_eaf(const ForeignObservation& observation,
                    const std::vector<ForeignBehaviour>& vocabulary, const std::string& author,
                    const std::string& date_time);

}  // namespace attune::interop
