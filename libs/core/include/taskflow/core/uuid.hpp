#pragma once
#include <string>

namespace taskflow {

// A random RFC 4122 version 4 UUID: event ids and attachments' storage names.
std::string uuid_v4();

}  // namespace taskflow
