// The Attune workstation: startup order and main loop in one flat function,
// after Dear ImGui's example_glfw_opengl3.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>
#include <filesystem>

#include "attune/coding/version.hpp"
#include "options.hpp"
#include "screenshot.hpp"
#include "welcome_view.hpp"

namespace {

void report_glfw_error(int code, const char* text) {
    std::fprintf(stderr, "attune: window system error %d: %s\n", code, text);
}

// A readable font at the monitor's scale (high-DPI screens report > 1).
void load_fonts(GLFWwindow* window) {
    float xscale = 1, yscale = 1;
    glfwGetWindowContentScale(window, &xscale, &yscale);
    ImGuiIO& io = ImGui::GetIO();
    const char* dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    if (std::filesystem::exists(dejavu))
        io.Fonts->AddFontFromFileTTF(dejavu, 16.0f * yscale);
    else
        io.Fonts->AddFontDefault();
    ImGui::GetStyle().ScaleAllSizes(yscale);
}

}  // namespace

int main(int argc, char** argv) {
    auto options = attune::app::parse_options(argc, argv);
    if (!options) {
        if (options.error().message.empty()) return 0;  // --help
        std::fprintf(stderr, "attune: %s\n", options.error().message.c_str());
        return 2;
    }

    glfwSetErrorCallback(report_glfw_error);
    if (!glfwInit()) {
        std::fprintf(stderr,
                     "attune: cannot open a window: no display. "
                     "On a machine without a screen run it under xvfb-run.\n");
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    const std::string title = "Attune " + std::string(attune::version());
    GLFWwindow* window =
        glfwCreateWindow(options->width, options->height, title.c_str(), nullptr, nullptr);
    if (window == nullptr) {
        std::fprintf(stderr,
                     "attune: cannot create an OpenGL 3.3 window; "
                     "check the graphics driver (Mesa provides one in software).\n");
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // layout persistence arrives with the preferences
    ImGui::StyleColorsDark();
    load_fonts(window);
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");

    attune::app::WelcomeView welcome(options->study);
    int frames = 0;
    while (!glfwWindowShouldClose(window)) {
        glfwPollEvents();
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        welcome.draw();
        if (welcome.quit_requested()) glfwSetWindowShouldClose(window, GLFW_TRUE);
        ImGui::Render();

        int fb_w = 0, fb_h = 0;
        glfwGetFramebufferSize(window, &fb_w, &fb_h);
        glViewport(0, 0, fb_w, fb_h);
        glClearColor(0.09f, 0.10f, 0.12f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

        ++frames;
        const bool last = options->exit_after_frames && frames >= *options->exit_after_frames;
        if (last && options->screenshot) {
            if (auto ok = attune::app::write_framebuffer_png(*options->screenshot, fb_w, fb_h); !ok)
                std::fprintf(stderr, "attune: %s\n", ok.error().message.c_str());
        }
        glfwSwapBuffers(window);
        if (last) glfwSetWindowShouldClose(window, GLFW_TRUE);
    }

    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return 0;
}
