#pragma once
// Burns text into frames with libavfilter's drawtext (the feedback reel's captions and
// title cards), and converts them to 8-bit 4:2:0 for the encoder on the way out. The text
// is set as an option value, never parsed from a filter string, and drawn without
// drawtext's %{...} expansion: a caption is shown exactly as the therapist typed it.
#include <memory>
#include <string>
#include <vector>

#include "attune/result.hpp"
#include "attune/video/av_handles.hpp"

struct AVFilterGraph;
struct AVFilterContext;

namespace attune::video {

struct TextBlock {
    enum class Place { Bottom, Centre, AboveCentre, BelowCentre } place = Place::Bottom;
    std::string text;        // may hold '\n'; wrap_words breaks long lines
    double size = 1.0 / 14;  // font size as a share of the picture's height
    bool box = true;         // a dark box behind the text, so it reads on any picture
};

// Breaks each line of the text (the writer's own line breaks are kept) at spaces into lines
// of at most `width` characters (a longer word keeps its own line).
std::string wrap_words(const std::string& text, size_t width);

class TextOverlay {
  public:
    // For frames of this size and format, with these pts units; the frames come out at
    // `out_width` x `out_height` (scaled when the size differs).
    static Result<std::unique_ptr<TextOverlay>> open(int width, int height, AVPixelFormat format,
                                                     AVRational time_base,
                                                     const std::vector<TextBlock>& blocks,
                                                     int out_width, int out_height);
    ~TextOverlay();
    TextOverlay(const TextOverlay&) = delete;
    TextOverlay& operator=(const TextOverlay&) = delete;

    // The frame with the text drawn, as yuv420p at the output size (the input is left as it
    // was).
    Result<FramePtr> apply(const AVFrame* frame);

  private:
    TextOverlay() = default;
    AVFilterGraph* graph_ = nullptr;
    AVFilterContext* source_ = nullptr;
    AVFilterContext* sink_ = nullptr;
};

// The font the reel's text is drawn in (DejaVu Sans, Debian's fonts-dejavu-core).
const char* reel_font_file();

}  // namespace attune::video
