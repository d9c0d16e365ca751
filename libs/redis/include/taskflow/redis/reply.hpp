#pragma once
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct redisReply;

namespace taskflow::redis {

// A reply used as if it were another type, e.g. as_integer() on an error reply.
class UnexpectedReply : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A Redis reply copied out of hiredis, so it owns everything and outlives the connection.
class Reply {
 public:
  enum class Type { nil, integer, string, status, error, array };

  Reply() = default;  // nil
  static Reply integer(long long value);
  static Reply string(std::string value);
  static Reply status(std::string value);
  static Reply error(std::string message);
  static Reply array(std::vector<Reply> elements);
  static Reply from_hiredis(const redisReply& reply);

  Type type() const noexcept { return type_; }
  bool is_nil() const noexcept { return type_ == Type::nil; }
  bool is_error() const noexcept { return type_ == Type::error; }

  // Each accessor throws UnexpectedReply, carrying an error reply's message, for another type.
  long long as_integer() const;
  // The bytes of a string reply or the text of a status reply; may hold NULs.
  const std::string& as_string() const;
  const std::string& error_message() const;
  const std::vector<Reply>& elements() const;

  bool operator==(const Reply&) const = default;

 private:
  [[noreturn]] void throw_unexpected(std::string_view expected) const;

  Type type_ = Type::nil;
  long long integer_ = 0;
  std::string text_;  // string, status or error
  std::vector<Reply> elements_;
};

std::string_view to_string(Reply::Type type) noexcept;

// Whether an error reply says Redis cannot serve right now, rather than that the command was
// wrong: LOADING (a restarted Redis reading its data back), BUSY (a script running too long),
// MASTERDOWN, TRYAGAIN. The pools raise these as DependencyUnavailable, so a caller never takes
// one for an answer.
bool is_unavailable(const Reply& reply) noexcept;

}  // namespace taskflow::redis
