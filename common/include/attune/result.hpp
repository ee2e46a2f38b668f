#pragma once
// Result<T>: the value of an operation that can fail for reasons a user can fix
// (a bad file, a malformed scheme, a missing recording). The error carries a
// message written for the person who has to act on it. Exceptions remain for
// programming errors only.
#include <string>
#include <utility>
#include <variant>

namespace attune {

struct Error {
    std::string message;
};

template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : state_(std::move(value)) {}
    Result(Error error) : state_(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<T>(state_); }
    const T& value() const& { return std::get<T>(state_); }
    T&& value() && { return std::get<T>(std::move(state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<Error>(state_); }

  private:
    std::variant<T, Error> state_;
};

// For operations that produce nothing but can fail.
struct Done {};
using Status = Result<Done>;
inline Status ok_status() {
    return Done{};
}

}  // namespace attune
