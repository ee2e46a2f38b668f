#include "png_image.hpp"

#include <png.h>

#include <cstring>

namespace attune::testing {

uint8_t RgbImage::luma(int x, int y) const {
    const uint8_t* p = &rgb[(static_cast<size_t>(y) * width + x) * 3];
    return static_cast<uint8_t>((299 * p[0] + 587 * p[1] + 114 * p[2]) / 1000);
}

Result<RgbImage> read_png(const std::string& path) {
    png_image image;
    std::memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (png_image_begin_read_from_file(&image, path.c_str()) == 0)
        return Error{"cannot read PNG " + path + ": " + image.message};
    image.format = PNG_FORMAT_RGB;
    RgbImage out;
    out.width = static_cast<int>(image.width);
    out.height = static_cast<int>(image.height);
    out.rgb.resize(PNG_IMAGE_SIZE(image));
    if (png_image_finish_read(&image, nullptr, out.rgb.data(), 0, nullptr) == 0) {
        png_image_free(&image);
        return Error{"cannot decode PNG " + path + ": " + image.message};
    }
    return out;
}

}  // namespace attune::testing
