// CORPUS-FLAGS: -std=c++17 -I%S/../../Inputs/user -I%S/../../../../include
/*
 * C++ user-space code around a pmem pool (the shape of pmemkv engines and of
 * libpmemobj-cpp users that reach for libpmem directly): the pool class maps its
 * file with pmem_map_file(); scratch buffers come from new / new[], std::vector,
 * std::array, std::string and std::unique_ptr - ordinary memory that a writethrough
 * or persist copy only slows down (issue 9, class 3).
 */
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <copyintent/copy.h>
#include <libpmem.h>

namespace kv {

struct record {
	std::uint64_t seq;
	char payload[56];
};

class pool {
public:
	explicit pool(const char *path)
	{
		base_ = static_cast<char *>(pmem_map_file(path, 0, 0, 0, &len_, &is_pmem_));
	}

	void put_nocache(std::size_t off, const void *src, std::size_t n)
	{
		copyintent_memcpy_nocache(base_ + off, src, n); /* LABEL: id=cxx-pool-nocache expect=copyintent-nocache-needs-writethrough class=direct reason="base_ is the pmem_map_file() mapping, assigned in the constructor" */
		copyintent_drain();
	}

	void put(std::size_t off, const void *src, std::size_t n)
	{
		copyintent_memcpy_persist(base_ + off, src, n); /* LABEL: id=cxx-pool-persist expect=none class=direct reason="persist copy into the pool" */
	}

private:
	char *base_ = nullptr;
	std::size_t len_ = 0;
	int is_pmem_ = 0;
};

std::uint64_t checksum(const void *p, std::size_t n);

std::uint64_t scratch_new_array(const void *src, std::size_t n)
{
	char *buf = new char[n];

	memcpy_writethrough(buf, src, n); /* LABEL: id=cxx-new-array expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="new char[n]: heap memory" */
	std::uint64_t sum = checksum(buf, n);
	delete[] buf;
	return sum;
}

record *scratch_new_record(const record &r)
{
	record *copy = new record;

	copyintent_memcpy_writethrough(copy, &r, sizeof(r)); /* LABEL: id=cxx-new-object expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="new record: heap memory" */
	return copy;
}

std::uint64_t scratch_vector(const void *src, std::size_t n)
{
	std::vector<char> v(n);

	memcpy_writethrough(v.data(), src, n); /* LABEL: id=cxx-vector-data expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="std::vector<char>::data(): the vector's heap buffer" */
	return checksum(v.data(), v.size());
}

std::uint64_t scratch_array(const void *src)
{
	std::array<std::uint8_t, 64> a;

	copyintent_memcpy_persist(a.data(), src, a.size()); /* LABEL: id=cxx-std-array expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="std::array on the stack" */
	return checksum(a.data(), a.size());
}

std::string scratch_string(const char *src, std::size_t n)
{
	std::string s(n, '\0');

	memcpy_writethrough(&s[0], src, n); /* LABEL: id=cxx-string expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="std::string storage (SSO buffer or heap)" */
	return s;
}

std::unique_ptr<record> scratch_unique(const record &r)
{
	auto p = std::make_unique<record>();

	pmem_memcpy_persist(p.get(), &r, sizeof(r)); /* LABEL: id=cxx-make-unique expect=copyintent-unneeded-writethrough class=c3-ordinary-memory reason="std::make_unique<record>(): heap memory" */
	return p;
}

} // namespace kv
