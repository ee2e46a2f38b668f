#include "video_renderer.hpp"

#include <array>

#include "attune/video/colour.hpp"

namespace attune::app {
namespace {

// A triangle covering the viewport; `pic` is the picture position in display
// orientation (0,0 top-left), turned back into the source's coordinates.
constexpr const char* kVertex = R"(#version 330 core
uniform int rotation;
out vec2 src;
void main() {
    vec2 p = vec2((gl_VertexID << 1) & 2, gl_VertexID & 2);
    gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
    vec2 pic = p;  // framebuffer row 0 holds the picture's top row
    if (rotation == 90) src = vec2(pic.y, 1.0 - pic.x);
    else if (rotation == 180) src = vec2(1.0 - pic.x, 1.0 - pic.y);
    else if (rotation == 270) src = vec2(1.0 - pic.y, pic.x);
    else src = pic;
}
)";

constexpr const char* kFragment = R"(#version 330 core
uniform sampler2D plane_y, plane_u, plane_v;
uniform mat3 matrix;
uniform vec3 offset;
uniform float scale;  // texture value -> sample / full scale of the bit depth
in vec2 src;
out vec4 colour;
void main() {
    vec3 ycc = vec3(texture(plane_y, src).r, texture(plane_u, src).r, texture(plane_v, src).r);
    colour = vec4(clamp(matrix * (ycc * scale - offset), 0.0, 1.0), 1.0);
}
)";

Result<gl::Shader> compile(GLenum kind, const char* text) {
    gl::Shader s(glCreateShader(kind));
    glShaderSource(s.get(), 1, &text, nullptr);
    glCompileShader(s.get());
    GLint ok = 0;
    glGetShaderiv(s.get(), GL_COMPILE_STATUS, &ok);
    if (!ok) {
        std::array<char, 1024> log{};
        glGetShaderInfoLog(s.get(), log.size(), nullptr, log.data());
        return Error{std::string("the video shader does not compile: ") + log.data()};
    }
    return s;
}

void set_filter(GLenum filter) {
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

}  // namespace

Status VideoRenderer::init() {
    auto vs = compile(GL_VERTEX_SHADER, kVertex);
    if (!vs) return vs.error();
    auto fs = compile(GL_FRAGMENT_SHADER, kFragment);
    if (!fs) return fs.error();
    program_ = gl::Program(glCreateProgram());
    glAttachShader(program_.get(), vs->get());
    glAttachShader(program_.get(), fs->get());
    glLinkProgram(program_.get());
    GLint ok = 0;
    glGetProgramiv(program_.get(), GL_LINK_STATUS, &ok);
    if (!ok) return Error{"the video shader does not link; check the graphics driver"};
    glUseProgram(program_.get());
    glUniform1i(glGetUniformLocation(program_.get(), "plane_y"), 0);
    glUniform1i(glGetUniformLocation(program_.get(), "plane_u"), 1);
    glUniform1i(glGetUniformLocation(program_.get(), "plane_v"), 2);
    u_matrix_ = glGetUniformLocation(program_.get(), "matrix");
    u_offset_ = glGetUniformLocation(program_.get(), "offset");
    u_scale_ = glGetUniformLocation(program_.get(), "scale");
    u_rotation_ = glGetUniformLocation(program_.get(), "rotation");
    glUseProgram(0);
    GLuint vao = 0;
    glGenVertexArrays(1, &vao);
    vao_ = gl::VertexArray(vao);
    return ok_status();
}

bool VideoRenderer::Surface::fits(const video::Picture& pic, int rotation_degrees) const {
    return pic.format.id == format && pic.width == src_w && pic.height == src_h &&
           rotation_degrees == rotation;
}

Status VideoRenderer::ensure_surface(const video::Picture& pic, int rotation) {
    if (surfaces_[shown_].fits(pic, rotation)) return ok_status();
    if (surfaces_[1 - shown_].fits(pic, rotation)) return shown_ = 1 - shown_, ok_status();
    // Made aside and kept only when complete: a picture that cannot be shown leaves the
    // last one on screen.
    Surface made;
    if (auto ok = make_surface(made, pic, rotation); !ok) return ok;
    shown_ = 1 - shown_;
    surfaces_[shown_] = std::move(made);
    return ok_status();
}

Status VideoRenderer::make_surface(Surface& s, const video::Picture& pic, int rotation) {
    const video::PixelFormat& fmt = pic.format;
    if (!fmt.planar_ycbcr)
        return Error{std::string("the video's pixel format ") + fmt.name +
                     " is not planar Y'CbCr; convert the recording to H.264 (yuv420p)"};
    if (fmt.big_endian)
        return Error{"big-endian pixel formats are not shown; convert the recording"};
    s.bytes_per_sample = fmt.bytes_per_sample;
    for (int p = 0; p < 3; ++p) {
        s.planes[p] = gl::make_texture();
        glBindTexture(GL_TEXTURE_2D, s.planes[p].get());
        set_filter(p == 0 ? GL_NEAREST : GL_LINEAR);
        const int w = pic.planes[p].width, h = pic.planes[p].height;
        if (s.bytes_per_sample == 2)
            glTexImage2D(GL_TEXTURE_2D, 0, GL_R16, w, h, 0, GL_RED, GL_UNSIGNED_SHORT, nullptr);
        else
            glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, w, h, 0, GL_RED, GL_UNSIGNED_BYTE, nullptr);
    }
    const bool turned = rotation == 90 || rotation == 270;
    const int out_w = turned ? pic.height : pic.width, out_h = turned ? pic.width : pic.height;
    s.output = gl::make_texture();
    glBindTexture(GL_TEXTURE_2D, s.output.get());
    set_filter(GL_LINEAR);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, out_w, out_h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    GLuint fbo = 0;
    glGenFramebuffers(1, &fbo);
    s.fbo = gl::Framebuffer(fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, s.fbo.get());
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, s.output.get(), 0);
    const bool complete = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glBindTexture(GL_TEXTURE_2D, 0);
    if (!complete)
        return Error{"cannot make a render target for the video; check the graphics driver"};
    s.format = fmt.id, s.src_w = pic.width, s.src_h = pic.height, s.rotation = rotation;
    s.out_w = out_w, s.out_h = out_h;
    return ok_status();
}

float VideoRenderer::display_aspect() const {
    if (!has_picture()) return 16.0f / 9.0f;
    const Surface& s = shown();
    const bool turned = s.rotation == 90 || s.rotation == 270;
    const double w = turned ? s.out_w : s.out_w * pixel_aspect_;
    const double h = turned ? s.out_h * pixel_aspect_ : s.out_h;
    return static_cast<float>(w / h);
}

Status VideoRenderer::draw(const video::Picture& pic, int rotation) {
    GLint previous_fbo = 0, viewport[4];  // before making a surface, which binds its own
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous_fbo);
    glGetIntegerv(GL_VIEWPORT, viewport);
    if (auto ok = ensure_surface(pic, rotation); !ok) return ok;
    pixel_aspect_ = pic.pixel_aspect;
    upload_planes(pic);
    convert(pic);
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous_fbo));
    glViewport(viewport[0], viewport[1], viewport[2], viewport[3]);
    return ok_status();
}

void VideoRenderer::upload_planes(const video::Picture& pic) {
    const Surface& s = shown();
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    for (int c = 0; c < 3; ++c) {
        const video::Plane& plane = pic.planes[c];
        glActiveTexture(GL_TEXTURE0 + c);
        glBindTexture(GL_TEXTURE_2D, s.planes[c].get());
        glPixelStorei(GL_UNPACK_ROW_LENGTH, plane.stride / s.bytes_per_sample);
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, plane.width, plane.height, GL_RED,
                        s.bytes_per_sample == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_BYTE, plane.data);
    }
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
}

// The shader pass: Y'CbCr textures -> RGB in the output texture, rotated.
void VideoRenderer::convert(const video::Picture& pic) {
    const int depth = pic.colour.bit_depth;
    const auto cc =
        video::colour_conversion(pic.colour.matrix, pic.colour.range, depth, pic.height);
    glUseProgram(program_.get());
    glUniformMatrix3fv(u_matrix_, 1, GL_TRUE, cc.matrix.data());  // ours is row-major
    glUniform3fv(u_offset_, 1, cc.offset.data());
    const float full = static_cast<float>((1 << depth) - 1);
    const Surface& s = shown();
    glUniform1f(u_scale_, s.bytes_per_sample == 2 ? 65535.0f / full : 1.0f);
    glUniform1i(u_rotation_, s.rotation);
    glBindFramebuffer(GL_FRAMEBUFFER, s.fbo.get());
    glViewport(0, 0, s.out_w, s.out_h);
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    glBindVertexArray(vao_.get());
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glBindVertexArray(0);
    glUseProgram(0);
    glActiveTexture(GL_TEXTURE0);
}

}  // namespace attune::app
