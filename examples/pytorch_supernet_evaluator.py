"""Example: a trained SPOS supernet as the accuracy evaluator of an hsconas search.

NOT run in CI (needs torch, torchvision, a checkpoint and ImageNet). It shows where a one-shot
supernet plugs into the protocol of ``Python/hsconas_evaluator.py``:

    hsconas worker --coordinator tcp://coordinator:5555 --kinds accuracy \
        --evaluator command \
        --evaluator-command 'python3 examples/pytorch_supernet_evaluator.py \
            --checkpoint supernet.pth.tar --data /data/imagenet' \
        --evaluator-timeout-ms 600000

Each request names an architecture of the ``spos`` space as hsconas writes it: 20 layers
``block:ratio`` joined by ``-``, where block is one of ``k3``, ``k5``, ``k7``, ``xc`` (Xception)
and ratio one of 0.2 … 1.6 (the middle channels' share, as in SPOS's channel search). The
evaluator picks that path through the supernet, recalibrates batch-norm statistics on a few
training batches (weights shared across paths make the stored statistics wrong for any one
path, as SPOS does), and measures top-1 accuracy on the validation loader.

Adapt ``SuperNet`` / ``choice_of`` to your supernet's code (e.g. megvii-model/SinglePathOneShot).
"""

import argparse
import copy
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Python"))
from hsconas_evaluator import serve  # noqa: E402

import torch  # noqa: E402
import torchvision  # noqa: E402
import torchvision.transforms as T  # noqa: E402

BLOCKS = {"k3": 0, "k5": 1, "k7": 2, "xc": 3}
RATIOS = ["0.2", "0.4", "0.6", "0.8", "1.0", "1.2", "1.4", "1.6"]


def parse_architecture(text):
    """hsconas' spos string -> (operator choices, channel-ratio choices), one per layer."""
    operators, ratios = [], []
    for layer in text.split("-"):
        block, ratio = layer.split(":")
        operators.append(BLOCKS[block])
        ratios.append(RATIOS.index(ratio))
    if len(operators) != 20:
        raise ValueError("expected 20 layers, got %d" % len(operators))
    return operators, ratios


def loaders(data, batch_size, workers):
    normalize = T.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])
    train = torchvision.datasets.ImageFolder(
        os.path.join(data, "train"), T.Compose([T.RandomResizedCrop(224), T.RandomHorizontalFlip(), T.ToTensor(), normalize]))
    valid = torchvision.datasets.ImageFolder(
        os.path.join(data, "val"), T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor(), normalize]))
    return (
        torch.utils.data.DataLoader(train, batch_size=batch_size, shuffle=True, num_workers=workers),
        torch.utils.data.DataLoader(valid, batch_size=batch_size, shuffle=False, num_workers=workers),
    )


def recalibrate_batch_norm(model, train_loader, batches, device):
    """SPOS: reset BN running statistics and re-estimate them for this path in train mode."""
    for module in model.modules():
        if isinstance(module, torch.nn.modules.batchnorm._BatchNorm):
            module.reset_running_stats()
            module.momentum = None  # a cumulative average over the recalibration batches
    model.train()
    with torch.no_grad():
        for index, (images, _) in enumerate(train_loader):
            if index >= batches:
                break
            model(images.to(device))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checkpoint", required=True, help="the trained supernet's state dict")
    parser.add_argument("--data", required=True, help="ImageNet root with train/ and val/")
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--recalibration-batches", type=int, default=20)
    parser.add_argument("--valid-batches", type=int, default=250, help="validation batches per architecture (0: all)")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    # Your supernet class: forward(images, operators, ratios) runs the chosen path.
    from supernet import SuperNet  # noqa: E402  (megvii SinglePathOneShot's network.py, renamed)

    supernet = SuperNet()
    state = torch.load(args.checkpoint, map_location="cpu")
    supernet.load_state_dict(state.get("state_dict", state))
    supernet.to(device)
    train_loader, valid_loader = loaders(args.data, args.batch_size, args.workers)
    print("supernet loaded from %s on %s" % (args.checkpoint, device))  # goes to the worker's log

    def evaluate(space, architecture, settings):
        if space != "spos":
            raise ValueError("this evaluator holds a spos supernet, not %r" % space)
        operators, ratios = parse_architecture(architecture)
        model = copy.deepcopy(supernet)  # recalibration must not leak into the next path

        class Path(torch.nn.Module):
            def __init__(self, net):
                super().__init__()
                self.net = net

            def forward(self, images):
                return self.net(images, operators, ratios)

        path = Path(model)
        recalibrate_batch_norm(path, train_loader, args.recalibration_batches, device)
        path.eval()
        correct = total = 0
        with torch.no_grad():
            for index, (images, labels) in enumerate(valid_loader):
                if args.valid_batches and index >= args.valid_batches:
                    break
                predictions = path(images.to(device)).argmax(dim=1)
                correct += (predictions.cpu() == labels).sum().item()
                total += labels.numel()
        return {"valid_accuracy": 100.0 * correct / total, "valid_images": total}

    serve(evaluate, name="spos-supernet", version=os.path.basename(args.checkpoint))


if __name__ == "__main__":
    main()
