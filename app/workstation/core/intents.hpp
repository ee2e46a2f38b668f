#pragma once
// What a view, a key or a script asks the workstation to do, as plain values (mpv's command
// queue): views and the key dispatch never change the study, the pass or the recording
// themselves; they post an Intent to the Workbench, and apply_intents() carries the queue out
// in the order it was posted, once a frame after input and before drawing. A script and a key
// press post the very same intents, so a script drives exactly what a coder's fingers do, and
// a unit test can post them to a Workbench without a window.
//
// The one intent the workstation core cannot carry out itself (ChooseFile: a file dialog) goes
// to the window's handler in posting order.
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "attune/coding/consensus.hpp"
#include "attune/coding/model.hpp"
#include "attune/coding/moments.hpp"
#include "attune/coding/review_comments.hpp"
#include "attune/coding/scheme.hpp"
#include "export_flow.hpp"
#include "import_flow.hpp"
#include "keys.hpp"

namespace attune::app {

class Workbench;

// Feedback: the open pass's moments and visit plan; Present: that plan shown to the family.
enum class Screen { Sessions, Coding, Tallies, Audit, Reliability, Review, Feedback, Present };
// The tabs beside the video on the coding screen.
enum class SideTab { Events, Ratings, Classification, Validity, Comments };

namespace intent {

// Runs a workstation action of the command table by name ("play-pause", "undo"; bindings.hpp).
struct Run {
    std::string action;
};
// A key press from the window or a script, acted on when its turn comes (so a press after
// a behaviour key sees the modifier chooser that key opened).
struct Key {
    KeyInput::Press press;
};
struct Seek {  // pauses and goes to this frame (clamped to the recording)
    int64_t frame = 0;
};
struct SeekTime {  // pauses and goes to this time
    int64_t t_us = 0;
};
struct Select {  // event ids; empty clears the selection
    std::set<int64_t> events;
};
struct JumpToEvent {  // selects the event, goes to its first frame, shows it in list and timeline
    int64_t event_id = 0;
};
// Codes a behaviour at the frame that was on screen (or says why not); opens the modifier
// chooser when the scheme requires modifiers.
struct Code {
    std::string behaviour;
    OnScreen seen;
};
struct ChooseModifier {  // the pending behaviour's current modifier takes this value
    std::string value;
};
struct UpdateEvent {
    Event event;
};
struct RemoveEvents {
    std::vector<int64_t> ids;
};
// Gives a rating cell a value (nullopt clears it); `then_next` moves the grid's selection on
// to the next cell, as typing a value does.
struct Rate {
    Rating cell;  // scale, target, episode (value unused)
    std::optional<int> value = std::nullopt;
    bool then_next = false;
};
struct SelectRatingCell {  // nullopt: no cell selected (digits no longer rate)
    std::optional<Rating> cell = std::nullopt;
};
struct SetClassification {
    Classification classification;
};
struct AddComment {  // a new thread on something of the open pass
    CommentTarget about;
    std::string text;
};
struct ReplyToComment {
    int64_t comment_id = 0;
    std::string text;
};
struct OpenStudy {
    std::string path;
};
struct CreateStudy {
    std::string path, name;
};
struct OpenSession {  // the pass of `coder` (default: the user) in `role`, created when new
    Session session;
    PassRole role = PassRole::Primary;
    std::optional<std::string> coder = std::nullopt;
};
struct SignOff {  // as a supervisor: lock another coder's pass
    int64_t pass_id = 0;
};
struct Unlock {  // a signed-off pass, with the reason kept in its history
    int64_t pass_id = 0;
    std::string reason;
};
// The review of a double-coded session (review.hpp): the supervisor's disagreement review.
struct OpenReview {
    std::string session;  // its label
};
struct StartConsensus {};  // the session under review gets its consensus pass
struct ShowDisagreement {  // seeks to it and plays around it
    size_t index = 0;
};
struct Decide {  // settles the disagreement shown into the consensus pass
    ConsensusChoice choice = ConsensusChoice::A;
};
struct OpenRecordingAnyway {};  // the answer "Open anyway" to a recording that differs
struct ShowScreen {  // as the View menu does (the coding screen falls back to Sessions without a
                     // pass)
    Screen screen;
};
struct ShowTab {
    SideTab tab;
};
struct Quit {};
struct Say {  // a message on the status line (and the terminal)
    std::string message;
    bool error = false;
};
struct SetCoder {  // who codes from now on (also the preferences' default coder)
    std::string name;
};
struct ReopenStudy {};
struct SetJumpSeconds {  // how far the jump keys go (0.1-600 s; kept in the preferences)
    double seconds = 5;
};
struct SetReviewSeconds {  // the review plays this long before and after a disagreement (0-60 s)
    double seconds = 2;
};  // opens the study file again after it was replaced on disk

struct AddRecording {  // adds a session for this recording, as dropping the file does
    std::string path;
};
struct AnswerAddAgain {  // the answer to "add this recording again?"
    bool add = false;
};
struct LocateRecording {
    int64_t session_id = 0;
    std::string path;
};

// Study > Import... (import_flow.hpp): the import dialog's steps, in the order a user takes them.
struct StartImport {  // reads the file chosen
    std::string path;
};
struct ChooseImport {  // where the file's observations go (proposes a mapping again)
    ImportChoices choices;
};
struct MapImport {  // the user's decision for one of the file's codes or modifier sets
    bool modifier_set = false;
    size_t index = 0;  // into the mapping's codes (or modifiers)
    interop::MapChoice choice = interop::MapChoice::Mapped;
    std::string to;  // the scheme's behaviour (or modifier) id
};
struct ImportMappingFile {  // Load mapping... / Save mapping...
    std::string path;
    bool save = false;
};
enum class ImportStep { Check, Commit, Back, Cancel };
struct StepImport {  // the dialog's buttons
    ImportStep step = ImportStep::Check;
};
struct StartExport {  // Study > Export...'s Export button
    ExportChoices choices;
};
struct StartReport {  // Study > Report...'s Write button
    ReportChoices choices;
};
struct RecordConsent {  // Study > Consent...'s Record button (consent.hpp)
    std::string participant;
    std::optional<int64_t> session_id;  // one recording; none: all of the participant's
    std::vector<std::string> uses;      // none: withdrawn
    std::optional<std::string> until;   // YYYY-MM-DD
    std::string recorded_by;
};
struct RederiveFrames {};  // Edit > Re-derive frames
// Video feedback: marks the frame on screen (or `at`) as the next moment's in, out or freeze.
struct MarkMoment {
    enum class Which { In, Out, Freeze } which = Which::In;
    std::optional<FrameTime> at;
};
// Saves a moment of the open pass: a new one (id 0) from the marks, which are then cleared,
// or an edit of one (its frames as given).
struct SaveMoment {
    Moment moment;
};
struct RemoveMoment {
    int64_t moment_id = 0;
};
struct MoveInPlan {  // to `index` (0-based) in the showing order
    int64_t moment_id = 0;
    size_t index = 0;
};
struct AddToPlan {  // a moment of the pass, or of another visit of its case, at the end
    int64_t moment_id = 0;
};
struct RemoveFromPlan {  // the moment stays; it is no longer shown
    int64_t moment_id = 0;
};
struct StartPresentation {};  // F5: the plan shown to the family (Screen::Present)
struct ShowMoment {           // while it is shown: this moment of the plan (0-based)
    size_t index = 0;
};
struct SetPlanScript {
    int64_t moment_id = 0;
    std::string script;
};

// For the window: what only it can do (a file dialog, a backup on its task).
enum class FileChoice {
    OpenStudy,
    NewStudy,
    AddRecording,
    LocateRecording,
    ExportCsv,
    Backup,
    ImportFile,
    ExportFolder,
    ReportFolder,
    LoadMapping,
    SaveMapping
};
struct ChooseFile {  // opens the file dialog for this purpose
    FileChoice purpose;
    int64_t session_id = 0;  // LocateRecording: whose recording
};
// The status bar's Stop beside the seek proxy's progress: what is built is kept.
struct StopProxy {};
// The tallies view's norm, kept with the study (empty: compare with none).
struct ChooseTallyNorm {
    std::string norm_id;
};

}  // namespace intent

using Intent = std::variant<
    intent::Run, intent::Key, intent::Seek, intent::SeekTime, intent::Select, intent::JumpToEvent,
    intent::Code, intent::ChooseModifier, intent::UpdateEvent, intent::RemoveEvents, intent::Rate,
    intent::SelectRatingCell, intent::SetClassification, intent::AddComment, intent::ReplyToComment,
    intent::OpenStudy, intent::CreateStudy, intent::OpenSession, intent::SignOff, intent::Unlock,
    intent::OpenReview, intent::StartConsensus, intent::ShowDisagreement, intent::Decide,
    intent::OpenRecordingAnyway, intent::ShowScreen, intent::ShowTab, intent::Quit, intent::Say,
    intent::SetCoder, intent::ReopenStudy, intent::SetJumpSeconds, intent::SetReviewSeconds,
    intent::AddRecording, intent::AnswerAddAgain, intent::LocateRecording, intent::StartImport,
    intent::ChooseImport, intent::MapImport, intent::ImportMappingFile, intent::StepImport,
    intent::StartExport, intent::StartReport, intent::RecordConsent, intent::RederiveFrames,
    intent::MarkMoment, intent::SaveMoment, intent::RemoveMoment, intent::MoveInPlan,
    intent::SetPlanScript, intent::AddToPlan, intent::RemoveFromPlan, intent::StartPresentation,
    intent::ShowMoment, intent::ChooseFile, intent::StopProxy, intent::ChooseTallyNorm>;

// Receives the intents of the window's part (ChooseFile), in posting order among the rest.
using WindowIntents = std::function<void(const Intent&)>;

// Carries out every posted intent in order, including those posted while applying. Failures
// become the status line's message (Workbench::notify); nothing throws for an expected
// failure. Without `window`, the window's intents are reported as not available.
void apply_intents(Workbench& wb, const WindowIntents& window = nullptr);

// Carries out one intent now (apply_intents calls it for each; tests may too).
void apply(Workbench& wb, const Intent& what, const WindowIntents& window = nullptr);

}  // namespace attune::app
