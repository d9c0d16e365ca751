// The request-target and service-URL parsers on any bytes: a target that parses has a path
// starting with '/', and, percent-encoded again, parses to the same path and query; an
// http:// URL that parses has a host, a port and a target, and written out again parses the same.
#include <cstddef>
#include <cstdint>
#include <string>

#include "taskflow/http/url.hpp"
#include "taskflow/testing/fuzz.hpp"
#include "taskflow/text/percent.hpp"

namespace http = taskflow::http;
namespace text = taskflow::text;
using taskflow::testing::fuzz_text;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = fuzz_text(data, size);

  if (const auto target = http::parse_target(bytes)) {
    TASKFLOW_FUZZ_CHECK(!target->path.empty() && target->path.front() == '/');
    std::string again = text::percent_encode(target->path, "/-._~");
    for (std::size_t i = 0; i < target->query.size(); ++i) {
      const auto& [key, value] = target->query[i];
      again += i == 0 ? '?' : '&';
      again += text::percent_encode(key, "-._~") + "=" + text::percent_encode(value, "-._~");
    }
    const auto reparsed = http::parse_target(again);
    TASKFLOW_FUZZ_CHECK(reparsed && reparsed->path == target->path &&
                        reparsed->query == target->query);
    for (const auto& [key, value] : target->query) {
      const auto first = target->query_value(key);
      TASKFLOW_FUZZ_CHECK(first.has_value());
    }
  }

  if (const auto url = http::parse_http_url(bytes)) {
    TASKFLOW_FUZZ_CHECK(!url->host.empty() && !url->port.empty() && !url->target.empty() &&
                        url->target.front() == '/');
    const auto reparsed =
        http::parse_http_url("http://" + url->host + ":" + url->port + url->target);
    TASKFLOW_FUZZ_CHECK(reparsed && reparsed->host == url->host && reparsed->port == url->port &&
                        reparsed->target == url->target);
  }
  return 0;
}
