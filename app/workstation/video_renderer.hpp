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

    GLuint texture() const { return output_.get(); }
    int width() const { return out_w_; }  // display size, after rotation
    int height() const { return out_h_; }
    bool has_picture() const { return out_w_ > 0; }
    // Width / height as the picture is meant to be seen: rotation and the pixels' own
    // aspect ratio (anamorphic DV, for example, has non-square pixels) applied.
    float display_aspect() const;

  private:
    Status ensure_planes(const video::Picture& picture, int rotation_degrees);
    void upload_planes(const video::Picture& picture);
    void convert(const video::Picture& picture);

    gl::Program program_;
    gl::VertexArray vao_;
    gl::Texture planes_[3];
    gl::Texture output_;
    gl::Framebuffer fbo_;
    int format_ = -1, src_w_ = 0, src_h_ = 0, rotation_ = 0, out_w_ = 0, out_h_ = 0;
    double pixel_aspect_ = 1.0;  // sample aspect ratio of the source
    int bytes_per_sample_ = 1;
    GLint u_matrix_ = -1, u_offset_ = -1, u_scale_ = -1, u_rotation_ = -1;
};

}  // namespace attune::app
