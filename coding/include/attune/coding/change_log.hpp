#pragma once
// The study's change log as people read it: every change set with who made it, with
// which program, in which pass, and whether it is applied, undone or dropped. The
// workstation's Ctrl+Z reaches only its own coder's changes; everything else (an
// import, another program's write) is reverted by naming it here (attune-cli changes,
// then attune-cli revert --change N).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/study.hpp"

namespace attune {

struct ChangeRecord {
    int64_t id = 0;
    std::string at, who, program, label, status;
    std::optional<int64_t> pass_id;    // none for study-level changes
    std::string session, coder, role;  // of the pass, when there is one
    int64_t rows = 0;                  // row changes it made
};

// Newest first; only the changes in `pass_id` when given.
std::vector<ChangeRecord> list_changes(Study& study, std::optional<int64_t> pass_id = {});

}  // namespace attune
