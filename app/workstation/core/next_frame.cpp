#include "next_frame.hpp"

#include "session_media.hpp"

namespace attune::app {

bool media_needs_frames(const SessionMedia& media) {
    return media.playing() || (media.ready() && !media.settled());
}

}  // namespace attune::app
