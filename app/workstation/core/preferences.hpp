#pragma once
// What the workstation remembers between runs, in the user's config directory
// ($XDG_CONFIG_HOME/attune, else ~/.config/attune), never the working directory:
// preferences.ini (key = value lines) and ImGui's window layout (layout.ini). The coder's
// own keys, keys.ini, sit beside them and are read by KeyBindings (bindings.hpp), never written.
// Written atomically (temporary file + rename), so a crash never leaves half a file.
#include <string>
#include <vector>

namespace attune::app {

struct Preferences {
    double jump_seconds = 5.0;    // Shift+Left/Right
    double review_seconds = 2.0;  // the review plays this long before and after a disagreement
    // The decoded-frame cache in MiB; 0: sized to the recording's frames and the machine's
    // memory (at most 1/32 of it, and 512 MiB).
    int frame_cache_mib = 0;
    // The seek proxy: built in the background for each recording opened, kept under the
    // user's cache directory, the least recently used removed past the cap (GiB).
    bool seek_proxy = true;
    int proxy_cache_gib = 20;
    std::string coder;                        // who codes on this machine (default: the login name)
    std::vector<std::string> recent_studies;  // newest first
    float timeline_height = 0.30f;            // share of the window under the video
    float side_width = 0.36f;                 // share of the window right of the video
    int window_width = 1280, window_height = 800;

    void remember_study(const std::string& path);
};

std::string config_dir();  // created when missing
// Where the workstation keeps logs of a run ($XDG_STATE_HOME/attune, else
// ~/.local/state/attune), created when missing.
std::string state_dir();
Preferences load_preferences(const std::string& dir);
void save_preferences(const std::string& dir, const Preferences& p);

}  // namespace attune::app
