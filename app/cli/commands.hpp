#pragma once
// attune-cli's command groups. Each add_* registers its subcommands; a command's
// callback sets ctx.exit_code: 0 success, 1 failed or found problems (the
// message says what to do), 2 bad command line (CLI11 handles those).
#include <CLI/CLI.hpp>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "attune/coding/event_table.hpp"
#include "attune/coding/output_file.hpp"
#include "attune/coding/records.hpp"
#include "attune/coding/study.hpp"
#include "attune/video/frame_index.hpp"

namespace attune::cli {

struct CliContext {
    std::string user;
    int exit_code = 0;
    bool progress = false;  // show long work's progress on stderr (a terminal, or --progress)
};

// One line on stderr that a long step rewrites as it goes ("importing t.csv: 90,000 of
// 200,000 events (45%)"), at most ten times a second, ended by a newline when the step is done.
// Silent unless ctx.progress.
class ProgressLine {
  public:
    ProgressLine(const CliContext& ctx, std::string what, size_t total, std::string unit);
    ~ProgressLine();
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;
    void update(size_t done);
    void finish();  // ends the line (once), before the step's result or error is printed

  private:
    bool on_;
    std::string what_;
    size_t total_;
    std::string unit_;
    int64_t last_us_ = -1;
    bool shown_ = false;
};

void add_scheme_commands(CLI::App& app, CliContext& ctx);
void add_study_commands(CLI::App& app, CliContext& ctx);
void add_event_commands(CLI::App& app, CliContext& ctx);
void add_judgement_commands(CLI::App& app, CliContext& ctx);
void add_stats_commands(CLI::App& app, CliContext& ctx);
void add_bench_commands(CLI::App& app, CliContext& ctx);
void add_video_commands(CLI::App& app, CliContext& ctx);
void add_bench_video_command(CLI::App& bench, CliContext& ctx);
void add_change_commands(CLI::App& app, CliContext& ctx);
void add_review_commands(CLI::App& app, CliContext& ctx);
void add_comment_commands(CLI::App& app, CliContext& ctx);
void add_double_coding_commands(CLI::App& app, CliContext& ctx);
void add_reliability_commands(CLI::App& app, CliContext& ctx);
void add_bench_reliability_command(CLI::App& bench, CliContext& ctx);
void add_bench_import_command(CLI::App& bench, CliContext& ctx);
void add_interop_commands(CLI::App& app, CliContext& ctx);  // after add_scheme_commands
void add_feedback_commands(CLI::App& app, CliContext& ctx);
void add_feedback_media_commands(CLI::App& app, CliContext& ctx);

// Shared by the commands.
struct PassOptions;
// `events import` of an Attune table (CSV or TSV) into a pass; `import FILE.csv` too.
int import_event_table(CliContext& ctx, const std::string& study, const std::string& file,
                       const PassOptions& pass);
int fail(const std::string& message);  // prints "attune-cli: message", returns 1
// Blind reliability coding (attune/coding/blinding.hpp): what --user may not see. A command
// showing one pass refuses a hidden one with blind_refusal's message; a study-wide table
// leaves the hidden passes out and says so with note_left_out (one line on stderr).
struct HiddenFromUser {
    std::map<int64_t, std::string> passes;  // primary and consensus passes: their session
    std::set<std::string> sessions;         // labels of the sessions the user is blind to
};
HiddenFromUser hidden_from_user(Study& study, const CliContext& ctx);
void note_left_out(const CliContext& ctx, size_t sessions);

// Study::open, then says on stderr what opening did (an upgrade and its backup).
Result<Study> open_study(const std::string& path, const CliContext& ctx);

struct PassOptions {
    std::string session, coder, role = "primary", scheme;
    void add_to(CLI::App* cmd, bool scheme_option);
};

struct ResolvedPass {
    Session session;
    Pass pass;
    Scheme scheme;
};
// Finds the pass (creating it when `create`; it then needs a scheme: --scheme FILE,
// or the study's only scheme snapshot).
Result<ResolvedPass> resolve_pass(Study& study, const PassOptions& o, bool create);

// A pass a command writes to, found or only planned: nothing is written until
// write_to_pass, so a command that refuses its input leaves no empty pass behind.
struct PassTarget {
    Session session;
    std::optional<Pass> pass;  // nullopt: write_to_pass creates it
    Scheme scheme;
    int64_t snapshot_id = 0;  // 0 with a new pass: its scheme is stored with it
    PassRole role = PassRole::Primary;
    std::string coder;
};
Result<PassTarget> plan_pass(Study& study, const PassOptions& o);
// One change: creates the planned pass (and its scheme snapshot) when needed, then `write`.
Status write_to_pass(Study& study, PassTarget& target, const std::string& label,
                     const std::function<Status(sql::Db&, int64_t pass_id)>& write);

// The recording's frame clock: the frame index the study holds, else a scan of the
// session's recording (progress on stderr) when it is there and is the file the session
// was coded on.
Result<ImportTarget> recording_clock(Study& study, const Session& session, CliContext& ctx);
// The same recording's frame index itself (for decoding its frames), checked the same way.
Result<std::shared_ptr<const video::FrameIndex>> recording_index(Study& study,
                                                                 const Session& session,
                                                                 CliContext& ctx);

// The session with this label, or a message naming the study's sessions.
Result<Session> session_named(Study& study, const std::string& label);

// "no session 'P1' in this study; did you mean 'P01'? (there are: P01, P02)".
std::string no_such(const std::string& what, const std::string& typed,
                    const std::vector<std::string>& known, const std::string& where = "");

// Output files never destroy inputs: an Attune study or one of the command's inputs is
// never written over, another existing file only with --force; the text is written to a
// temporary file beside it and renamed into place.
Status check_output_path(const std::string& out, bool force,
                         const std::vector<std::string>& inputs);
// Writing them: attune/coding/output_file.hpp (write_output, write_text_output).

}  // namespace attune::cli

namespace attune::cli {
// Runs a command body, turning a broken study file into a clear message.
template <typename Fn>
void run_guarded(CliContext& ctx, Fn&& fn) {
    try {
        ctx.exit_code = fn();
    } catch (const std::exception& e) {
        ctx.exit_code =
            fail(std::string("the study file could not be read or written: ") + e.what());
    }
}
}  // namespace attune::cli
