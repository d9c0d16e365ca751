#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "taskflow/validation/validated.hpp"

namespace taskflow::http {

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;
using Status = beast_http::status;
using Verb = beast_http::verb;

// A client error (or a 503) with the JSON body of docs/openapi.yaml (Error): {"detail": ...,
// "errors": {...}}. Handlers throw it; the server renders it.
class HttpError : public std::runtime_error {
 public:
  HttpError(Status status, std::string detail, nlohmann::json errors = nullptr)
      : std::runtime_error(detail),
        status_(status),
        detail_(std::move(detail)),
        errors_(std::move(errors)) {}

  Status status() const noexcept { return status_; }
  const std::string& detail() const noexcept { return detail_; }
  const nlohmann::json& errors() const noexcept { return errors_; }
  // Extra response headers such as Retry-After or Allow.
  std::vector<std::pair<std::string, std::string>> headers;

 private:
  Status status_;
  std::string detail_;
  nlohmann::json errors_;
};

using validation::FieldErrors;
using validation::Validated;
// 400 {"detail", "errors"}: the one answer to a failed validation, its detail the first problem
// (validation::first_problem).
[[noreturn]] void throw_validation(const FieldErrors& errors);

// The validated input, or throws the 400 of throw_validation. Returned by value, so binding
// the result of a temporary Validated to a reference cannot dangle.
template <class T>
T valid_or_400(const Validated<T>& validated) {
  if (!validated.ok()) throw_validation(validated.errors());
  return validated.value();
}

// The authenticated caller, set by the authentication hook before a protected handler runs.
struct Principal {
  std::int64_t user_id = 0;
  std::string token_id;    // jti of the access token
  std::string session_id;  // the refresh-token family the access token came from
  std::chrono::system_clock::time_point expires_at;
};

Response json_response(Status status, const nlohmann::json& body);
// A body the caller already wrote as JSON text.
Response json_text_response(Status status, std::string body);
Response error_response(Status status, std::string_view detail,
                        const nlohmann::json& errors = nullptr);
Response empty_response(Status status);

}  // namespace taskflow::http
