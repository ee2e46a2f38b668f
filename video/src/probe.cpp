#include "attune/video/probe.hpp"

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "attune/video/av_error.hpp"
#include "attune/video/av_handles.hpp"
#include "open_input.hpp"

extern "C" {
#include <libavutil/display.h>
#include <libavutil/pixdesc.h>
}

namespace attune::video {

namespace {
Rational rational(AVRational r) {
    return {r.num, r.den};
}
std::string or_unknown(const char* s) {
    return s ? s : "unknown";
}
}  // namespace

Result<ProbeInfo> probe(const std::string& path) {
    auto in = open_input(path);
    if (!in) return in.error();
    AVFormatContext* fmt = in->get();
    ProbeInfo p;
    p.path = path;
    p.container = fmt->iformat->name;
    p.container_long = or_unknown(fmt->iformat->long_name);
    p.duration_us = fmt->duration == AV_NOPTS_VALUE ? 0 : fmt->duration;
    p.start_us = fmt->start_time == AV_NOPTS_VALUE ? 0 : fmt->start_time;
    std::error_code ec;
    p.size_bytes = static_cast<int64_t>(std::filesystem::file_size(path, ec));

    const int vi = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (vi >= 0) {
        const AVStream* st = fmt->streams[vi];
        const AVCodecParameters* par = st->codecpar;
        VideoStreamInfo v;
        v.index = vi;
        v.codec = avcodec_get_name(par->codec_id);
        const auto pf = static_cast<AVPixelFormat>(par->format);
        v.pix_fmt = or_unknown(av_get_pix_fmt_name(pf));
        if (const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(pf)) v.bit_depth = d->comp[0].depth;
        v.width = par->width;
        v.height = par->height;
        v.time_base = rational(st->time_base);
        v.nominal_rate = rational(st->r_frame_rate);
        v.average_rate = rational(st->avg_frame_rate);
        v.start_pts = st->start_time == AV_NOPTS_VALUE ? 0 : st->start_time;
        if (const uint8_t* m = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, nullptr)) {
            const double ccw = av_display_rotation_get(reinterpret_cast<const int32_t*>(m));
            if (!std::isnan(ccw))
                v.rotation_degrees = ((static_cast<int>(std::lround(-ccw)) % 360) + 360) % 360;
        }
        v.colour_space = par->color_space == AVCOL_SPC_UNSPECIFIED
                             ? "unknown"
                             : or_unknown(av_color_space_name(par->color_space));
        v.colour_range = par->color_range == AVCOL_RANGE_UNSPECIFIED
                             ? "unknown"
                             : or_unknown(av_color_range_name(par->color_range));
        v.colour_primaries = or_unknown(av_color_primaries_name(par->color_primaries));
        v.colour_transfer = or_unknown(av_color_transfer_name(par->color_trc));
        v.frame_count_hint = st->nb_frames;
        p.video = v;
    }
    const int ai = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
    if (ai >= 0) {
        const AVStream* st = fmt->streams[ai];
        AudioStreamInfo a;
        a.index = ai;
        a.codec = avcodec_get_name(st->codecpar->codec_id);
        a.sample_fmt =
            or_unknown(av_get_sample_fmt_name(static_cast<AVSampleFormat>(st->codecpar->format)));
        a.sample_rate = st->codecpar->sample_rate;
        a.channels = st->codecpar->ch_layout.nb_channels;
        a.time_base = rational(st->time_base);
        p.audio = a;
    }
    return p;
}

std::string probe_to_json(const ProbeInfo& p) {
    nlohmann::json j = {{"path", p.path},
                        {"container", p.container},
                        {"container_long", p.container_long},
                        {"duration_us", p.duration_us},
                        {"start_us", p.start_us},
                        {"size_bytes", p.size_bytes}};
    auto r = [](const Rational& x) { return nlohmann::json{{"num", x.num}, {"den", x.den}}; };
    if (p.video) {
        const auto& v = *p.video;
        j["video"] = {{"stream", v.index},
                      {"codec", v.codec},
                      {"width", v.width},
                      {"height", v.height},
                      {"pix_fmt", v.pix_fmt},
                      {"bit_depth", v.bit_depth},
                      {"time_base", r(v.time_base)},
                      {"nominal_frame_rate", r(v.nominal_rate)},
                      {"average_frame_rate", r(v.average_rate)},
                      {"start_pts", v.start_pts},
                      {"rotation_degrees", v.rotation_degrees},
                      {"colour_space", v.colour_space},
                      {"colour_range", v.colour_range},
                      {"colour_primaries", v.colour_primaries},
                      {"colour_transfer", v.colour_transfer},
                      {"frame_count_hint", v.frame_count_hint}};
    }
    if (p.audio) {
        const auto& a = *p.audio;
        j["audio"] = {
            {"stream", a.index},      {"codec", a.codec},           {"sample_rate", a.sample_rate},
            {"channels", a.channels}, {"sample_fmt", a.sample_fmt}, {"time_base", r(a.time_base)}};
    }
    return j.dump(2);
}

std::string probe_to_text(const ProbeInfo& p) {
    char buf[512];
    std::string out;
    std::snprintf(buf, sizeof buf,
                  "%s\n  container  %s (%s), %.3f s, starts at %.3f s, %lld bytes\n",
                  p.path.c_str(), p.container.c_str(), p.container_long.c_str(),
                  p.duration_us / 1e6, p.start_us / 1e6, static_cast<long long>(p.size_bytes));
    out += buf;
    if (p.video) {
        const auto& v = *p.video;
        std::snprintf(buf, sizeof buf,
                      "  video      stream %d: %s %dx%d %s (%d-bit), %.3f fps nominal, %.3f fps "
                      "average, time base %d/%d,"
                      " start pts %lld, rotation %d, colour %s / %s range\n",
                      v.index, v.codec.c_str(), v.width, v.height, v.pix_fmt.c_str(), v.bit_depth,
                      v.nominal_rate.value(), v.average_rate.value(), v.time_base.num,
                      v.time_base.den, static_cast<long long>(v.start_pts), v.rotation_degrees,
                      v.colour_space.c_str(), v.colour_range.c_str());
        out += buf;
    } else {
        out += "  video      none\n";
    }
    if (p.audio) {
        const auto& a = *p.audio;
        std::snprintf(buf, sizeof buf, "  audio      stream %d: %s %d Hz, %d channel%s, %s\n",
                      a.index, a.codec.c_str(), a.sample_rate, a.channels,
                      a.channels == 1 ? "" : "s", a.sample_fmt.c_str());
        out += buf;
    } else {
        out += "  audio      none\n";
    }
    return out;
}

}  // namespace attune::video
