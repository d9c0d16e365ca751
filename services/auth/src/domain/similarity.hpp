#pragma once

#include <string_view>

namespace taskflow::auth {

// Python's difflib.SequenceMatcher(a=a, b=b).quick_ratio(): 2 * (size of the multiset
// intersection of a and b) / (len(a) + len(b)), and 1.0 when both are empty. Django's
// UserAttributeSimilarityValidator compares with this upper bound, never with ratio(), so this
// is all the Ratcliff/Obershelp machinery (and autojunk) the password policy needs.
double quick_ratio(std::u32string_view a, std::u32string_view b);

}  // namespace taskflow::auth
