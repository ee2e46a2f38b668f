#pragma once
// Turns a decoded AVFrame into a Picture without copying: the Picture takes the
// frame's reference and reads its planes, pixel format and colour metadata into
// Attune's own description. The one place FFmpeg's frame becomes Attune's type.
#include "attune/video/av_handles.hpp"
#include "attune/video/picture.hpp"

namespace attune::video {

Picture picture_of_frame(FramePtr frame, int64_t index, int64_t t_us);

// Attune's description of FFmpeg's colour metadata.
ColourMatrix colour_matrix_of(AVColorSpace space);
ColourRange colour_range_of(AVColorRange range);

}  // namespace attune::video
