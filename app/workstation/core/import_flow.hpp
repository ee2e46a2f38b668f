#pragma once
// Study > Import...: a peer's file (BORIS, ELAN, Datavyu, Observer XT) into the study through
// the same steps as attune-cli import (coding/interop/foreign_import.hpp): the file is read,
// the user says where its observations go and maps its codes to the scheme's, the plan is
// checked and its summary shown, and only then is it committed, as one change. Reading,
// checking and committing run on the task runner, each with its own connection to the study
// file (as a backup does), so the window goes on drawing; the workbench's connection sees the
// new sessions as it sees any other writer's.
//
// The Workbench owns one ImportFlow; intents (intents.hpp) move it on, the import dialog draws
// it, and a script drives it as a person's clicks would.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/interop/foreign_import.hpp"
#include "task_runner.hpp"

namespace attune::app {

// Where the file's observations go.
struct ImportChoices {
    std::string observation;  // "": every observation with events
    std::string session;      // "": one new session per observation; else this session's pass
    std::string coder;        // whose pass ("": the user)
    PassRole role = PassRole::Primary;
    double fps = 0;  // for observations whose rate neither the file nor the recording gives
};

class ImportFlow {
  public:
    enum class Stage {
        Closed,
        Reading,     // the file, on a task
        Mapping,     // the user chooses where it goes and maps its codes
        Checking,    // plan_import, on a task
        Reviewing,   // the plan's summary, waiting for Import
        Committing,  // commit_import, on a task
    };

    Stage stage() const { return stage_; }
    bool open() const { return stage_ != Stage::Closed; }
    bool busy() const {
        return stage_ == Stage::Reading || stage_ == Stage::Checking || stage_ == Stage::Committing;
    }
    const std::string& file() const { return file_; }
    const interop::ForeignProject* project() const { return project_.get(); }
    const ImportChoices& choices() const { return choices_; }
    const interop::ImportMapping& mapping() const { return mapping_; }
    const Scheme* scheme() const { return scheme_ ? &*scheme_ : nullptr; }
    const interop::ImportPlan* plan() const { return plan_ ? &*plan_ : nullptr; }
    const std::vector<std::string>& session_labels() const { return labels_; }  // the study's
    // Why the last step was refused (shown in the dialog; the flow stays where it was).
    const std::string& problem() const { return problem_; }
    double progress() const;  // of the running step, 0-1
    const char* step_name() const;

    // Reads the file on a task; refused while another import is open.
    void start(const std::string& file, TaskRunner& tasks);
    // Where the observations go: finds the scheme they are checked against and proposes a
    // mapping (kept for the codes the user already decided). Refusals become problem().
    void choose(const ImportChoices& c, Study& study, const std::string& user);
    // The user's decision for the file's code (index into mapping().codes) or modifier set.
    void map_code(size_t index, interop::MapChoice choice, const std::string& to);
    void map_modifier(size_t index, interop::MapChoice choice, const std::string& to);
    // A mapping file (attune-cli import --write-mapping) laid over the current one.
    void load_mapping(const std::string& path);
    Status save_mapping(const std::string& path) const;
    // Plans the import on a task (every code decided, else problem() lists what is left).
    void check(const std::string& study_path, const std::string& user, TaskRunner& tasks);
    void back_to_mapping();  // from the summary
    void commit(const std::string& study_path, const std::string& user, TaskRunner& tasks);
    void cancel();  // closes it; a running read or check is dropped (a commit cannot be)

    // Once a frame, with the open study: takes finished work (a file read is proposed a
    // mapping at once). Returns what the status line should say when the import ended
    // (imported, or failed), with true for an error.
    // Without a study (it was closed) a commit still running is taken and said.
    std::optional<std::pair<std::string, bool>> update(Study* study, const std::string& user);

  private:
    void propose(Study& study);
    struct Target {
        Scheme scheme;
        int64_t snapshot_id = 0;
    };
    Result<Target> target_scheme(Study& study, const std::string& coder) const;

    Stage stage_ = Stage::Closed;
    std::string file_, problem_;
    std::shared_ptr<const interop::ForeignProject> project_;
    std::vector<const interop::ForeignObservation*> observations_;
    std::vector<std::string> labels_;
    ImportChoices choices_;
    std::string coder_;  // choices_.coder, or the user
    std::optional<Scheme> scheme_;
    int64_t snapshot_id_ = 0;
    interop::ImportMapping mapping_;
    std::optional<interop::ImportPlan> plan_;
    Task<interop::ForeignProject> reading_;
    Task<interop::ImportPlan> checking_;
    Task<size_t> committing_;
};

}  // namespace attune::app
