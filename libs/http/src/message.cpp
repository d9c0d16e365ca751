#include "taskflow/http/message.hpp"

namespace taskflow::http {

void throw_validation(const FieldErrors& errors) {
  throw HttpError(Status::bad_request, validation::first_problem(errors), nlohmann::json(errors));
}

Response json_response(Status status, const nlohmann::json& body) {
  Response response{status, 11};
  response.set(beast_http::field::content_type, "application/json");
  response.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.prepare_payload();
  return response;
}

Response json_text_response(Status status, std::string body) {
  Response response{status, 11};
  response.set(beast_http::field::content_type, "application/json");
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

Response error_response(Status status, std::string_view detail, const nlohmann::json& errors) {
  nlohmann::json body{{"detail", detail}};
  if (!errors.is_null()) body["errors"] = errors;
  return json_response(status, body);
}

Response empty_response(Status status) {
  Response response{status, 11};
  response.prepare_payload();
  return response;
}

}  // namespace taskflow::http
