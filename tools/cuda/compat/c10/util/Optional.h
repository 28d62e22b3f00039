// Fallback for the Safr.Kit GPU check: searched after torch's include folders (-idirafter), so it is used only if
// a newer torch no longer ships c10/util/Optional.h (cifar10.h includes it). Torch 2.x's own header is this alias.
#pragma once
#include <optional>
namespace c10 {
using std::bad_optional_access;
using std::make_optional;
using std::nullopt;
using std::nullopt_t;
using std::optional;
} // namespace c10
