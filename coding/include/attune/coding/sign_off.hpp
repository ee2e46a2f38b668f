#pragma once
// A supervisor's sign-off locks a coding pass: from then on every write path (the
// workstation, attune-cli, imports, undo and redo) is refused by the study file itself
// (BEFORE triggers, study format 4) with a message saying how to unlock. Unlocking needs
// a reason. Both are study-level changes, so no coder's undo takes them back, and both
// stay in the pass's sign-off history and the audit log.
//
// The name recorded is the study user's (--user, or the workstation's coder name): a
// desktop file cannot check who that is (docs/roles.md).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/study.hpp"

namespace attune {

struct SignOffRecord {
    bool sign_off = true;  // false: an unlock
    std::string who, at, reason;
};

// Refused when the pass is already signed off, or when the study user coded it.
Status sign_off_pass(Study& study, int64_t pass_id);
// Refused when the pass is not signed off, or the reason is empty.
Status unlock_pass(Study& study, int64_t pass_id, const std::string& reason);

// The sign-off in force (the newest record when it is a sign-off), if any.
std::optional<SignOffRecord> pass_sign_off(Study& study, int64_t pass_id);
std::vector<SignOffRecord> sign_off_history(Study& study, int64_t pass_id);

}  // namespace attune
