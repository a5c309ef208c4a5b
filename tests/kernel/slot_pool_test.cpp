#include "sim/kernel/slot_pool.hpp"

#include <catch2/catch.hpp>
#include <vector>

namespace surge {
namespace {
struct Record {
  int value = 0;
};
}  // namespace

TEST_CASE("kernel::slot_pool: a released handle no longer resolves", "[kernel]") {
  SlotPool<Record> pool;
  const Handle h = pool.acquire();
  pool.at(h).value = 42;
  REQUIRE(pool.get(h) != nullptr);
  CHECK(pool.get(h)->value == 42);
  pool.release(h);
  CHECK_FALSE(pool.resolves(h));
  CHECK(pool.get(h) == nullptr);
  CHECK(pool.get(Handle{}) == nullptr);  // none
  CHECK(Handle{}.is_none());
  CHECK(pool.get(Handle{5, 0}) == nullptr);  // never allocated
}

TEST_CASE("kernel::slot_pool: a reused slot has a new generation and a fresh record", "[kernel]") {
  SlotPool<Record> pool;
  const Handle old = pool.acquire();
  pool.at(old).value = 7;
  pool.release(old);
  const Handle reused = pool.acquire();
  CHECK(reused.index == old.index);
  CHECK(reused.generation == old.generation + 1);
  CHECK(reused != old);
  CHECK(pool.get(old) == nullptr);  // the stale handle does not alias the new tenant
  CHECK(pool.at(reused).value == 0);
}

TEST_CASE("kernel::slot_pool: live and peak counts", "[kernel]") {
  SlotPool<Record> pool;
  Handle h[5];
  for (Handle& x : h) x = pool.acquire();
  CHECK(pool.live() == 5);
  CHECK(pool.peak() == 5);
  pool.release(h[1]);
  pool.release(h[3]);
  CHECK(pool.live() == 3);
  CHECK(pool.peak() == 5);
  // Reuse is LIFO: the last released slot comes back first.
  CHECK(pool.acquire().index == h[3].index);
  CHECK(pool.acquire().index == h[1].index);
  CHECK(pool.live() == 5);
  CHECK(pool.peak() == 5);
  (void)pool.acquire();
  CHECK(pool.live() == 6);
  CHECK(pool.peak() == 6);
  for (int i : {0, 2, 4}) CHECK(pool.resolves(h[i]));
}

TEST_CASE("kernel::slot_pool: for_each_live visits live records in index order", "[kernel]") {
  SlotPool<Record> pool;
  Handle h[4];
  for (int i = 0; i < 4; ++i) {
    h[i] = pool.acquire();
    pool.at(h[i]).value = 10 * i;
  }
  pool.release(h[2]);
  pool.release(h[0]);
  const Handle again = pool.acquire();  // slot 0, next generation
  pool.at(again).value = 99;
  std::vector<Handle> seen;
  std::vector<int> values;
  pool.for_each_live([&](Handle handle, Record& r) {
    seen.push_back(handle);
    values.push_back(r.value);
  });
  CHECK(seen == std::vector<Handle>{again, h[1], h[3]});
  CHECK(values == std::vector<int>{99, 10, 30});
}

}  // namespace surge
