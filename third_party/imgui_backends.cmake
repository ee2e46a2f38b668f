# Debian's libimgui-dev ships the core library (libimgui.a) but the platform and
# renderer backends only as example sources. Compile the GLFW and OpenGL3
# backends from the package's own files into a small static library.
set(IMGUI_BACKEND_DIR /usr/share/doc/libimgui-dev/examples/backends
    CACHE PATH "Where libimgui-dev installs the backend sources")

foreach(src imgui_impl_glfw.cpp imgui_impl_opengl3.cpp)
  if(NOT EXISTS ${IMGUI_BACKEND_DIR}/${src})
    message(FATAL_ERROR "Dear ImGui backend ${src} not found in ${IMGUI_BACKEND_DIR}. "
                        "Run scripts/setup (package libimgui-dev).")
  endif()
endforeach()

add_library(imgui_backends STATIC
  ${IMGUI_BACKEND_DIR}/imgui_impl_glfw.cpp
  ${IMGUI_BACKEND_DIR}/imgui_impl_opengl3.cpp)
# The package installs the backend headers under <imgui/backends/>.
target_include_directories(imgui_backends SYSTEM PUBLIC /usr/include/imgui/backends)
target_link_libraries(imgui_backends PUBLIC PkgConfig::IMGUI PkgConfig::STB glfw OpenGL::GL
                                            ${CMAKE_DL_LIBS})
set_target_properties(imgui_backends PROPERTIES CXX_CLANG_TIDY "")
target_compile_options(imgui_backends PRIVATE -w)
if(ATTUNE_SANITIZE)
  # The GL loader the package ships (imgui_impl_opengl3_loader.h, gl3w) indexes one past its
  # function table by design; it is not our code, so UBSan is off for this target only.
  target_compile_options(imgui_backends PRIVATE -fno-sanitize=undefined)
endif()
