/* Mock <linux/fb.h> for the checker corpus: a framebuffer as fbdev drivers see it. */
#ifndef _LINUX_FB_H
#define _LINUX_FB_H

#include <linux/types.h>
#include <linux/device.h>

struct fb_fix_screeninfo {
	unsigned long smem_start;	/* physical start of the framebuffer */
	u32 smem_len;
	u32 line_length;
};

struct fb_var_screeninfo {
	u32 xres;
	u32 yres;
	u32 bits_per_pixel;
};

struct fb_info {
	struct fb_var_screeninfo var;
	struct fb_fix_screeninfo fix;
	char __iomem *screen_base;	/* write-combining mapping of the aperture */
	unsigned long screen_size;
	void *pseudo_palette;
	void *par;
	struct device *device;
};

struct fb_info *framebuffer_alloc(size_t size, struct device *dev);

#endif /* _LINUX_FB_H */
