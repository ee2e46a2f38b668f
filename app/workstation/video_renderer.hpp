#pragma once
// Draws decoded Y'CbCr pictures (video::Picture, never an FFmpeg frame): the planes are uploaded as
// single-channel textures (16-bit for 10/12-bit video) and converted to RGB in a fragment shader
// with the matrix and range of video::colour_conversion(), rotated for display, into an RGBA
// texture the video view shows. Runs only when a new frame arrives, so drawing the
// interface costs nothing extra while the picture stands still. Main thread only.
#include <string>

#include "attune/result.hpp"
#include "attune/video/picture.hpp"
#include "gl.hpp"

namespace attune::app {

class VideoRenderer {
  public:
    Status init();  // compiles the shader; needs the GL context current
    // Converts `picture` into texture(); rotation is clockwise degrees (0, 90, 180, 270).
    Status draw(const video::Picture& picture, int rotation_degrees);

    GLuint texture() const { return shown().output.get(); }
    int width() const { return shown().out_w; }  // display size, after rotation
    int height() const { return shown().out_h; }
    bool has_picture() const { return shown().out_w > 0; }
    // Width / height as the picture is meant to be seen: rotation and the pixels' own
    // aspect ratio (anamorphic DV, for example, has non-square pixels) applied.
    float display_aspect() const;

  private:
    // The textures for pictures of one shape (format, size, rotation): the planes and the
    // RGB output with its framebuffer.
    struct Surface {
        gl::Texture planes[3];
        gl::Texture output;
        gl::Framebuffer fbo;
        int format = -1, src_w = 0, src_h = 0, rotation = 0, out_w = 0, out_h = 0;
        int bytes_per_sample = 1;
        bool fits(const video::Picture& pic, int rotation_degrees) const;
    };
    const Surface& shown() const { return surfaces_[shown_]; }
    // Makes the surface for this picture's shape the one shown: the one kept for it, else
    // the other one made anew.
    Status ensure_surface(const video::Picture& picture, int rotation_degrees);
    Status make_surface(Surface& s, const video::Picture& picture, int rotation_degrees);
    void upload_planes(const video::Picture& picture);
    void convert(const video::Picture& picture);

    gl::Program program_;
    gl::VertexArray vao_;
    // Two shapes kept: a seek shows the seek proxy's smaller picture and then the
    // original's, and going back and forth must not make textures anew each time.
    Surface surfaces_[2];
    int shown_ = 0;
    double pixel_aspect_ = 1.0;  // sample aspect ratio of the source
    GLint u_matrix_ = -1, u_offset_ = -1, u_scale_ = -1, u_rotation_ = -1;
};

}  // namespace attune::app
