#pragma once
// Per-connection state of a Study, shared by the files that implement it: what the
// audit triggers read through SQL functions (user, program, change, action) and what
// the file boundary knows about the file (its identity on disk, why writes stop).
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/study.hpp"

namespace attune {

struct Study::Connection {
    std::string user;
    std::string program;
    std::optional<int64_t> change_id;
    std::string action = "migrate";
    std::vector<std::string> notices;
    std::optional<std::string> unsaved, write_block;
    std::optional<std::pair<dev_t, ino_t>> file;  // the file opened (none in memory)
    bool replaced = false;     // the path names another file now: never write again
    bool log_emptied = false;  // and our write-ahead log was emptied (safe to reopen)
    bool wrote = false;        // this connection committed a change (checkpoint on close)
};

namespace detail {
// Sets the change the audit triggers tag rows with for one scope, and clears it after.
struct ChangeTag {
    Study::Connection& c;
    ChangeTag(Study::Connection& conn, int64_t change, const char* action) : c(conn) {
        c.change_id = change;
        c.action = action;
    }
    ~ChangeTag() {
        c.change_id.reset();
        c.action = "migrate";
    }
    ChangeTag(const ChangeTag&) = delete;
    ChangeTag& operator=(const ChangeTag&) = delete;
};
}  // namespace detail

}  // namespace attune
