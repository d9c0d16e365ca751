// Redis replies (RESP bytes through hiredis's reader, as a connection reads them, then
// Reply::from_hiredis): every reply read is copied out whole, written back as RESP it reads the
// same, its accessors throw only UnexpectedReply, and is_unavailable never throws.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <hiredis/hiredis.h>

#include "taskflow/redis/reply.hpp"
#include "taskflow/testing/fuzz.hpp"

namespace redis = taskflow::redis;
using taskflow::testing::fuzz_text;

namespace {

using ReaderPtr = std::unique_ptr<redisReader, decltype(&redisReaderFree)>;
using ReplyPtr = std::unique_ptr<redisReply, decltype(&freeReplyObject)>;

std::string to_resp(const redis::Reply& reply) {
  switch (reply.type()) {
    case redis::Reply::Type::nil:
      return "$-1\r\n";
    case redis::Reply::Type::integer:
      return ":" + std::to_string(reply.as_integer()) + "\r\n";
    case redis::Reply::Type::string:
      return "$" + std::to_string(reply.as_string().size()) + "\r\n" + reply.as_string() + "\r\n";
    case redis::Reply::Type::status:
      return "+" + reply.as_string() + "\r\n";
    case redis::Reply::Type::error:
      return "-" + reply.error_message() + "\r\n";
    case redis::Reply::Type::array: {
      std::string resp = "*" + std::to_string(reply.elements().size()) + "\r\n";
      for (const auto& element : reply.elements()) resp += to_resp(element);
      return resp;
    }
  }
  return {};
}

// The replies hiredis reads from the bytes, until they run out or the reader fails.
std::vector<redis::Reply> read_replies(std::string_view bytes) {
  ReaderPtr reader(redisReaderCreate(), &redisReaderFree);
  std::vector<redis::Reply> replies;
  if (redisReaderFeed(reader.get(), bytes.data(), bytes.size()) != REDIS_OK) return replies;
  while (true) {
    void* raw = nullptr;
    if (redisReaderGetReply(reader.get(), &raw) != REDIS_OK || raw == nullptr) break;
    const ReplyPtr reply(static_cast<redisReply*>(raw), &freeReplyObject);
    replies.push_back(redis::Reply::from_hiredis(*reply));
  }
  return replies;
}

void use_accessors(const redis::Reply& reply) {
  (void)redis::is_unavailable(reply);
  (void)redis::to_string(reply.type());
  try {
    (void)reply.as_integer();
  } catch (const redis::UnexpectedReply&) {
  }
  try {
    (void)reply.as_string();
  } catch (const redis::UnexpectedReply&) {
  }
  try {
    (void)reply.error_message();
  } catch (const redis::UnexpectedReply&) {
  }
  try {
    for (const auto& element : reply.elements()) use_accessors(element);
  } catch (const redis::UnexpectedReply&) {
  }
}

// A status or error line cannot hold CR or LF: such a reply cannot be written back as RESP.
bool writable(const redis::Reply& reply) {
  if (reply.type() == redis::Reply::Type::status || reply.type() == redis::Reply::Type::error) {
    const std::string& text = reply.is_error() ? reply.error_message() : reply.as_string();
    return text.find_first_of("\r\n") == std::string::npos;
  }
  if (reply.type() == redis::Reply::Type::array) {
    for (const auto& element : reply.elements()) {
      if (!writable(element)) return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  for (const auto& reply : read_replies(fuzz_text(data, size))) {
    use_accessors(reply);
    if (!writable(reply)) continue;
    const auto again = read_replies(to_resp(reply));
    TASKFLOW_FUZZ_CHECK(again.size() == 1 && again.front() == reply);
  }
  return 0;
}
