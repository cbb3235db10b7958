/* Slots of the pool: the address comes from map.c. */
char *pool_base(void);

char *slot_of(unsigned i) { return pool_base() + (unsigned long)i * 256; }
