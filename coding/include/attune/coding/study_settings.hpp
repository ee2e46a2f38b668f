#pragma once
// The study's own conventions, by name: settings a supervisor chooses for the whole
// study (which sessions are double-coded, the reliability criterion). Each value is text
// (JSON where it has parts); setting one is a study-level change, audited like any other.
#include <optional>
#include <string>

#include "attune/coding/study.hpp"

namespace attune {

std::optional<std::string> study_setting(Study& study, const std::string& name);
// Sets (or, with nullopt, removes) the setting; one study-level change labelled `label`.
Status set_study_setting(Study& study, const std::string& name,
                         const std::optional<std::string>& value, const std::string& label);

}  // namespace attune
