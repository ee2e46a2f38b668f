#include "preferences.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace attune::app {
namespace fs = std::filesystem;

void Preferences::remember_study(const std::string& path) {
    const std::string full = fs::absolute(path).lexically_normal().string();
    std::erase(recent_studies, full);
    recent_studies.insert(recent_studies.begin(), full);
    if (recent_studies.size() > 10) recent_studies.resize(10);
}

namespace {

// $XDG_... when set, else ~/home_relative, else the temporary folder; then attune/ in it.
std::string xdg_dir(const char* variable, const char* home_relative) {
    fs::path dir;
    if (const char* xdg = std::getenv(variable); xdg && *xdg)
        dir = fs::path(xdg);
    else if (const char* home = std::getenv("HOME"); home && *home)
        dir = fs::path(home) / home_relative;
    else
        dir = fs::temp_directory_path();
    dir /= "attune";
    std::error_code ec;
    fs::create_directories(dir, ec);
    return dir.string();
}

}  // namespace

std::string config_dir() {
    return xdg_dir("XDG_CONFIG_HOME", ".config");
}

std::string state_dir() {
    return xdg_dir("XDG_STATE_HOME", ".local/state");
}

Preferences load_preferences(const std::string& dir) {
    Preferences p;
    if (const char* user = std::getenv("USER"); user && *user) p.coder = user;
    std::ifstream in(fs::path(dir) / "preferences.ini");
    for (std::string line; std::getline(in, line);) {
        const auto eq = line.find(" = ");
        if (line.empty() || line[0] == '#' || eq == std::string::npos) continue;
        const std::string key = line.substr(0, eq), value = line.substr(eq + 3);
        try {
            if (key == "jump_seconds")
                p.jump_seconds = std::clamp(std::stod(value), 0.1, 600.0);
            else if (key == "review_seconds")
                p.review_seconds = std::clamp(std::stod(value), 0.0, 60.0);
            else if (key == "frame_cache_mib")
                p.frame_cache_mib = std::clamp(std::stoi(value), 0, 16384);
            else if (key == "seek_proxy")
                p.seek_proxy = value != "0";
            else if (key == "proxy_cache_gib")
                p.proxy_cache_gib = std::clamp(std::stoi(value), 1, 100000);
            else if (key == "coder" && !value.empty())
                p.coder = value;
            else if (key == "recent_study" && p.recent_studies.size() < 10)
                p.recent_studies.push_back(value);
            else if (key == "timeline_height")
                p.timeline_height = std::clamp(std::stof(value), 0.1f, 0.7f);
            else if (key == "side_width")
                p.side_width = std::clamp(std::stof(value), 0.15f, 0.7f);
            else if (key == "window_width")  // a window too small to use, or lost off-screen
                p.window_width = std::clamp(std::stoi(value), 640, 8192);
            else if (key == "window_height")
                p.window_height = std::clamp(std::stoi(value), 480, 8192);
        } catch (const std::exception&) {
            // A hand-edited bad number keeps its default.
        }
    }
    return p;
}

void save_preferences(const std::string& dir, const Preferences& p) {
    const fs::path target = fs::path(dir) / "preferences.ini";
    const fs::path tmp = fs::path(dir) / "preferences.ini.tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << "# Attune workstation preferences (written by the program; safe to edit)\n";
        out << "jump_seconds = " << p.jump_seconds << "\n";
        out << "review_seconds = " << p.review_seconds << "\n";
        out << "# decoded frames kept, in MiB; 0: sized to the recording and this machine\n";
        out << "frame_cache_mib = " << p.frame_cache_mib << "\n";
        out << "# seek proxies: 1 builds one per recording (0: never), kept within this many GiB\n";
        out << "seek_proxy = " << (p.seek_proxy ? 1 : 0) << "\n";
        out << "proxy_cache_gib = " << p.proxy_cache_gib << "\n";
        out << "coder = " << p.coder << "\n";
        out << "timeline_height = " << p.timeline_height << "\n";
        out << "side_width = " << p.side_width << "\n";
        out << "window_width = " << p.window_width << "\n";
        out << "window_height = " << p.window_height << "\n";
        for (const auto& s : p.recent_studies) out << "recent_study = " << s << "\n";
        if (!out) return;
    }
    std::error_code ec;
    fs::rename(tmp, target, ec);
}

}  // namespace attune::app
