// The Attune workstation: startup order and main loop as a short, flat main() over named
// steps, after Dear ImGui's example_glfw_opengl3. The loop sleeps until the next frame is
// due (Application::plan_next_frame) or an event wakes it; every frame runs in the guard.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <utility>

#include "application.hpp"
#include "attune/video/audio_sink.hpp"
#include "attune/video/ffmpeg_log.hpp"
#include "bench_ui.hpp"
#include "commands.hpp"
#include "options.hpp"
#include "screenshot.hpp"

namespace {

constexpr float kCaptionPixels = 40.0f;  // the family's captions, read across a room

// Where this window's FFmpeg lines go: ffmpeg.log, or ffmpeg-PID.log while another window
// holds ffmpeg.log (it keeps the lock while it runs), so two windows never truncate each
// other's log.
std::string ffmpeg_log_path(const std::string& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);  // the log's own opening says what failed
    const std::string lock = dir + "/ffmpeg.lock";
    const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) == 0) return dir + "/ffmpeg.log";  // kept
    if (fd >= 0) ::close(fd);
    return dir + "/ffmpeg-" + std::to_string(::getpid()) + ".log";
}

void report_glfw_error(int code, const char* text) {
    std::fprintf(stderr, "attune: window system error %d: %s\n", code, text);
}

constexpr const char* kDejaVu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

// A font of this size (pixels, before the monitor's scale), DejaVu Sans where installed.
ImFont* add_font(GLFWwindow* window, float pixels) {
    float xscale = 1, yscale = 1;
    glfwGetWindowContentScale(window, &xscale, &yscale);
    ImGuiIO& io = ImGui::GetIO();
    if (!std::filesystem::exists(kDejaVu)) {
        ImFontConfig config;
        config.SizePixels = pixels * yscale;
        return io.Fonts->AddFontDefault(&config);
    }
    return io.Fonts->AddFontFromFileTTF(kDejaVu, pixels * yscale);
}

// A readable font at the monitor's scale (high-DPI screens report > 1); returns the large
// one the family reads captions in when the plan is shown in this window.
ImFont* load_fonts(GLFWwindow* window) {
    float xscale = 1, yscale = 1;
    glfwGetWindowContentScale(window, &xscale, &yscale);
    add_font(window, 15.0f);
    ImGui::GetStyle().ScaleAllSizes(yscale);
    return add_font(window, kCaptionPixels);
}

attune::app::Application* app_of(GLFWwindow* w) {
    return static_cast<attune::app::Application*>(glfwGetWindowUserPointer(w));
}

// Installed before ImGui's backend, which chains to these.
void on_key(GLFWwindow* w, int key, int scancode, int action, int mods) {
    if (action == GLFW_RELEASE) return;
    // The key as the coder's layout labels it (QWERTZ's "z" is GLFW_KEY_Y), not its US place.
    const auto event = attune::app::key_event(key, glfwGetKeyName(key, scancode), mods);
    if (!event) return;  // a modifier alone, or a key that means nothing here
    attune::app::Application& app = *app_of(w);
    // Stamped now, between frames: the frame on screen is the one the coder is looking at.
    app.keys().push({event->chord, action == GLFW_REPEAT,
                     attune::app::frame_on_screen(app.workbench()), event->position});
}

void on_drop(GLFWwindow* w, int count, const char** paths) {
    app_of(w)->drop_files(std::vector<std::string>(paths, paths + count));
}

// Beside a screenshot, where the video picture is in it and which frame the workstation
// says it shows, so a test can read the frame's barcode out of exactly those pixels.
void write_picture_rect(const std::string& screenshot, const std::optional<ImVec4>& rect,
                        const attune::app::Application& app) {
    const auto& wb = app.workbench();
    if (!rect || !wb.media() || !wb.media()->shown()) return;
    if (std::FILE* f = std::fopen((screenshot + ".picture").c_str(), "w")) {
        const auto& t = app.timeline().geometry();
        std::fprintf(f,
                     "timeline_x0 %d\ntimeline_width %d\ntimeline_lanes_y %d\ntimeline_row %d\n"
                     "timeline_start_us %lld\ntimeline_span_us %lld\n",
                     static_cast<int>(t.x0), static_cast<int>(t.width), static_cast<int>(t.lanes_y),
                     static_cast<int>(t.row), static_cast<long long>(t.start_us),
                     static_cast<long long>(t.span_us));
        std::fprintf(f, "x %d\ny %d\nwidth %d\nheight %d\nframe %lld\n", static_cast<int>(rect->x),
                     static_cast<int>(rect->y), static_cast<int>(rect->z),
                     static_cast<int>(rect->w), static_cast<long long>(wb.media()->shown()->index));
        std::fclose(f);
    }
}

void set_context_hints() {
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
}

GLFWwindow* open_window(const attune::app::Options& options,
                        const attune::app::Preferences& prefs) {
    set_context_hints();
    // The size the window had when last closed (preferences.ini), unless the command line says.
    GLFWwindow* window =
        glfwCreateWindow(options.width.value_or(prefs.window_width),
                         options.height.value_or(prefs.window_height), "Attune", nullptr, nullptr);
    if (window == nullptr) {
        std::fprintf(stderr,
                     "attune: cannot create an OpenGL 3.3 window; "
                     "check the graphics driver (Mesa provides one in software).\n");
        return nullptr;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    return window;
}

// `layout_file` must outlive the ImGui context (ImGui keeps the pointer). Returns the
// captions' font.
ImFont* start_imgui(GLFWwindow* window, const std::string& layout_file) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = layout_file.c_str();
    ImGui::StyleColorsDark();
    return load_fonts(window);
}

// Ours first: ImGui's backend, installed after, chains to them.
void connect_window(GLFWwindow* window, attune::app::Application& app) {
    glfwSetWindowUserPointer(window, &app);
    glfwSetKeyCallback(window, on_key);
    glfwSetDropCallback(window, on_drop);
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
}

void disconnect_window(GLFWwindow* window) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    glfwSetWindowUserPointer(window, nullptr);
}

// The frame guard: an exception in a view becomes a message, never the end of the
// workstation (every change is already committed or refused). The next frame is planned
// either way, so a view that keeps failing cannot make the loop spin.
void guarded_frame(attune::app::Application& app) {
    const int64_t now_us = attune::video::steady_now_us();
    try {
        app.frame(now_us);
    } catch (const std::exception& e) {
        ImGui::ErrorCheckEndFrameRecover(nullptr);
        const auto& study = app.workbench().study();
        app.workbench().notify(
            std::string("Something went wrong drawing this screen (") + e.what() + "). " +
                (!study || study->all_saved() ? "Your coding is saved."
                                              : "See the status bar for what is saved."),
            true);
    }
    app.plan_next_frame(now_us);
}

// ImGui's frame drawn into `window`'s framebuffer over `clear`; returns the framebuffer's size.
std::pair<int, int> render_imgui(GLFWwindow* window, ImVec4 clear) {
    ImGui::Render();
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(clear.x, clear.y, clear.z, clear.w);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    return {fb_w, fb_h};
}

// While it lives, `window`'s GL context (and `context`, when given) is current; then the main
// window's and the ImGui context current before it again.
class CurrentContexts {
  public:
    CurrentContexts(GLFWwindow* window, ImGuiContext* context, GLFWwindow* main)
        : main_(main), main_context_(ImGui::GetCurrentContext()) {
        glfwMakeContextCurrent(window);
        if (context) ImGui::SetCurrentContext(context);
    }
    ~CurrentContexts() {
        ImGui::SetCurrentContext(main_context_);
        glfwMakeContextCurrent(main_);
    }
    CurrentContexts(const CurrentContexts&) = delete;
    CurrentContexts& operator=(const CurrentContexts&) = delete;

  private:
    GLFWwindow* main_;
    ImGuiContext* main_context_;
};

// A monitor the window is not on (the projector's, the second screen's), or null.
GLFWmonitor* other_monitor(GLFWwindow* window) {
    int count = 0, wx = 0, wy = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&count);
    glfwGetWindowPos(window, &wx, &wy);
    for (int i = 0; i < count; ++i) {
        int x = 0, y = 0, w = 0, h = 0;
        glfwGetMonitorWorkarea(monitors[i], &x, &y, &w, &h);
        const bool holds_window = wx >= x && wx < x + w && wy >= y && wy < y + h;
        if (!holds_window) return monitors[i];
    }
    return nullptr;
}

// The family's window while a visit plan is shown on a second monitor (or with
// --family-window): its own GL context sharing the main one's textures (the video picture),
// and its own ImGui context with the captions' font. Keys pressed in it act as in the main
// window; it takes no mouse input.
class FamilyWindow {
  public:
    FamilyWindow(GLFWwindow* main, attune::app::Application& app) : main_(main), app_(app) {
        int x = 80, y = 80, w = 960, h = 600;
        GLFWmonitor* projector = other_monitor(main);
        if (projector) glfwGetMonitorWorkarea(projector, &x, &y, &w, &h);
        set_context_hints();  // as the main window's, so the two can share
        glfwWindowHint(GLFW_DECORATED, projector ? GLFW_FALSE : GLFW_TRUE);
        glfwWindowHint(GLFW_FOCUS_ON_SHOW, GLFW_FALSE);  // the therapist's keys stay there
        glfwWindowHint(GLFW_FOCUSED, GLFW_FALSE);
        window_ = glfwCreateWindow(w, h, "Attune", nullptr, main);
        glfwDefaultWindowHints();
        set_context_hints();
        if (!window_) return;
        glfwSetWindowPos(window_, x, y);
        glfwSetWindowUserPointer(window_, &app);
        glfwSetKeyCallback(window_, on_key);
        {
            const CurrentContexts in(window_, nullptr, main_);
            glfwSwapInterval(0);  // the main window's swap paces the loop
            context_ = ImGui::CreateContext();
            ImGui::SetCurrentContext(context_);
            ImGui::GetIO().IniFilename = nullptr;
            font_ = add_font(window_, kCaptionPixels);
            if (!font_) font_ = ImGui::GetIO().Fonts->AddFontDefault();
            ImGui_ImplGlfw_InitForOpenGL(window_, false);
            ImGui_ImplOpenGL3_Init("#version 330 core");
        }
        app_.set_family_window(true);
    }
    ~FamilyWindow() {
        app_.set_family_window(false);
        if (!window_) return;
        {
            const CurrentContexts in(window_, context_, main_);
            ImGui_ImplOpenGL3_Shutdown();
            ImGui_ImplGlfw_Shutdown();
            ImGui::DestroyContext(context_);
        }
        glfwDestroyWindow(window_);
    }
    FamilyWindow(const FamilyWindow&) = delete;
    FamilyWindow& operator=(const FamilyWindow&) = delete;
    bool opened() const { return window_ != nullptr; }
    // Its close button ends the showing, as Esc does.
    bool close_asked() const { return window_ && glfwWindowShouldClose(window_); }

    // Draws the family's view; with `screenshot`, writes it there first.
    void draw(const std::optional<std::string>& screenshot) {
        const CurrentContexts in(window_, context_, main_);
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        int w = 0, h = 0;
        glfwGetWindowSize(window_, &w, &h);
        try {
            app_.draw_family_window(ImVec2(static_cast<float>(w), static_cast<float>(h)), font_);
        } catch (const std::exception& e) {
            ImGui::ErrorCheckEndFrameRecover(nullptr);
            app_.workbench().notify(std::string("The family's window: ") + e.what(), true);
        }
        const auto [fb_w, fb_h] = render_imgui(window_, ImVec4(0, 0, 0, 1));
        if (screenshot) write_family_screenshot(*screenshot, fb_w, fb_h);
        glfwSwapBuffers(window_);
    }

  private:
    void write_family_screenshot(const std::string& path, int fb_w, int fb_h) const {
        if (auto ok = attune::app::write_framebuffer_png(path, fb_w, fb_h); !ok)
            std::fprintf(stderr, "attune: %s\n", ok.error().message.c_str());
        write_picture_rect(path, app_.family_picture_rect(), app_);
    }

    GLFWwindow* main_;
    attune::app::Application& app_;
    GLFWwindow* window_ = nullptr;
    ImGuiContext* context_ = nullptr;
    ImFont* font_ = nullptr;
};

// One frame: input and views in the guard, render, the screenshot if this is the last, show.
class FrameDrawer {
  public:
    FrameDrawer(GLFWwindow* window, attune::app::Application& app,
                const attune::app::Options& options)
        : window_(window), app_(app), options_(options) {}

    void operator()(bool last) {
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        app_.apply_script_mouse();
        ImGui::NewFrame();
        guarded_frame(app_);
        const auto [fb_w, fb_h] = render_imgui(window_, ImVec4(0.09f, 0.10f, 0.12f, 1.0f));
        const bool shoot = (last || app_.quit_requested()) && options_.screenshot;
        if (shoot) write_screenshot(fb_w, fb_h);
        glfwSwapBuffers(window_);
        draw_family(shoot ? std::optional(*options_.screenshot + ".family.png") : std::nullopt);
        if (const std::string t = app_.title(); t != title_)
            glfwSetWindowTitle(window_, (title_ = t).c_str());
    }

  private:
    // The family's window follows the showing of a plan: opened with it, closed after it.
    void draw_family(const std::optional<std::string>& screenshot) {
        if (!app_.wants_family_window()) return family_.reset();
        if (!family_) {
            family_ = std::make_unique<FamilyWindow>(window_, app_);
            if (!family_->opened())
                app_.workbench().notify(
                    "No second window could be opened: the family's view "
                    "is this window's (Esc ends it)",
                    true);
        }
        if (family_->close_asked()) return app_.workbench().end_presentation(), family_.reset();
        if (family_->opened()) family_->draw(screenshot);
    }

    void write_screenshot(int fb_w, int fb_h) {
        if (auto ok = attune::app::write_framebuffer_png(*options_.screenshot, fb_w, fb_h); !ok)
            std::fprintf(stderr, "attune: %s\n", ok.error().message.c_str());
        write_picture_rect(*options_.screenshot, app_.picture_rect(), app_);
    }

    GLFWwindow* window_;
    attune::app::Application& app_;
    const attune::app::Options& options_;
    std::string title_;
    std::unique_ptr<FamilyWindow> family_;
};

// Until the window closes, the coder quits, or --exit-after-frames frames are drawn.
void run_loop(GLFWwindow* window, attune::app::Application& app,
              const attune::app::Options& options, FrameDrawer& draw_frame) {
    int frames = 0;
    while (!glfwWindowShouldClose(window) && !app.quit_requested()) {
        app.wait_for_next_frame();
        ++frames;
        const bool last = options.exit_after_frames && frames >= *options.exit_after_frames;
        draw_frame(last);
        if (last) break;
    }
}

// The workstation in its window, from opening what the command line names to the end.
int run_workstation(GLFWwindow* window, attune::app::Application& app,
                    const attune::app::Options& options) {
    int exit_code = 0;
    if (auto started = app.start(options); !started) {
        std::fprintf(stderr, "attune: %s\n", started.error().message.c_str());
        app.workbench().notify(started.error().message, true);
        if (options.script || options.bench_ui) exit_code = 1;
    }
    FrameDrawer draw_frame(window, app, options);
    if (options.bench_ui && exit_code == 0)
        return attune::app::run_bench_ui(app, std::ref(draw_frame), options);
    if (exit_code == 0 || !options.script) run_loop(window, app, options, draw_frame);
    return exit_code;
}

// A person's session, not a test's: the window's size is kept for next time.
void remember_window_size(GLFWwindow* window, const attune::app::Options& options,
                          attune::app::Preferences& prefs, const std::string& config) {
    if (options.width || options.height || options.script || options.bench_ui ||
        options.exit_after_frames)
        return;
    glfwGetWindowSize(window, &prefs.window_width, &prefs.window_height);
    attune::app::save_preferences(config, prefs);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace attune::app;
    auto options = parse_options(argc, argv);
    if (!options) {
        if (options.error().message.empty()) return 0;  // --help
        std::fprintf(stderr, "attune: %s\n", options.error().message.c_str());
        return 2;
    }
    // The decoder's complaints about a damaged recording (thousands of lines) go to a log
    // file; the terminal shows what the workstation says.
    const std::string ffmpeg_log = ffmpeg_log_path(state_dir());
    if (auto logged = attune::video::log_ffmpeg_to_file(ffmpeg_log); !logged) {
        attune::video::quiet_ffmpeg_log();
        std::fprintf(stderr, "attune: %s\n", logged.error().message.c_str());
    }
    glfwSetErrorCallback(report_glfw_error);
    if (!glfwInit()) {
        std::fprintf(stderr,
                     "attune: cannot open a window: no display. "
                     "On a machine without a screen run it under xvfb-run.\n");
        return 1;
    }
    const std::string config = config_dir();
    Preferences prefs = load_preferences(config);
    GLFWwindow* window = open_window(*options, prefs);
    if (window == nullptr) {
        glfwTerminate();
        return 1;
    }
    const std::string layout_file = config + "/layout.ini";
    ImFont* caption_font = start_imgui(window, layout_file);
    int exit_code = 0;
    {
        // --coder names who codes this run only; the preferences keep the usual name.
        const std::string coder =
            options->coder.value_or(prefs.coder.empty() ? "coder" : prefs.coder);
        Application app(window, prefs, config, coder);
        app.set_caption_font(caption_font);
        connect_window(window, app);
        exit_code = run_workstation(window, app, *options);
        remember_window_size(window, *options, prefs, config);
        disconnect_window(window);
    }
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return exit_code;
}
