#include "taskflow/jwt/verifier.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "json_members.hpp"
#include "taskflow/jwt/base64url.hpp"

namespace taskflow::jwt {

namespace {

using detail::absent_or_equals;
using detail::non_empty_string_member;
using nlohmann::json;

// 9999-12-31T23:59:59Z. Bounding timestamps keeps all time arithmetic far from overflow.
constexpr std::int64_t kMaxTimestamp = 253'402'300'799;

struct TokenParts {
  std::string_view header;
  std::string_view payload;
  std::string_view signature;
  std::string_view signing_input;  // "header.payload", what the signature covers
};

// Splits a JWS compact token. The signature may be empty here so that an unsigned alg=none
// token is still reported as UnsupportedAlgorithm.
std::optional<TokenParts> split_token(std::string_view token) {
  const auto first_dot = token.find('.');
  if (first_dot == std::string_view::npos) {
    return std::nullopt;
  }
  const auto second_dot = token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos ||
      token.find('.', second_dot + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  TokenParts parts{.header = token.substr(0, first_dot),
                   .payload = token.substr(first_dot + 1, second_dot - first_dot - 1),
                   .signature = token.substr(second_dot + 1),
                   .signing_input = token.substr(0, second_dot)};
  if (parts.header.empty() || parts.payload.empty()) {
    return std::nullopt;
  }
  return parts;
}

// Parses a JSON object. Besides syntax errors and invalid UTF-8 it rejects duplicate member
// names at any depth: RFC 7515 §5.2 allows that, and it leaves no doubt about which of two
// "alg" or "user_id" members counts.
std::optional<json> parse_json_object(const std::vector<unsigned char>& text) {
  // nlohmann's lexer stops at a NUL byte as if the input ended there, which would accept
  // trailing garbage. Valid JSON never contains a raw NUL.
  if (std::find(text.begin(), text.end(), '\0') != text.end()) {
    return std::nullopt;
  }
  std::vector<std::set<std::string, std::less<>>> open_objects;
  bool duplicate_member = false;
  const json::parser_callback_t track_member_names = [&](int /*depth*/, json::parse_event_t event,
                                                         json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        open_objects.emplace_back();
        break;
      case json::parse_event_t::key:
        duplicate_member |=
            !open_objects.back().insert(parsed.get_ref<const std::string&>()).second;
        break;
      case json::parse_event_t::object_end:
        open_objects.pop_back();
        break;
      default:
        break;
    }
    return true;
  };
  json document =
      json::parse(text.begin(), text.end(), track_member_names, /*allow_exceptions=*/false);
  if (document.is_discarded() || duplicate_member || !document.is_object()) {
    return std::nullopt;
  }
  return document;
}

std::optional<std::int64_t> int64_member(const json& object, std::string_view name) {
  const auto it = object.find(name);
  if (it == object.end()) {
    return std::nullopt;
  }
  // The parser stores non-negative integers as unsigned, so those may exceed int64.
  if (it->is_number_unsigned()) {
    const auto value = it->get<std::uint64_t>();
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return std::nullopt;
    }
    return static_cast<std::int64_t>(value);
  }
  if (it->is_number_integer()) {
    return it->get<std::int64_t>();
  }
  return std::nullopt;
}

// Seconds since the epoch, as an integer in [0, kMaxTimestamp].
std::optional<std::int64_t> timestamp_member(const json& object, std::string_view name) {
  const auto value = int64_member(object, name);
  if (!value || *value < 0 || *value > kMaxTimestamp) {
    return std::nullopt;
  }
  return value;
}

VerifyResult check_claims(json payload, const VerifyOptions& options, TokenType expected_type,
                          std::chrono::system_clock::time_point now) {
  const auto expires_at = timestamp_member(payload, "exp");
  const auto issued_at = timestamp_member(payload, "iat");
  const auto user_id = int64_member(payload, "user_id");
  const std::string* issuer = non_empty_string_member(payload, "iss");
  const std::string* jti = non_empty_string_member(payload, "jti");
  const std::string* token_type = non_empty_string_member(payload, "token_type");
  if (!expires_at || !issued_at || !user_id || !issuer || !jti || !token_type) {
    return Error::MissingClaim;
  }
  std::optional<std::int64_t> not_before;
  if (payload.contains("nbf")) {
    not_before = timestamp_member(payload, "nbf");
    if (!not_before) {
      return Error::MissingClaim;
    }
  }

  if (*issuer != options.issuer) {
    return Error::WrongIssuer;
  }
  if (*token_type != to_string(expected_type)) {
    return Error::WrongTokenType;
  }

  // Differences of bounded values, compared with the leeway, cannot overflow.
  const std::int64_t now_seconds =
      std::chrono::floor<std::chrono::seconds>(now.time_since_epoch()).count();
  const std::int64_t leeway = options.leeway.count();
  if (now_seconds - *expires_at >= leeway) {
    return Error::Expired;
  }
  if (*issued_at - now_seconds > leeway || (not_before && *not_before - now_seconds > leeway)) {
    return Error::NotYetValid;
  }

  return Claims{.user_id = *user_id,
                .jti = *jti,
                .token_type = expected_type,
                .issuer = *issuer,
                .issued_at = std::chrono::sys_seconds(std::chrono::seconds(*issued_at)),
                .expires_at = std::chrono::sys_seconds(std::chrono::seconds(*expires_at)),
                .raw = std::move(payload)};
}

}  // namespace

std::string_view to_string(Error error) {
  switch (error) {
    case Error::Malformed:
      return "Malformed";
    case Error::UnsupportedAlgorithm:
      return "UnsupportedAlgorithm";
    case Error::UnknownKey:
      return "UnknownKey";
    case Error::BadSignature:
      return "BadSignature";
    case Error::Expired:
      return "Expired";
    case Error::NotYetValid:
      return "NotYetValid";
    case Error::MissingClaim:
      return "MissingClaim";
    case Error::WrongIssuer:
      return "WrongIssuer";
    case Error::WrongTokenType:
      return "WrongTokenType";
  }
  return "InvalidError";  // only reachable through a cast from an out-of-range integer
}

std::string_view to_string(TokenType type) {
  switch (type) {
    case TokenType::Access:
      return "access";
    case TokenType::Refresh:
      return "refresh";
  }
  return "invalid";  // only reachable through a cast from an out-of-range integer
}

VerifyResult verify(const KeySet& keys, std::string_view token, const VerifyOptions& options,
                    TokenType expected_type, std::chrono::system_clock::time_point now) noexcept {
  if (token.size() > kMaxTokenSize) {
    return Error::Malformed;
  }
  const auto parts = split_token(token);
  if (!parts) {
    return Error::Malformed;
  }
  const auto header_text = base64url_decode(parts->header);
  const auto header = header_text ? parse_json_object(*header_text) : std::nullopt;
  if (!header) {
    return Error::Malformed;
  }

  // The algorithm is fixed: the header cannot pick it, and nothing else happens before this.
  const auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string()) {
    return Error::Malformed;
  }
  if (alg->get_ref<const std::string&>() != "EdDSA") {
    return Error::UnsupportedAlgorithm;
  }
  // No extensions are understood, so "crit" must be rejected (RFC 7515 §4.1.11). Keys embedded
  // in the header (jwk, jku, x5u, ...) are simply never used.
  if (header->contains("crit") || !absent_or_equals(*header, "typ", "JWT")) {
    return Error::Malformed;
  }
  const std::string* kid = non_empty_string_member(*header, "kid");
  if (kid == nullptr) {
    return Error::Malformed;
  }
  const PublicKey* key = keys.find(*kid);
  if (key == nullptr) {
    return Error::UnknownKey;
  }

  const auto payload_text = base64url_decode(parts->payload);
  const auto signature = base64url_decode(parts->signature);
  if (!payload_text || !signature || signature->size() != kSignatureSize) {
    return Error::Malformed;
  }
  if (!key->verify(parts->signing_input, *signature)) {
    return Error::BadSignature;
  }

  // Only authenticated bytes reach the payload parser.
  auto payload = parse_json_object(*payload_text);
  if (!payload) {
    return Error::Malformed;
  }
  return check_claims(std::move(*payload), options, expected_type, now);
}

}  // namespace taskflow::jwt
