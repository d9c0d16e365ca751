#include "taskflow/core/blocking_pool.hpp"

namespace taskflow {

BlockingPool::BlockingPool(std::size_t threads) : pool_(threads) {}

BlockingPool::~BlockingPool() {
  stop();
}

void BlockingPool::stop() {
  pool_.join();
}

}  // namespace taskflow
