#include "ring.h"

const struct ring_ops ring_nt_ops = {
	.write = ring_write_nt,
	.stage = ring_stage_nt,
};
