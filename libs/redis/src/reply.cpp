#include "taskflow/redis/reply.hpp"

#include <utility>

#include <fmt/format.h>
#include <hiredis/hiredis.h>

namespace taskflow::redis {

Reply Reply::integer(long long value) {
  Reply reply;
  reply.type_ = Type::integer;
  reply.integer_ = value;
  return reply;
}

Reply Reply::string(std::string value) {
  Reply reply;
  reply.type_ = Type::string;
  reply.text_ = std::move(value);
  return reply;
}

Reply Reply::status(std::string value) {
  Reply reply;
  reply.type_ = Type::status;
  reply.text_ = std::move(value);
  return reply;
}

Reply Reply::error(std::string message) {
  Reply reply;
  reply.type_ = Type::error;
  reply.text_ = std::move(message);
  return reply;
}

Reply Reply::array(std::vector<Reply> elements) {
  Reply reply;
  reply.type_ = Type::array;
  reply.elements_ = std::move(elements);
  return reply;
}

Reply Reply::from_hiredis(const redisReply& reply) {
  std::string text = reply.str != nullptr ? std::string(reply.str, reply.len) : std::string();
  switch (reply.type) {
    case REDIS_REPLY_INTEGER:
      return integer(reply.integer);
    case REDIS_REPLY_STRING:
      return string(std::move(text));
    case REDIS_REPLY_STATUS:
      return status(std::move(text));
    case REDIS_REPLY_ERROR:
      return error(std::move(text));
    case REDIS_REPLY_ARRAY: {
      std::vector<Reply> elements;
      elements.reserve(reply.elements);
      for (std::size_t i = 0; i < reply.elements; ++i) {
        elements.push_back(from_hiredis(*reply.element[i]));
      }
      return array(std::move(elements));
    }
    default:
      return Reply();  // REDIS_REPLY_NIL, the only other type hiredis 0.14 produces
  }
}

long long Reply::as_integer() const {
  if (type_ != Type::integer) throw_unexpected("integer");
  return integer_;
}

const std::string& Reply::as_string() const {
  if (type_ != Type::string && type_ != Type::status) throw_unexpected("string");
  return text_;
}

const std::string& Reply::error_message() const {
  if (type_ != Type::error) throw_unexpected("error");
  return text_;
}

const std::vector<Reply>& Reply::elements() const {
  if (type_ != Type::array) throw_unexpected("array");
  return elements_;
}

void Reply::throw_unexpected(std::string_view expected) const {
  if (type_ == Type::error) {
    throw UnexpectedReply(fmt::format("redis: expected {} reply, got error: {}", expected, text_));
  }
  throw UnexpectedReply(
      fmt::format("redis: expected {} reply, got {}", expected, to_string(type_)));
}

std::string_view to_string(Reply::Type type) noexcept {
  switch (type) {
    case Reply::Type::nil:
      return "nil";
    case Reply::Type::integer:
      return "integer";
    case Reply::Type::string:
      return "string";
    case Reply::Type::status:
      return "status";
    case Reply::Type::error:
      return "error";
    case Reply::Type::array:
      return "array";
  }
  return "unknown";
}

bool is_unavailable(const Reply& reply) noexcept {
  if (!reply.is_error()) return false;
  const std::string& message = reply.error_message();
  for (std::string_view code : {"LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN"}) {
    if (message.starts_with(code) &&
        (message.size() == code.size() || message[code.size()] == ' ')) {
      return true;
    }
  }
  return false;
}

}  // namespace taskflow::redis
