// probe; frame.
#include <cstdio>
#include <memory>

#include "attune/video/frame_index.hpp"
#include "attune/video/frame_png.hpp"
#include "attune/video/probe.hpp"
#include "commands.hpp"

namespace attune::cli {

void add_video_commands(CLI::App& app, CliContext& ctx) {
    struct ProbeOpts {
        std::string file;
        bool json = false;
    };
    auto p = std::make_shared<ProbeOpts>();
    auto* probe = app.add_subcommand(
        "probe", "What a recording holds: container, streams, timing, rotation, colour, audio");
    probe->add_option("FILE", p->file, "Recording")->required();
    probe->add_flag("--json", p->json, "Print JSON");
    probe->callback([&ctx, p] {
        run_guarded(ctx, [&] {
            auto info = video::probe(p->file);
            if (!info) return fail(info.error().message);
            std::printf(
                "%s\n",
                (p->json ? video::probe_to_json(*info) : video::probe_to_text(*info)).c_str());
            return 0;
        });
    });

    struct FrameOpts {
        std::string file, out;
        int64_t index = 0;
        bool force = false;
    };
    auto f = std::make_shared<FrameOpts>();
    auto* frame =
        app.add_subcommand("frame", "Write frame N (0-based, exact) of a recording as a PNG");
    frame->add_option("FILE", f->file, "Recording")->required();
    frame->add_option("--index", f->index, "Frame number, from 0 in presentation order")
        ->required()
        ->check(CLI::Validator(
            [](std::string& v) -> std::string {
                if (!v.empty() && v[0] != '-') return "";
                return "frame " + v + " does not exist; frames count from 0";
            },
            "N >= 0", "frame number"));
    frame->add_option("--out", f->out, "PNG file to write")->required();
    frame->add_flag("--force", f->force, "Replace --out if it exists (never a study or the input)");
    frame->callback([&ctx, f] {
        run_guarded(ctx, [&] {
            if (auto ok = check_output_path(f->out, f->force, {f->file}); !ok)
                return fail(ok.error().message);
            auto index = video::build_frame_index(f->file);
            if (!index) return fail(index.error().message);
            auto shared = std::make_shared<const video::FrameIndex>(std::move(*index));
            int64_t pts = 0;
            if (auto ok = write_output(f->out,
                                       [&](const std::string& temp) -> Status {
                                           auto written = video::write_frame_png(f->file, shared,
                                                                                 f->index, temp);
                                           if (!written) return written.error();
                                           pts = *written;
                                           return ok_status();
                                       });
                !ok)
                return fail(ok.error().message);
            std::printf("frame %lld (t = %.6f s, pts %lld) -> %s\n",
                        static_cast<long long>(f->index),
                        static_cast<double>(shared->t_us(f->index)) / 1e6,
                        static_cast<long long>(pts), f->out.c_str());
            return 0;
        });
    });
}

}  // namespace attune::cli
