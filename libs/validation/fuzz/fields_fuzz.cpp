// Django REST Framework's field rules (libs/validation) on any JSON document, read the way the
// services' validators read request bodies: every member as a CharField (trimmed or not, blank
// allowed or not, with a length limit), as a row id, against a list of accepted fields.
// Nothing may throw; a string that passes is valid UTF-8 without NULs, trimmed when asked and
// within its length; an id that passes is from 1 to INT64_MAX; every error can be rendered as
// JSON and first_problem names one.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "taskflow/testing/fuzz.hpp"
#include "taskflow/text/utf8.hpp"
#include "taskflow/validation/fields.hpp"

namespace validation = taskflow::validation;
namespace text = taskflow::text;
using taskflow::testing::fuzz_text;

namespace {

constexpr std::array<std::string_view, 4> kAccepted{"title", "description", "name", "id"};
constexpr std::array<std::string_view, 2> kIgnored{"created_at", "updated_at"};

void check_errors(const validation::FieldErrors& errors) {
  for (const auto& [field, messages] : errors) TASKFLOW_FUZZ_CHECK(!messages.empty());
  if (errors.empty()) return;
  TASKFLOW_FUZZ_CHECK(!validation::first_problem(errors).empty());
  // The 400's body: client-chosen field names must not make the dump throw.
  nlohmann::json rendered = errors;
  (void)rendered.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void check_string(const nlohmann::json& value, const validation::StringField& field) {
  validation::FieldErrors errors;
  const auto read = validation::read_string(value, field, errors);
  check_errors(errors);
  if (validation::has_errors(errors, field.name)) return;
  TASKFLOW_FUZZ_CHECK(read.has_value() && value.is_string());
  const auto decoded = text::decode_utf8(*read);
  TASKFLOW_FUZZ_CHECK(decoded && decoded->size() <= field.max_code_points);
  TASKFLOW_FUZZ_CHECK(read->find('\0') == std::string::npos);
  if (field.trim) TASKFLOW_FUZZ_CHECK(text::strip(*decoded).size() == decoded->size());
  if (!field.allow_blank) TASKFLOW_FUZZ_CHECK(!decoded->empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto body = nlohmann::json::parse(fuzz_text(data, size), nullptr, false);
  if (body.is_discarded()) return 0;

  validation::FieldErrors errors;
  TASKFLOW_FUZZ_CHECK(!validation::python_type_name(body).empty());
  if (!validation::is_object_or_report(body, errors)) {
    TASKFLOW_FUZZ_CHECK(validation::has_errors(errors, validation::kNonFieldErrors));
    check_errors(errors);
    check_string(body, {.name = "title"});
    return 0;
  }
  validation::reject_unknown_fields(body, kAccepted, kIgnored, errors);
  for (const auto& [name, value] : body.items()) {
    const bool known = std::find(kAccepted.begin(), kAccepted.end(), name) != kAccepted.end() ||
                       std::find(kIgnored.begin(), kIgnored.end(), name) != kIgnored.end();
    TASKFLOW_FUZZ_CHECK(known != validation::has_errors(errors, name));
    TASKFLOW_FUZZ_CHECK(validation::find_field(body, name) == &value);
    check_string(value, {.name = "a", .max_code_points = 10});
    check_string(value, {.name = "b", .allow_blank = true});
    check_string(value, {.name = "c", .trim = false});
    validation::FieldErrors id_errors;
    const auto id = validation::read_id(value, "id", id_errors, "Item 1: ");
    check_errors(id_errors);
    TASKFLOW_FUZZ_CHECK(id.has_value() == id_errors.empty());
    if (id) TASKFLOW_FUZZ_CHECK(*id >= 1);
  }
  validation::FieldErrors required_errors;
  (void)validation::read_required_string(body, {.name = "title", .max_code_points = 200},
                                         required_errors);
  check_errors(required_errors);
  check_errors(errors);
  return 0;
}
