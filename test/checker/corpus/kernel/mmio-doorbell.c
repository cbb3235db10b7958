// CORPUS-FLAGS: -ffreestanding -nostdinc -std=gnu11 -I%S/../../Inputs/kernel -I%S/../Inputs/kernel
/*
 * Work posted through a write-combining or uncached MMIO queue, then a doorbell, in
 * the shapes of v6.1 drivers: ENA's LLQ bounce-buffer push, bnxt's TX push, mlx5's
 * BlueFlame notify and mlx4_ib's BF post, NVMe submission queues in the controller
 * memory buffer, an accelerator with a WC command ring, ntb_transport's memory
 * windows, and EFA's admin queue in coherent DMA memory.
 *
 * Arm64 model: memcpy_toio(), __iowrite32_copy(), __iowrite64_copy() and memset_io()
 * are built from __raw_write*() and order nothing; the *_relaxed() and __raw_*()
 * accessors are not ordered after earlier normal or write-combining stores. A relaxed
 * doorbell after an MMIO copy, with no wmb() / mb() / dma_wmb() and no ordered
 * writel() / iowrite32() in between, can reach the device before the queue entry
 * (copyintent-iomem-copy-without-barrier, reported at the doorbell). Only what one
 * function does is judged; copies into RAM are not this check's business.
 *
 * Written from the check's specification only, not from its implementation.
 *
 * Era 517 (v5.17-v6.x).
 */
#include <linux/kernel.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/io-mapping.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/io.h>
#include <linux/corpus-compat.h>

/* ==== drivers/net/ethernet/amazon/ena: LLQ push through the bounce buffer ======== */

#define XENA_REG_BAR		0
#define XENA_MEM_BAR		2
#define XENA_LLQ_ENTRY_SIZE	128

struct xena_adapter {
	struct pci_dev *pdev;
	void __iomem *regs;		/* BAR 0, uncached registers */
	void __iomem *llq_mem;		/* BAR 2, write-combining LLQ memory */
	bool reset_pending;
};

struct xena_io_sq {
	struct xena_adapter *adapter;
	void __iomem *desc_addr;	/* this queue's part of the LLQ memory */
	u32 __iomem *db_addr;
	u8 *bounce_buf;			/* one LLQ entry, built in host memory */
	u16 q_depth;
	u16 tail;
	u16 qid;
};

int xena_create_io_sq(struct xena_adapter *adapter, struct xena_io_sq *io_sq,
		      u16 qid, u16 depth, u32 db_offset)
{
	struct pci_dev *pdev = adapter->pdev;

	if (!adapter->llq_mem) {
		adapter->llq_mem = pci_iomap_wc(pdev, XENA_MEM_BAR, 0);
		if (!adapter->llq_mem)
			return -ENOMEM;
	}
	io_sq->adapter = adapter;
	io_sq->qid = qid;
	io_sq->q_depth = depth;
	io_sq->tail = 0;
	io_sq->desc_addr = adapter->llq_mem + (size_t)qid * depth * XENA_LLQ_ENTRY_SIZE;
	io_sq->db_addr = adapter->regs + db_offset;
	io_sq->bounce_buf = devm_kzalloc(&pdev->dev, XENA_LLQ_ENTRY_SIZE, GFP_KERNEL);
	return io_sq->bounce_buf ? 0 : -ENOMEM;
}

/*
 * The bounce buffer holds the meta descriptor, the TX descriptors and the pushed
 * header: copy the completed line to the device and tell it about the new tail.
 */
void xena_llq_write_and_ring(struct xena_io_sq *io_sq)
{
	u16 dst_tail_mask = io_sq->q_depth - 1;
	u32 dst_offset = (io_sq->tail & dst_tail_mask) * XENA_LLQ_ENTRY_SIZE;

	/* Make sure everything was written into the bounce buffer before
	 * writing the bounce buffer to the device
	 */
	wmb();

	/* The line is completed. Copy it to dev */
	__iowrite64_copy(io_sq->desc_addr + dst_offset, io_sq->bounce_buf, XENA_LLQ_ENTRY_SIZE / 8); /* LABEL: id=db-ena-push-copy expect=none class=ordering reason="__iowrite64_copy() of the bounce buffer into the pci_iomap_wc() LLQ memory: the MMIO copy itself is right" */

	io_sq->tail++;

	/* The entry was fenced above, no need for the barrier of writel() */
	writel_relaxed(io_sq->tail, io_sq->db_addr); /* LABEL: id=db-ena-push-ring expect=copyintent-iomem-copy-without-barrier class=ordering reason="the wmb() is before the copy, not between the WC copy and the relaxed doorbell: on arm64 the tail can reach the device before the LLQ entry" */
}

/*
 * Burst mode: the entries of a whole TX burst were staged by the caller, push them
 * line by line, then ring once.
 */
int xena_llq_flush_burst(struct xena_io_sq *io_sq, const u8 *entries, int nr)
{
	u16 mask = io_sq->q_depth - 1;
	int i;

	for (i = 0; i < nr; i++) {
		u32 off = ((io_sq->tail + i) & mask) * XENA_LLQ_ENTRY_SIZE;

		__iowrite64_copy(io_sq->desc_addr + off, entries + i * XENA_LLQ_ENTRY_SIZE, XENA_LLQ_ENTRY_SIZE / 8); /* LABEL: id=db-ena-burst-copy expect=none class=ordering reason="one LLQ line per iteration into the WC LLQ memory, with the MMIO copy" */
	}

	/*
	 * A reset was triggered while we were pushing: the reset work destroys and
	 * re-creates the queue, so do not ring for entries it will never fetch.
	 */
	if (unlikely(READ_ONCE(io_sq->adapter->reset_pending)))
		return -EIO;

	io_sq->tail += nr;

	/* Order the LLQ lines before the doorbell: dma_wmb() is the barrier
	 * writel() itself issues on arm64.
	 */
	dma_wmb();
	writel_relaxed(io_sq->tail, io_sq->db_addr); /* LABEL: id=db-ena-burst-ring expect=none class=ordering reason="the loop of WC copies is followed by dma_wmb() before the relaxed doorbell; the error path returns without ringing" */
	return 0;
}

/* ==== drivers/net/ethernet/broadcom/bnxt: XDP transmit with TX push ============== */

#define XBNXT_DB_KEY_TX		(0x0ULL << 60)
#define XBNXT_DB_PATH_L2	(0x1ULL << 56)

struct xbnxt_tx_bd {
	u32 len_flags_type;
	u32 opaque;
	u64 haddr;
};

struct xbnxt_tx_push_bd {
	u32 doorbell;
	u32 len_flags_type;
	u64 haddr;
	u8 data[128];
};

struct xbnxt_tx_ring {
	struct xbnxt_tx_bd *desc_ring;		/* coherent DMA memory */
	struct xbnxt_tx_push_bd *tx_push;	/* coherent DMA memory, staging for push */
	dma_addr_t tx_push_mapping;
	void __iomem *tx_push_wcb;		/* WC window of the doorbell page */
	void __iomem *tx_db;			/* 64-bit doorbell, uncached BAR 1 */
	u64 db_key64;
	u16 tx_prod;
	u16 ring_mask;
};

struct xbnxt {
	struct pci_dev *pdev;
	void __iomem *bar1;
	u32 tx_push_thresh;
};

int xbnxt_alloc_tx_push(struct xbnxt *bp, struct xbnxt_tx_ring *txr, u32 db_offset)
{
	resource_size_t db_base = pci_resource_start(bp->pdev, 2) + db_offset;

	txr->tx_push = dma_alloc_coherent(&bp->pdev->dev, sizeof(*txr->tx_push),
					  &txr->tx_push_mapping, GFP_KERNEL);
	if (!txr->tx_push)
		return -ENOMEM;
	txr->tx_push_wcb = ioremap_wc(db_base, PAGE_SIZE);
	if (!txr->tx_push_wcb)
		return -ENOMEM;
	txr->tx_db = bp->bar1 + db_offset;
	txr->db_key64 = XBNXT_DB_KEY_TX | XBNXT_DB_PATH_L2;
	return 0;
}

void xbnxt_xdp_xmit_one(struct xbnxt *bp, struct xbnxt_tx_ring *txr, dma_addr_t mapping,
			const void *data, u32 len)
{
	u16 prod = txr->tx_prod;

	if (len <= bp->tx_push_thresh && len <= sizeof(txr->tx_push->data)) {
		struct xbnxt_tx_push_bd *push = txr->tx_push;

		push->len_flags_type = (len << 16) | 0x1;
		push->haddr = mapping;
		memcpy(push->data, data, len);

		/* Short frame: BD and data go to the chip through the push window */
		__iowrite32_copy(txr->tx_push_wcb, push, (offsetof(struct xbnxt_tx_push_bd, data) + len + 3) / 4); /* LABEL: id=db-bnxt-xdp-push-copy expect=none class=ordering reason="BD and frame into the ioremap_wc() push window with __iowrite32_copy(): the MMIO copy itself is right" */
	} else {
		struct xbnxt_tx_bd *txbd = &txr->desc_ring[prod & txr->ring_mask];

		txbd->len_flags_type = (len << 16) | 0x1;
		txbd->haddr = mapping;

		/* Sync BD data before updating doorbell */
		wmb();
	}

	prod++;
	txr->tx_prod = prod;
	writeq_relaxed(txr->db_key64 | prod, txr->tx_db); /* LABEL: id=db-bnxt-xdp-kick expect=copyintent-iomem-copy-without-barrier class=ordering reason="the wmb() is only on the descriptor-ring branch: on the push branch the WC copy is followed by the relaxed doorbell with no barrier" */
}

/* ==== drivers/net/ethernet/mellanox/mlx5: BlueFlame notify ======================= */

struct xmlx5_wqe_ctrl_seg {
	u32 opmod_idx_opcode;
	u32 qpn_ds;
	u8 rsvd[7];
	u8 fm_ce_se;
	u32 imm;
};

struct xmlx5_wq_cyc {
	u32 *db;			/* doorbell record, coherent DMA memory */
};

struct xmlx5e_txqsq {
	struct xmlx5_wq_cyc wq;
	void __iomem *uar_map;		/* BlueFlame register, mapped WC */
	u16 pc;
	u16 bf_offset;
	u16 bf_buf_size;
};

int xmlx5e_map_uar(struct xmlx5e_txqsq *sq, resource_size_t uar_phys)
{
	sq->uar_map = ioremap_wc(uar_phys, PAGE_SIZE);
	return sq->uar_map ? 0 : -ENOMEM;
}

void xmlx5e_tx_notify_hw(struct xmlx5e_txqsq *sq, struct xmlx5_wqe_ctrl_seg *ctrl,
			 int bf_sz)
{
	void __iomem *bf = sq->uar_map + sq->bf_offset;

	/* ensure wqe is visible to device before updating doorbell record */
	dma_wmb();
	*sq->wq.db = sq->pc;

	/* ensure doorbell record is visible to device before ringing the
	 * doorbell
	 */
	wmb();
	if (bf_sz)
		__iowrite64_copy(bf, ctrl, bf_sz); /* LABEL: id=db-mlx5-bf-copy expect=none class=ordering reason="BlueFlame: the WQE itself is copied into the WC UAR page and is the doorbell" */
	else
		__raw_writeq(*(u64 *)ctrl, bf); /* LABEL: id=db-mlx5-bf-db64 expect=none class=ordering reason="the 64-bit doorbell is on the else branch: no path through the BlueFlame copy reaches it" */

	/* flush the write-combining mapped buffer */
	wmb();

	sq->bf_offset ^= sq->bf_buf_size;
}

/* ==== drivers/infiniband/hw/mlx4: post send through the BF register ============== */

#define XMLX4_SEND_DOORBELL	0x14
#define XMLX4_QP_DB_RECORD	BIT(0)

struct xmlx4_bf {
	void __iomem *reg;		/* from io_mapping_map_wc() */
	unsigned int offset;
	unsigned int buf_size;
};

struct xmlx4_ib_dev {
	struct io_mapping *bf_mapping;
	void __iomem *uar_map;		/* uncached UAR page */
};

struct xmlx4_ib_qp {
	struct xmlx4_bf bf;
	u32 *db_rec;			/* doorbell record, coherent DMA memory */
	u32 doorbell_qpn;
	u32 sq_head;
	unsigned long flags;
};

int xmlx4_ib_alloc_bf(struct xmlx4_ib_dev *mdev, struct xmlx4_ib_qp *qp, unsigned int idx)
{
	qp->bf.reg = io_mapping_map_wc(mdev->bf_mapping, (unsigned long)idx << PAGE_SHIFT, PAGE_SIZE);
	if (!qp->bf.reg)
		return -ENOMEM;
	qp->bf.offset = 0;
	qp->bf.buf_size = PAGE_SIZE / 2;
	return 0;
}

void xmlx4_ib_post_send_bf(struct xmlx4_ib_dev *mdev, struct xmlx4_ib_qp *qp,
			   const void *wqe, unsigned int size)
{
	__iowrite64_copy(qp->bf.reg + qp->bf.offset, wqe, size / 8); /* LABEL: id=db-mlx4-bf-copy expect=none class=ordering reason="the WQE into the io_mapping_map_wc() BF register with __iowrite64_copy(): the MMIO copy itself is right" */
	qp->bf.offset ^= qp->bf.buf_size;
	qp->sq_head++;

	if (qp->flags & XMLX4_QP_DB_RECORD) {
		/* Make sure that descriptors are written before doorbell record. */
		wmb();
		*qp->db_rec = qp->sq_head & 0xffff;
	}

	writel_relaxed(qp->doorbell_qpn, mdev->uar_map + XMLX4_SEND_DOORBELL); /* LABEL: id=db-mlx4-send-db expect=copyintent-iomem-copy-without-barrier class=ordering reason="the wmb() sits in the doorbell-record branch only: a QP without a record rings relaxed right after the WC copy" */
}

/* ==== drivers/nvme/host/pci.c: submission queue in the CMB (v4.x layout) ========= */

struct nvme_command {
	u8 opcode;
	u8 flags;
	u16 command_id;
	u32 nsid;
	u32 cdw[14];
};

struct xnvme_dev {
	struct pci_dev *pdev;
	void __iomem *bar;
	void __iomem *cmb;		/* controller memory buffer, ioremap_wc() */
	u32 db_stride;
};

struct xnvme_queue {
	struct xnvme_dev *dev;
	void *sq_cmds;			/* host memory SQ (dma_alloc_coherent) */
	void __iomem *sq_cmds_io;	/* or the SQ in the CMB */
	dma_addr_t sq_dma_addr;
	u32 __iomem *q_db;
	u16 q_depth;
	u16 sq_tail;
	u16 last_sq_tail;
	u8 sqes;
	u16 qid;
};

int xnvme_alloc_sq_cmds(struct xnvme_dev *dev, struct xnvme_queue *nvmeq,
			resource_size_t cmb_base, u32 cmb_offset)
{
	size_t size = (size_t)nvmeq->q_depth << nvmeq->sqes;

	if (cmb_base) {
		if (!dev->cmb)
			dev->cmb = ioremap_wc(cmb_base, 16 * PAGE_SIZE);
		if (dev->cmb) {
			nvmeq->sq_cmds_io = dev->cmb + cmb_offset;
			goto out;
		}
	}
	nvmeq->sq_cmds = dma_alloc_coherent(&dev->pdev->dev, size, &nvmeq->sq_dma_addr,
					    GFP_KERNEL);
	if (!nvmeq->sq_cmds)
		return -ENOMEM;
out:
	nvmeq->q_db = dev->bar + 0x1000 + nvmeq->qid * 2 * (4 << dev->db_stride);
	return 0;
}

static inline void xnvme_sq_copy_cmd(struct xnvme_queue *nvmeq, struct nvme_command *cmd)
{
	size_t off = (size_t)nvmeq->sq_tail << nvmeq->sqes;

	if (nvmeq->sq_cmds_io)
		memcpy_toio(nvmeq->sq_cmds_io + off, cmd, sizeof(*cmd)); /* LABEL: id=db-nvme-cmb-copy expect=none class=ordering reason="the SQE into the ioremap_wc() CMB with memcpy_toio(); this helper rings no doorbell" */
	else
		memcpy(nvmeq->sq_cmds + off, cmd, sizeof(*cmd));
	if (++nvmeq->sq_tail == nvmeq->q_depth)
		nvmeq->sq_tail = 0;
}

static inline void xnvme_write_sq_db(struct xnvme_queue *nvmeq, bool write_sq)
{
	if (!write_sq) {
		u16 next_tail = nvmeq->sq_tail + 1;

		if (next_tail == nvmeq->q_depth)
			next_tail = 0;
		if (next_tail != nvmeq->last_sq_tail)
			return;
	}

	writel_relaxed(nvmeq->sq_tail, nvmeq->q_db); /* LABEL: id=db-nvme-sq-db expect=none class=ordering reason="one-function rule: the CMB copy is in xnvme_sq_copy_cmd(), this helper copies nothing before its relaxed doorbell" */
	nvmeq->last_sq_tail = nvmeq->sq_tail;
}

void xnvme_submit_cmd(struct xnvme_queue *nvmeq, struct nvme_command *cmd, bool write_sq)
{
	xnvme_sq_copy_cmd(nvmeq, cmd);
	xnvme_write_sq_db(nvmeq, write_sq);
}

/* ==== an accelerator (crypto / compression) with a WC command ring in BAR 4 ====== */

#define XACCEL_SQ_TAIL		0x40
#define XACCEL_STATUS		0x44

struct xaccel_cmd {
	u32 opcode_flags;
	u32 len;
	u64 src;
	u64 dst;
	u64 ctx;
	u8 rsvd[32];
};

struct xaccel_queue {
	struct device *dev;
	void __iomem *regs;		/* BAR 0, uncached */
	void __iomem *ring_wc;		/* BAR 4, the command ring, write-combining */
	u32 depth;
	u32 tail;
};

int xaccel_map_queue(struct xaccel_queue *q, resource_size_t regs, resource_size_t ring)
{
	q->regs = devm_ioremap(q->dev, regs, PAGE_SIZE);
	q->ring_wc = devm_ioremap_wc(q->dev, ring, q->depth * sizeof(struct xaccel_cmd));
	return q->regs && q->ring_wc ? 0 : -ENOMEM;
}

/* Queue a batch of commands and ring once for all of them. */
void xaccel_submit_batch(struct xaccel_queue *q, const struct xaccel_cmd *cmds,
			 unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		u32 slot = (q->tail + i) & (q->depth - 1);

		memcpy_toio(q->ring_wc + slot * sizeof(*cmds), &cmds[i], sizeof(*cmds)); /* LABEL: id=db-accel-batch-copy expect=none class=ordering reason="each command into the devm_ioremap_wc() ring with memcpy_toio(): the MMIO copy itself is right" */
	}
	q->tail = (q->tail + n) & (q->depth - 1);

	/* one doorbell for the whole batch */
	writel_relaxed(q->tail, q->regs + XACCEL_SQ_TAIL); /* LABEL: id=db-accel-batch-ring expect=copyintent-iomem-copy-without-barrier class=ordering reason="no barrier between the loop of WC copies and the relaxed tail write: the engine can fetch stale commands" */
}

/* Single command, the slow path: an ordered writel() rings. */
int xaccel_submit_one(struct xaccel_queue *q, const struct xaccel_cmd *cmd)
{
	if (readl(q->regs + XACCEL_STATUS) & BIT(31))
		return -EIO;

	memcpy_toio(q->ring_wc + q->tail * sizeof(*cmd), cmd, sizeof(*cmd)); /* LABEL: id=db-accel-one-copy expect=none class=ordering reason="memcpy_toio() into the WC ring, followed by an ordered writel() doorbell: writel() orders the copy before itself" */
	q->tail = (q->tail + 1) & (q->depth - 1);
	writel(q->tail, q->regs + XACCEL_SQ_TAIL);
	return 0;
}

/* ==== drivers/ntb/ntb_transport.c: TX through the peer's memory window =========== */

#define XNTB_DESC_DONE_FLAG	BIT(0)
#define XNTB_LINK_DOWN_FLAG	BIT(1)

struct xntb_payload_header {
	u32 ver;
	u32 len;
	u32 flags;
};

struct xntb_rx_info {
	u32 entry;
};

struct xntb_dev {
	void __iomem *self_mmio;
	void __iomem *peer_db;		/* peer doorbell register, uncached */
};

struct xntb_queue_entry {
	void *buf;
	u32 len;
	u32 flags;
};

struct xntb_qp {
	struct xntb_dev *ndev;
	void __iomem *tx_mw;		/* peer memory window, ioremap_wc() */
	struct xntb_rx_info __iomem *rx_info;
	u32 tx_max_frame;
	u32 tx_pkts;
	u8 qp_num;
};

int xntb_map_tx_mw(struct xntb_qp *qp, resource_size_t mw_base, resource_size_t mw_size)
{
	qp->tx_mw = ioremap_wc(mw_base, mw_size);
	if (!qp->tx_mw)
		return -EINVAL;
	qp->rx_info = qp->tx_mw + mw_size - sizeof(struct xntb_rx_info);
	qp->ndev->peer_db = qp->ndev->self_mmio + 0x64;
	return 0;
}

void xntb_memcpy_tx(struct xntb_qp *qp, struct xntb_queue_entry *entry, void __iomem *offset)
{
	struct xntb_payload_header __iomem *hdr;

	hdr = offset + qp->tx_max_frame - sizeof(struct xntb_payload_header);

	/* The frame is ours again: clear DONE before refilling it */
	writel_relaxed(0, &hdr->flags); /* LABEL: id=db-ntb-tx-clear expect=none class=ordering reason="relaxed write before the copy: nothing has been copied into the window yet" */

	memcpy_toio(offset, entry->buf, entry->len); /* LABEL: id=db-ntb-tx-copy expect=none class=ordering reason="the frame into the ioremap_wc() memory window with memcpy_toio()" */

	/* Ensure that the data is fully copied out before setting the flags */
	iowrite32(entry->len, &hdr->len);
	iowrite32(qp->tx_pkts, &hdr->ver);

	writel_relaxed(entry->flags | XNTB_DESC_DONE_FLAG, &hdr->flags); /* LABEL: id=db-ntb-tx-done expect=none class=ordering reason="the ordered iowrite32() calls between the copy and the relaxed flag write order the frame before them" */
}

/* Link down: wipe our RX info in the peer's window and poke the peer. */
void xntb_qp_link_down_notify(struct xntb_qp *qp)
{
	memset_io(qp->rx_info, 0, sizeof(*qp->rx_info)); /* LABEL: id=db-ntb-down-clear expect=none class=ordering reason="memset_io() of the RX info in the WC memory window: the right MMIO fill" */
	__raw_writel(BIT(qp->qp_num), qp->ndev->peer_db); /* LABEL: id=db-ntb-down-db expect=copyintent-iomem-copy-without-barrier class=ordering reason="__raw_writel() doorbell right after memset_io() into the WC window, no wmb(): the peer can read the old RX info" */
}

/* ==== drivers/infiniband/hw/efa: admin queue in coherent DMA memory ============== */

struct xefa_admin_aq_entry {
	u32 aq_common_descriptor;
	u32 inline_data_w1[3];
	u32 inline_data_w4[12];
};

struct xefa_com_admin_sq {
	struct xefa_admin_aq_entry *entries;
	dma_addr_t dma_addr;
	u32 __iomem *db_addr;
	u16 pc;
};

struct xefa_com_admin_queue {
	struct device *dmadev;
	struct xefa_com_admin_sq sq;
	u16 depth;
};

int xefa_com_admin_init_sq(struct xefa_com_admin_queue *aq, void __iomem *reg_bar)
{
	size_t size = aq->depth * sizeof(*aq->sq.entries);

	aq->sq.entries = dma_alloc_coherent(aq->dmadev, size, &aq->sq.dma_addr, GFP_KERNEL);
	if (!aq->sq.entries)
		return -ENOMEM;
	aq->sq.db_addr = reg_bar + 0x10;
	aq->sq.pc = 0;
	return 0;
}

void xefa_com_submit_admin_cmd(struct xefa_com_admin_queue *aq,
			       const struct xefa_admin_aq_entry *cmd, size_t cmd_size)
{
	u16 pi = aq->sq.pc & (aq->depth - 1);

	memcpy(&aq->sq.entries[pi], cmd, min_t(size_t, cmd_size, sizeof(*cmd)));
	aq->sq.pc++;

	writel_relaxed(aq->sq.pc, aq->sq.db_addr); /* LABEL: id=db-efa-aq-db expect=none class=ordering reason="the command went into dma_alloc_coherent() RAM, not MMIO: DMA ordering is outside this check" */
}
