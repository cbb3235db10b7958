// Struct fields where the IR has no TBAA struct path (issue 13, real code): Linux
// builds with -fno-strict-aliasing, so its loads and stores carry no TBAA tags, and
// -O2 leaves only byte offsets in the GEPs. With debug info the field is found by the
// debug-info type of the pointer the address is computed from and the byte offset,
// through nested structs and arrays of structs; a union's members share their place.
// Without debug info such a field stays unknown.
// RUN: %clang -O2 -g -fno-strict-aliasing -S -emit-llvm -o %t.ll %s
// RUN: %opt-ci -passes='print<copyintent-sites>' -disable-output %t.ll 2>&1 \
// RUN:   | FileCheck %s
// RUN: %clang -O2 -fno-strict-aliasing -S -emit-llvm -o %t.nodebug.ll %s
// RUN: %opt-ci -passes='print<copyintent-sites>' -disable-output %t.nodebug.ll 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NODEBUG

typedef unsigned long size_t;
void *pmem_map_file(const char *path, size_t len, int flags, unsigned mode,
                    size_t *mapped_lenp, int *is_pmemp);
void *malloc(size_t n);
void pmem_memcpy_nodrain(void *dst, const void *src, size_t n);

struct region {
  size_t len;
  char *base;
};

struct pool {
  int id;
  struct region data;      // a nested struct
  struct region slots[4];  // an array of them
  char *scratch;
  union {
    char *mapped;
    char *staging;
  } u;
};

void pool_open(struct pool *p, const char *path) {
  size_t len;
  int is_pmem;
  p->data.base = pmem_map_file(path, 0, 0, 0, &len, &is_pmem);
  p->slots[2].base = pmem_map_file(path, 0, 0, 0, &len, &is_pmem);
  p->scratch = malloc(4096);
  p->u.mapped = pmem_map_file(path, 0, 0, 0, &len, &is_pmem);
}

void put_data(struct pool *p, const void *src, size_t n) {
  pmem_memcpy_nodrain(p->data.base, src, n);
}
// CHECK: debug-info-fields.c:[[@LINE-2]]:{{[0-9]+}}: pmem_memcpy_nodrain: {{.*}} into persistent memory
// CHECK-NEXT: the field 'base' of 'region' is assigned
// NODEBUG: in 'put_data', instruction {{[0-9]+}}: pmem_memcpy_nodrain: {{.*}} into unknown memory

// Through a pointer to the nested struct: the same field.
void put_region(struct region *r, const void *src, size_t n) {
  pmem_memcpy_nodrain(r->base, src, n);
}
// CHECK: debug-info-fields.c:[[@LINE-2]]:{{[0-9]+}}: pmem_memcpy_nodrain: {{.*}} into persistent memory
// CHECK-NEXT: the field 'base' of 'region' is assigned

// An element of the array of regions: the same field of the same struct.
void put_slot(struct pool *p, const void *src, size_t n) {
  pmem_memcpy_nodrain(p->slots[1].base, src, n);
}
// CHECK: debug-info-fields.c:[[@LINE-2]]:{{[0-9]+}}: pmem_memcpy_nodrain: {{.*}} into persistent memory
// CHECK-NEXT: the field 'base' of 'region' is assigned

// A field next to it is not it.
void put_scratch(struct pool *p, const void *src, size_t n) {
  pmem_memcpy_nodrain(p->scratch, src, n);
}
// CHECK: debug-info-fields.c:[[@LINE-2]]:{{[0-9]+}}: pmem_memcpy_nodrain: {{.*}} into ordinary memory
// CHECK-NEXT: the field 'scratch' of 'pool' is assigned 'malloc(...)'

// The other member of the union: the same place, so the same memory.
void put_staging(struct pool *p, const void *src, size_t n) {
  pmem_memcpy_nodrain(p->u.staging, src, n);
}
// CHECK: debug-info-fields.c:[[@LINE-2]]:{{[0-9]+}}: pmem_memcpy_nodrain: {{.*}} into persistent memory
// CHECK-NEXT: the field 'u' of 'pool' is assigned
