#!/usr/bin/python3
"""Multiply-adds per sample of the PyTorch peer's networks (../shared/bench/peer_bench_torch.py), counted
with forward hooks on every Conv2d and Linear module: an independent check of `bench train`'s
`MultiplyAdds` (io.mmanet.bench). Training = forward + gradients to the inputs (not for the stems on
the images) + weight gradients; MMANet adds the frozen teacher's forward and the regularization trunk's
training. Prints the MMANet / SF-MD ratio those imply per input size.

  /usr/bin/python3 docs/tools/peer_multiply_adds.py [paper|demo] [24,48,112]
  (PEER_BENCH_DIR: the folder of peer_bench_torch.py; default ../shared/bench next to the repository)
"""
import sys
import os
sys.path.insert(0, os.environ.get("PEER_BENCH_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../shared/bench")))
import torch
import torch.nn as nn
import peer_bench_torch as p


def macs(model, run):
    rows = []

    def hook(m, inp, out):
        if isinstance(m, nn.Conv2d):
            k = m.in_channels // m.groups * m.kernel_size[0] * m.kernel_size[1]
            rows.append((m, out.numel() // out.shape[0] * k))
        elif isinstance(m, nn.Linear):
            rows.append((m, out.numel() // out.shape[0] * m.in_features))
    hs = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    with torch.no_grad():
        run()
    for h in hs:
        h.remove()
    return rows


def main():
    arch = p.ARCHS[sys.argv[1] if len(sys.argv) > 1 else "paper"]
    sizes = [int(s) for s in (sys.argv[2] if len(sys.argv) > 2 else "24,48,112").split(",")]
    for size in sizes:
        net = p.Net(arch, reg=True).eval()
        xs = [torch.randn(1, c, size, size) for c in (3, 1, 1)]
        full = torch.ones(1, 3)
        rows = macs(net, lambda: net(xs, full))
        stems = {e.net[0] for e in net.enc}
        reg_rows = macs(net, lambda: net.reg(net(xs, full)[2]))
        reg_rows = [r for r in reg_rows if any(r[0] is m for m in net.reg.modules())]
        fwd = sum(n for _, n in rows)
        stem = sum(n for m, n in rows if m in stems)
        reg = sum(n for _, n in reg_rows)
        sfmd = 3 * fwd - stem          # forward, backward-weights everywhere, backward-data but at the stems
        teacher = fwd
        reg_train = 3 * reg             # its input (the fused encoders) needs a gradient
        mm = sfmd + teacher + reg_train
        print(f"size {size}: forward {fwd/1e6:.1f} M MAC (stems {stem/1e6:.2f}, trunk {reg/1e6:.1f}); "
              f"SF-MD train {sfmd/1e6:.1f}, teacher forward {teacher/1e6:.1f}, reg trunk train {reg_train/1e6:.1f}; "
              f"MMANet / SF-MD {mm/sfmd:.3f}x (teacher {teacher/sfmd:.3f} + reg {reg_train/sfmd:.3f})")


if __name__ == "__main__":
    main()
