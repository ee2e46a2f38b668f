#pragma once
// OpenGL handles as RAII values (GL 3.3 core; Mesa's libGL exports the entry points,
// declared because the build defines GL_GLEXT_PROTOTYPES).
#include <GL/gl.h>
#include <GL/glext.h>

#include <utility>

namespace attune::app::gl {

// One GL object name with the function that deletes it.
template <void (*Delete)(GLuint)>
class Handle {
  public:
    Handle() = default;
    explicit Handle(GLuint id) : id_(id) {}
    Handle(Handle&& o) noexcept : id_(std::exchange(o.id_, 0)) {}
    Handle& operator=(Handle&& o) noexcept {
        if (this != &o) {
            reset();
            id_ = std::exchange(o.id_, 0);
        }
        return *this;
    }
    ~Handle() { reset(); }
    GLuint get() const { return id_; }
    explicit operator bool() const { return id_ != 0; }
    void reset() {
        if (id_ != 0) Delete(id_);
        id_ = 0;
    }

  private:
    GLuint id_ = 0;
};

inline void delete_texture(GLuint id) {
    glDeleteTextures(1, &id);
}
inline void delete_framebuffer(GLuint id) {
    glDeleteFramebuffers(1, &id);
}
inline void delete_vertex_array(GLuint id) {
    glDeleteVertexArrays(1, &id);
}
inline void delete_program(GLuint id) {
    glDeleteProgram(id);
}
inline void delete_shader(GLuint id) {
    glDeleteShader(id);
}

using Texture = Handle<delete_texture>;
using Framebuffer = Handle<delete_framebuffer>;
using VertexArray = Handle<delete_vertex_array>;
using Program = Handle<delete_program>;
using Shader = Handle<delete_shader>;

inline Texture make_texture() {
    GLuint id = 0;
    glGenTextures(1, &id);
    return Texture(id);
}

}  // namespace attune::app::gl
