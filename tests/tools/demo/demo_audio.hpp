#pragma once
// The demo recording's sound: a quiet room tone, a thud at each door crossing,
// and a cry-like voice while the script says the child is crying.
#include <cstdint>
#include <random>

#include "demo_script.hpp"

namespace attune::demo {

class DemoAudio {
  public:
    DemoAudio(const DemoScript& script, int sample_rate);
    // Renders the next `count` samples (mono, [-1, 1]) in sequence.
    void render(float* out, int count);

  private:
    float cry_sample(double t, float intensity);
    float door_sample(double t) const;

    const DemoScript& script_;
    int rate_;
    int64_t n_ = 0;
    double phase_ = 0;    // voice fundamental phase, radians
    float noise_lp_ = 0;  // low-passed noise state for the room tone
    std::minstd_rand rng_{20261127};
    std::uniform_real_distribution<float> uniform_{-1.f, 1.f};
};

}  // namespace attune::demo
