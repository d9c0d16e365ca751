#pragma once

#include "taskflow/validation/validated.hpp"

namespace taskflow::tasks {

using validation::FieldErrors;
using validation::kNonFieldErrors;
using validation::Validated;

}  // namespace taskflow::tasks
