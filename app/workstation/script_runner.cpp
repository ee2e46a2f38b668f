#include "script_runner.hpp"

#include <imgui.h>

#include <cstdio>
#include <sstream>

#include "attune/coding/consent.hpp"
#include "attune/coding/records.hpp"
#include "commands.hpp"
#include "intents.hpp"

namespace attune::app {

namespace {

// 'sign-off P01 ab primary' / 'unlock P01 ab primary reason': what the pass's button does.
void lock_named_pass(Workbench& wb, const ScriptCommand& c) {
    std::istringstream in(c.arg);
    std::string label, coder, role, reason;
    in >> label >> coder >> role;
    std::getline(in >> std::ws, reason);
    if (!wb.study()) return wb.notify("script: no study is open", true);
    const auto session = find_session(*wb.study(), label);
    if (!session) return wb.notify("script: no session labelled " + label, true);
    const auto pass = find_pass(*wb.study(), session->id, coder, *pass_role_from(role));
    if (!pass) return wb.notify("script: " + label + " has no " + role + " pass by " + coder, true);
    if (c.verb == "unlock")
        wb.post(intent::Unlock{pass->id, reason});
    else
        wb.post(intent::SignOff{pass->id});
}

// The import dialog's button of that name.
std::optional<intent::ImportStep> import_button(const std::string& name) {
    using Step = intent::ImportStep;
    if (name == "Check..." || name == "Check") return Step::Check;
    if (name == "Import") return Step::Commit;
    if (name == "Back" || name == "Back to the mapping") return Step::Back;
    if (name == "Cancel") return Step::Cancel;
    return std::nullopt;
}

// 'map subject1/cry CRY': the file's code's list in the import dialog, CRY (or drop) chosen.
void map_import_code(Workbench& wb, const std::string& arg) {
    const auto space = arg.rfind(' ');
    const std::string code = arg.substr(0, space), to = arg.substr(space + 1);
    const auto slash = code.find('/');
    const auto& codes = wb.import_flow().mapping().codes;
    for (size_t i = 0; i < codes.size(); ++i)
        if (codes[i].subject == code.substr(0, slash) &&
            codes[i].behaviour == code.substr(slash + 1))
            return wb.post(intent::MapImport{
                false, i, to == "drop" ? interop::MapChoice::Dropped : interop::MapChoice::Mapped,
                to == "drop" ? "" : to});
    wb.notify("script: the import dialog lists no code " + code, true);
}

// 'export DIR csv with-coders': the export dialog's choices.
ExportChoices export_choices(const std::string& arg) {
    std::istringstream in(arg);
    ExportChoices c;
    in >> c.folder >> c.format;
    for (std::string word; in >> word;) {
        c.with_coders = c.with_coders || word == "with-coders";
        c.with_paths = c.with_paths || word == "with-paths";
        c.replace = c.replace || word == "replace";
    }
    return c;
}

// 'answer NAME': what the button of that name on the question or dialog shown does.
void answer(const std::string& name, Workbench& wb) {
    if (name == "Open anyway" && wb.media() && wb.media()->differs())
        wb.post(intent::OpenRecordingAnyway{});
    else if ((name == "Add again" || name == "Cancel") && wb.view().add_again)
        wb.post(intent::AnswerAddAgain{name == "Add again"});
    else if (wb.import_flow().open() && import_button(name))
        wb.post(intent::StepImport{*import_button(name)});
    else if (name == "Re-derive frames" && wb.view().retime_offer > 0)
        wb.post(intent::RederiveFrames{});
    else
        wb.notify("script: no question on screen has the answer '" + name + "'", true);
}

// Study > Import... and Export..., as their dialogs do.
void interop_verb(const ScriptCommand& c, Workbench& wb) {
    if (c.verb == "import") {  // the file chosen
        wb.post(intent::StartImport{c.arg});
    } else if (c.verb == "observation") {  // the import dialog's Observation list
        ImportChoices choices = wb.import_flow().choices();
        choices.observation = c.arg;
        wb.post(intent::ChooseImport{choices});
    } else if (c.verb == "map") {
        map_import_code(wb, c.arg);
    } else if (c.verb == "consent") {  // Study > Consent...: PARTICIPANT USES (all films)
        const auto space = c.arg.find(' ');
        auto uses = parse_consent_uses(space == std::string::npos ? "" : c.arg.substr(space + 1));
        if (!uses) return wb.notify("script: " + uses.error().message, true);
        wb.post(intent::RecordConsent{c.arg.substr(0, space), std::nullopt, *uses, std::nullopt,
                                      wb.user()});
    } else if (c.verb == "report") {  // Study > Report... for the open pass, into the folder
        if (!wb.pass()) return wb.notify("script: 'report' needs an open session", true);
        wb.post(intent::StartReport{{wb.pass()->pass().id, c.arg}});
    } else {
        wb.post(intent::StartExport{export_choices(c.arg)});
    }
}

}  // namespace

bool ScriptRunner::media_settled(const Workbench& wb) const {
    if (!wb.media()) return true;
    if (wb.media()->problem()) return true;  // nothing will arrive; let the script go on
    if (wb.media()->differs()) return true;  // nothing plays until the question is answered
    return wb.media()->ready() && wb.media()->settled();
}

void ScriptRunner::press(const ScriptCommand& c, Workbench& wb, KeyInput& input) {
    // Stamped as a coder's key is, with the frame on screen as it goes down.
    OnScreen seen = frame_on_screen(wb);
    const bool proxy = wb.media() && wb.media()->shown() && wb.media()->shown()->proxy;
    if (seen.frame)
        std::printf("script:%d: %s pressed with frame %lld on screen%s\n", c.line,
                    c.chord->text().c_str(), static_cast<long long>(seen.frame->frame),
                    proxy ? " (the seek proxy's picture)" : "");
    else
        std::printf("script:%d: %s pressed with no frame on screen\n", c.line,
                    c.chord->text().c_str());
    std::fflush(stdout);
    input.push({*c.chord, false, std::move(seen)});
}

// The frame on screen, as a line the caller can wait for (the startup benchmark does).
void ScriptRunner::say_shown(const ScriptCommand& c, const Workbench& wb) {
    const bool any = wb.media() && wb.media()->shown();
    if (any) {
        const video::PlayerFrame* shown = &*wb.media()->shown();
        std::printf("script:%d: frame %lld on screen%s\n", c.line,
                    static_cast<long long>(shown->index),
                    shown->proxy ? " (the seek proxy's picture)" : "");
    } else {
        std::printf("script:%d: no frame on screen\n", c.line);
    }
    std::fflush(stdout);
}

// Waits for what the last command asked: a hold, a wait, frames, the video to settle or a
// seek to land. True while the script waits this frame.
bool ScriptRunner::waiting(const Workbench& wb, KeyInput& input, int64_t now_us) {
    if (hold_until_us_ >= 0) {
        if (now_us < hold_until_us_) return true;
        input.hold(hold_key_, false);
        hold_until_us_ = -1;
    }
    if (wait_until_us_ >= 0 && now_us < wait_until_us_) return true;
    wait_until_us_ = -1;
    if (frames_left_ > 0) return --frames_left_, true;
    if (wb.import_flow().busy() || wb.exporting()) return true;
    if (await_proxy_ && wb.media() && (!wb.media()->ready() || wb.media()->proxy_task().running()))
        return true;
    if (await_proxy_ && wb.media()) {
        std::printf("script: seek proxy %s; %lld pictures shown from it so far\n",
                    wb.media()->proxy_complete() ? "built" : wb.media()->proxy_note().c_str(),
                    static_cast<long long>(wb.media()->proxy_pictures()));
        std::fflush(stdout);
    }
    await_proxy_ = false;
    if (!media_settled(wb)) return true;
    if (seek_posted_ && wb.media()) seek_target_ = wb.media()->target_frame();  // clamped
    seek_posted_ = false;
    if (seek_target_) {  // the seek has landed when the frame on screen is the one asked for
        if (wb.media() && wb.media()->shown() && wb.media()->shown()->index != *seek_target_ &&
            !wb.media()->problem())
            return true;
        seek_target_.reset();
    }
    return false;
}

// The commands that post intents to the workbench; false for the rest.
bool ScriptRunner::study_verb(const ScriptCommand& c, Workbench& wb) {
    if (c.verb == "open") {
        const auto as = c.arg.find(" as ");
        const std::string label = c.arg.substr(0, as);
        std::optional<std::string> coder;
        PassRole role = PassRole::Primary;
        if (as != std::string::npos) {
            std::istringstream who(c.arg.substr(as + 4));
            std::string name, role_name;
            who >> name >> role_name;
            coder = name;
            role = *pass_role_from(role_name);
        }
        if (!wb.study())
            wb.notify("script: no study is open", true);
        else if (auto s = find_session(*wb.study(), label))
            wb.post(intent::OpenSession{*s, role, coder});
        else
            wb.notify("script: no session labelled " + label, true);
    } else if (c.verb == "seek") {
        if (wb.media()) {
            wb.post(intent::Seek{c.number});
            seek_posted_ = true;  // its target is known once applied
        }
    } else if (c.verb == "screen") {
        wb.post(intent::ShowScreen{c.arg == "sessions"   ? Screen::Sessions
                                   : c.arg == "coding"   ? Screen::Coding
                                   : c.arg == "tallies"  ? Screen::Tallies
                                   : c.arg == "audit"    ? Screen::Audit
                                   : c.arg == "review"   ? Screen::Review
                                   : c.arg == "feedback" ? Screen::Feedback
                                                         : Screen::Reliability});
    } else if (c.verb == "review") {  // the session's Review... button
        wb.post(intent::OpenReview{c.arg});
    } else if (c.verb == "consensus") {  // the review's buttons
        if (c.arg == "start")
            wb.post(intent::StartConsensus{});
        else
            wb.post(intent::Decide{*consensus_choice_from(c.arg)});
    } else if (c.verb == "comment") {  // the Comments tab's box, on the selected event
        if (wb.view().selected.size() == 1)
            wb.post(intent::AddComment{event_comment_target(*wb.view().selected.begin()), c.arg});
        else
            wb.post(intent::AddComment{classification_comment_target(), c.arg});
    } else if (c.verb == "reply") {  // a thread's Reply box: 'reply 3 the text'
        const auto space = c.arg.find(' ');
        wb.post(
            intent::ReplyToComment{std::stoll(c.arg.substr(0, space)), c.arg.substr(space + 1)});
    } else if (c.verb == "tab") {
        wb.post(intent::ShowTab{c.arg == "events"           ? SideTab::Events
                                : c.arg == "ratings"        ? SideTab::Ratings
                                : c.arg == "classification" ? SideTab::Classification
                                : c.arg == "comments"       ? SideTab::Comments
                                                            : SideTab::Validity});
    } else if (c.verb == "answer") {  // what the question's button of that name does
        answer(c.arg, wb);
    } else if (c.verb == "drop") {  // what dropping a file onto the window does
        wb.post(intent::AddRecording{c.arg});
    } else if (c.verb == "locate") {  // what Locate... does once a file is chosen
        const std::string label = c.arg.substr(0, c.arg.find(' '));
        const std::string path = c.arg.substr(c.arg.find(' ') + 1);
        if (!wb.study())
            wb.notify("script: no study is open", true);
        else if (auto s = find_session(*wb.study(), label))
            wb.post(intent::LocateRecording{s->id, path});
        else
            wb.notify("script: no session labelled " + label, true);
    } else if (c.verb == "sign-off" || c.verb == "unlock") {
        lock_named_pass(wb, c);
    } else if (c.verb == "import" || c.verb == "observation" || c.verb == "map" ||
               c.verb == "export" || c.verb == "report" || c.verb == "consent") {
        interop_verb(c, wb);
    } else if (c.verb == "quit") {
        wb.post(intent::Quit{});
    } else {
        return false;
    }
    return true;
}

// The commands that are a person's hands: keys, typing, waiting, the mouse.
bool ScriptRunner::input_verb(const ScriptCommand& c, Workbench& wb, KeyInput& input,
                              int64_t now_us) {
    if (c.verb == "key") {
        press(c, wb, input);
    } else if (c.verb == "hold") {
        press(c, wb, input);
        hold_key_ = glfw_key_of(*c.chord);
        input.hold(hold_key_, true);
        hold_until_us_ = now_us + c.number * 1000;
    } else if (c.verb == "text") {
        ImGui::GetIO().AddInputCharactersUTF8(c.arg.c_str());
    } else if (c.verb == "wait") {
        wait_until_us_ = now_us + c.number * 1000;
    } else if (c.verb == "proxy") {
        await_proxy_ = true;
    } else if (c.verb == "shown") {  // run once the video settled, as every command is
        say_shown(c, wb);
    } else if (c.verb == "frames") {
        frames_left_ = static_cast<int>(c.number);
    } else if (c.verb == "mouse") {
        std::istringstream xy(c.arg);
        Mouse m = mouse_.value_or(Mouse{});
        xy >> m.x >> m.y;
        mouse_ = m;
    } else if (c.verb == "point") {
        const auto space = c.arg.rfind(' ');
        const std::string name = c.arg.substr(0, space);
        const float fraction = std::stof(c.arg.substr(space + 1));
        auto it = wb.ui().controls.find(name);
        if (it != wb.ui().controls.end() && it->second.frame + 1 >= ImGui::GetFrameCount()) {
            const auto& r = it->second;
            Mouse m = mouse_.value_or(Mouse{});
            m.x = r.x + fraction * r.width, m.y = r.y + r.height / 2;
            mouse_ = m;
        } else {
            wb.notify("script: no control named '" + name + "' is on screen", true);
        }
    } else if (c.verb == "press" || c.verb == "release") {
        Mouse m = mouse_.value_or(Mouse{});
        m.down = c.verb == "press";
        mouse_ = m;
    } else {
        return false;
    }
    return true;
}

bool ScriptRunner::tick(Workbench& wb, KeyInput& input, int64_t now_us) {
    if (waiting(wb, input, now_us)) return true;
    if (next_ >= commands_.size()) return false;
    const ScriptCommand& c = commands_[next_++];
    if (!study_verb(c, wb)) input_verb(c, wb, input, now_us);
    return true;
}

}  // namespace attune::app
