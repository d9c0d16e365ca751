// A request's JSON body as handlers read it (Context::json_object, strict I-JSON): any body
// yields an object or throws HttpError 400/415, nothing else; an object is nested no deeper
// than the limit, and its dump parses back to the same object.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "taskflow/http/context.hpp"
#include "taskflow/testing/fuzz.hpp"

namespace http = taskflow::http;
using taskflow::testing::fuzz_text;
using taskflow::testing::split_mode;

namespace {

// The limit context.cpp applies before parsing.
constexpr int kMaxJsonDepth = 64;

int depth_of(const nlohmann::json& value) {
  int deepest = 0;
  if (value.is_structured()) {
    for (const auto& element : value) deepest = std::max(deepest, depth_of(element));
    return deepest + 1;
  }
  return 0;
}

std::optional<nlohmann::json> json_object(std::string_view content_type, std::string_view body) {
  http::Request request{http::Verb::post, "/x", 11};
  request.set(http::beast_http::field::content_type, content_type);
  request.body() = std::string(body);
  const http::Context context(request, http::Target{"/x", {}}, "fuzz", "");
  try {
    return context.json_object();
  } catch (const http::HttpError& e) {
    TASKFLOW_FUZZ_CHECK(e.status() == http::Status::bad_request ||
                        e.status() == http::Status::unsupported_media_type);
    return std::nullopt;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto [mode, body] = split_mode(fuzz_text(data, size), 3);
  std::string content_type =
      mode == 0 ? "application/json" : "application/merge-patch+json; charset=utf-8";
  if (mode == 2) {  // the first line is the Content-Type
    const std::size_t newline = body.find('\n');
    content_type = body.substr(0, newline);
    body = newline == std::string_view::npos ? std::string_view{} : body.substr(newline + 1);
  }

  (void)http::nesting_exceeds(body, kMaxJsonDepth);
  const auto parsed = json_object(content_type, body);
  if (!parsed) return 0;
  TASKFLOW_FUZZ_CHECK(parsed->is_object());
  TASKFLOW_FUZZ_CHECK(depth_of(*parsed) <= kMaxJsonDepth);
  // Whatever the strict parser accepts, the lenient one reads the same way.
  if (!body.empty() && body.find_first_not_of(" \t\r\n\f\v") != std::string_view::npos) {
    TASKFLOW_FUZZ_CHECK(nlohmann::json::parse(body, nullptr, false) == *parsed);
  }
  const auto again = json_object("application/json", parsed->dump());
  TASKFLOW_FUZZ_CHECK(again && *again == *parsed);
  return 0;
}
