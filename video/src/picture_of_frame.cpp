#include "picture_of_frame.hpp"

extern "C" {
#include <libavutil/pixdesc.h>
}

namespace attune::video {
namespace {

bool is_planar_ycbcr(const AVPixFmtDescriptor* d) {
    return d != nullptr && !(d->flags & AV_PIX_FMT_FLAG_RGB) &&
           (d->flags & AV_PIX_FMT_FLAG_PLANAR) && d->nb_components >= 3 &&
           d->comp[0].plane != d->comp[1].plane;
}

PixelFormat pixel_format_of(int format, const AVPixFmtDescriptor* d) {
    PixelFormat f;
    f.id = format;
    f.name = d ? d->name : "?";
    f.planar_ycbcr = is_planar_ycbcr(d);
    if (d == nullptr) return f;
    f.big_endian = (d->flags & AV_PIX_FMT_FLAG_BE) != 0;
    f.chroma_shift_w = d->log2_chroma_w, f.chroma_shift_h = d->log2_chroma_h;
    f.bytes_per_sample = d->comp[0].depth > 8 ? 2 : 1;
    return f;
}

// Size of a chroma plane: rounded up, as FFmpeg allocates it.
int chroma_size(int luma, int shift) {
    return -((-luma) >> shift);
}

}  // namespace

ColourMatrix colour_matrix_of(AVColorSpace space) {
    switch (space) {
        case AVCOL_SPC_UNSPECIFIED:
        case AVCOL_SPC_RESERVED:
            return ColourMatrix::Unspecified;
        case AVCOL_SPC_BT470BG:
        case AVCOL_SPC_SMPTE170M:
        case AVCOL_SPC_FCC:
            return ColourMatrix::BT601;
        case AVCOL_SPC_BT2020_NCL:
        case AVCOL_SPC_BT2020_CL:
            return ColourMatrix::BT2020;
        case AVCOL_SPC_SMPTE240M:
            return ColourMatrix::SMPTE240M;
        default:
            return ColourMatrix::BT709;  // BT.709 itself, and what the others are shown with
    }
}

ColourRange colour_range_of(AVColorRange range) {
    if (range == AVCOL_RANGE_MPEG) return ColourRange::Limited;
    if (range == AVCOL_RANGE_JPEG) return ColourRange::Full;
    return ColourRange::Unspecified;
}

Picture picture_of_frame(FramePtr frame, int64_t index, int64_t t_us) {
    const AVFrame* f = frame.get();
    const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(f->format));
    Picture p;
    p.index = index, p.t_us = t_us;
    p.width = f->width, p.height = f->height;
    const AVRational sar = f->sample_aspect_ratio;
    p.pixel_aspect = sar.num > 0 && sar.den > 0 ? static_cast<double>(sar.num) / sar.den : 1.0;
    p.format = pixel_format_of(f->format, d);
    p.colour = {colour_matrix_of(f->colorspace), colour_range_of(f->color_range),
                d ? d->comp[0].depth : 8};
    if (p.format.planar_ycbcr) {
        for (int c = 0; c < 3; ++c) {
            const int plane = d->comp[c].plane;
            const bool luma = c == 0;
            p.planes[c] = {f->data[plane], f->linesize[plane],
                           luma ? f->width : chroma_size(f->width, d->log2_chroma_w),
                           luma ? f->height : chroma_size(f->height, d->log2_chroma_h)};
        }
    }
    p.owner = std::shared_ptr<const AVFrame>(frame.release(), FrameDeleter{});
    return p;
}

}  // namespace attune::video
