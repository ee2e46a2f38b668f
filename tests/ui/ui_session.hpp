#pragma once
// What the workstation's UI tests share: a study with one session on a generated
// barcode clip, made with the real attune-cli, and a way to run the real workstation
// on it under xvfb-run with a script, its own config directory and no sound device.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/model.hpp"
#include "barcode_clip.hpp"
#include "process.hpp"

namespace attune::testing {

struct UiStudy {
    std::string dir, study, recording, config;
};

// A fresh folder under the UI output directory holding study.attune with session P01.
UiStudy make_ui_study(const std::string& name, const std::string& clip_name, int seconds);
UiStudy make_ui_study(const std::string& name, const std::string& clip_name, const ClipSpec& spec);
// A 640x360 H.264 clip with B-frames and a keyframe every 30 frames.
ClipSpec ui_clip(int seconds);

// The argv that runs the workstation on the study with a script under xvfb-run.
std::vector<std::string> workstation_command(const UiStudy& s, const std::string& script,
                                             const std::string& screenshot);
// The same command run as `coder` instead of alice.
std::vector<std::string> as_coder(const std::string& coder, std::vector<std::string> argv);
// Runs argv (180 s at most) and requires exit 0; the output is shown when it does not.
ProcessResult run_ok(const std::vector<std::string>& argv);
// Session P01 double-coded in the workstation: alice's primary pass codes P_GREET at frame 30
// and P_PICK_UP at 150; bob's reliability pass runs `bob_keys` (script lines after opening it).
void code_two_passes(const UiStudy& s, const std::string& bob_keys);

std::string write_script(const UiStudy& s, const std::string& name, const std::string& text);

// Adds a session (participant = label) for a recording, through attune-cli.
void add_ui_session(const UiStudy& s, const std::string& label, const std::string& recording);

// The events alice coded in a session's primary pass, read with the coding library.
std::vector<Event> coded_events(const std::string& study, const std::string& session = "P01");

// The screenshot's note (written beside it): where the picture is, which frame it shows.
std::map<std::string, long long> read_picture_note(const std::string& screenshot);
// The barcode of the frame inside the picture rectangle of a screenshot, if readable.
// rotation: the clip's clockwise display rotation, undone before reading.
std::optional<uint32_t> barcode_in_screenshot(const std::string& screenshot, int rotation = 0);

}  // namespace attune::testing
