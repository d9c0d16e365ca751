#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace taskflow::amqp {

// Which messages of a published batch the broker has settled, from its basic.ack and
// basic.nack frames. Delivery tags number a channel's publishes from 1, and a confirm with
// `multiple` settles every tag up to and including its own.
class BatchConfirms {
 public:
  // acked has one false per message of the batch; acked[i] becomes true when the broker takes
  // responsibility for message i. Written as confirms arrive, so they count even when the
  // connection fails before the batch is complete.
  BatchConfirms(std::uint64_t first_tag, std::vector<bool>& acked)
      : first_tag_(first_tag), settled_(acked.size(), false), acked_(acked) {}

  // Tags outside the batch (left over from an earlier one) are ignored.
  void settle(std::uint64_t tag, bool multiple, bool acked) {
    if (tag < first_tag_ || tag - first_tag_ >= settled_.size()) return;
    auto last = static_cast<std::size_t>(tag - first_tag_);
    for (auto i = multiple ? lowest_unsettled_ : last; i <= last; ++i) {
      if (settled_[i]) continue;
      settled_[i] = true;
      acked_[i] = acked;
      ++settled_count_;
      if (!acked) ++nacked_count_;
    }
    while (lowest_unsettled_ < settled_.size() && settled_[lowest_unsettled_]) ++lowest_unsettled_;
  }

  std::size_t unsettled() const noexcept { return settled_.size() - settled_count_; }
  std::size_t nacked() const noexcept { return nacked_count_; }

 private:
  std::uint64_t first_tag_;
  std::vector<bool> settled_;
  std::vector<bool>& acked_;
  std::size_t settled_count_ = 0;
  std::size_t nacked_count_ = 0;
  std::size_t lowest_unsettled_ = 0;
};

}  // namespace taskflow::amqp
