/* Mock <drm/qxl_drm.h> for the checker corpus: the qxl execbuffer ioctl argument. */
#ifndef QXL_DRM_H
#define QXL_DRM_H

#include <linux/types.h>

struct drm_qxl_command {
	__u64 command;		/* user address of the command, as an integer */
	__u64 relocs;
	__u32 type;
	__u32 command_size;
	__u32 relocs_num;
	__u32 pad;
};

struct drm_qxl_execbuffer {
	__u32 flags;
	__u32 commands_num;
	__u64 commands;		/* user address of an array of drm_qxl_command */
};

#endif /* QXL_DRM_H */
