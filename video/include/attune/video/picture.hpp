#pragma once
// A decoded picture as the player hands it out: the Y', Cb and Cr planes (pointer,
// stride, size), the pixel format described in Attune's own terms, the colour
// description, the frame number and the session time. It is mpv's `mp_image` for
// Attune: views and the renderer read pictures and never see an FFmpeg type. A
// Picture shares the decoder's buffers (no copy): `owner` keeps them alive for as
// long as any copy of the Picture exists, so a picture is cheap to pass around.
#include <array>
#include <cstdint>
#include <memory>

#include "attune/video/colour.hpp"

namespace attune::video {

// How the samples are laid out in memory.
struct PixelFormat {
    int id = -1;                // equal ids, equal layout (a cache key; its value means nothing)
    const char* name = "none";  // e.g. "yuv420p10le", for messages
    bool planar_ycbcr = false;  // Y', Cb and Cr in separate planes (what the renderer draws)
    bool big_endian = false;    // samples wider than 8 bits stored big-endian
    int chroma_shift_w = 0;     // log2 of the horizontal chroma subsampling (1 for 4:2:0)
    int chroma_shift_h = 0;     // log2 of the vertical chroma subsampling (1 for 4:2:0)
    int bytes_per_sample = 1;   // 2 for 10/12/16-bit video
};

// One plane of samples; `stride` is in bytes and may exceed width * bytes per sample.
struct Plane {
    const uint8_t* data = nullptr;
    int stride = 0;
    int width = 0, height = 0;  // in samples (chroma planes are subsampled)
};

struct Picture {
    int64_t index = -1;  // frame number, 0-based in presentation order
    int64_t t_us = 0;    // session time of the frame
    int width = 0, height = 0;
    double pixel_aspect = 1.0;  // width / height of one sample (non-square in anamorphic DV)
    PixelFormat format;
    ColourDescription colour;
    std::array<Plane, 3> planes;        // Y', Cb, Cr (empty unless format.planar_ycbcr)
    std::shared_ptr<const void> owner;  // the decoded buffers the planes point into
};

}  // namespace attune::video
