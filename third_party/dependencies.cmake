# Every dependency comes from a Debian package (see third_party/README.md and
# scripts/setup). This file only finds them and names imported targets; no
# third-party source is copied into the repository.

find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(pugixml REQUIRED)

pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET
  libavformat>=59 libavcodec>=59 libavutil>=57 libswscale>=6 libswresample>=4 libavfilter>=8)
pkg_check_modules(PORTAUDIO REQUIRED IMPORTED_TARGET portaudio-2.0)
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
pkg_check_modules(CAIRO REQUIRED IMPORTED_TARGET cairo)
find_package(CLI11 2.1 REQUIRED)

if(ATTUNE_BUILD_APP)
  find_package(OpenGL REQUIRED)
  find_package(glfw3 3.3 REQUIRED)
  pkg_check_modules(STB REQUIRED IMPORTED_TARGET stb)
  pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
  include(${CMAKE_CURRENT_LIST_DIR}/imgui_backends.cmake)
endif()

if(ATTUNE_BUILD_TESTS)
  find_package(Catch2 2.13 REQUIRED)
  include(Catch)
  pkg_check_modules(PNG REQUIRED IMPORTED_TARGET libpng)
  if(NOT TARGET PkgConfig::STB)
    pkg_check_modules(STB REQUIRED IMPORTED_TARGET stb)
  endif()
endif()
