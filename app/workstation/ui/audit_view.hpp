#pragma once
// The audit log for a supervisor: who changed what and when, newest first, filtered by
// pass and by coder, and the check of its hash chain (intact, or the first row that was
// changed behind the program's back). Read in the background on its own connection;
// looking never writes.
#include <string>
#include <vector>

#include "attune/coding/audit_trail.hpp"
#include "task_runner.hpp"
#include "workbench.hpp"

namespace attune::app::ui {

struct AuditPage {
    std::vector<AuditEntry> entries;
    std::vector<std::pair<int64_t, std::string>> passes;  // id, "P01: alice primary"
};

class AuditView {
  public:
    void draw(const ViewContext& cx);

  private:
    void load(const ViewContext& cx);
    void draw_filters(const ViewContext& cx);
    void draw_verdict(const ViewContext& cx);
    std::string pass_name(std::optional<int64_t> id) const;

    Task<AuditPage> loading_;
    Task<AuditVerdict> verifying_;
    AuditPage page_;
    std::optional<AuditVerdict> verdict_;
    std::optional<int64_t> pass_filter_;
    std::string who_filter_;
    std::string loaded_for_;  // study path, data version and filters of page_
    uint64_t loaded_changes_ = UINT64_MAX;
    int last_frame_ = -10;
};

}  // namespace attune::app::ui
