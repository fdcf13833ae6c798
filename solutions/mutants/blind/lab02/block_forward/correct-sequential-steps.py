# kind: correct
# why: runs the main path as a list of steps in a loop (conv1, bn1, relu, conv2, bn2), then adds the identity/downsample and clamps at 0 (same as ReLU)
def block_forward(self, x):
    """Propagação direta do bloco residual básico da ResNet-18.

    Caminho principal: conv1 -> bn1 -> ReLU -> conv2 -> bn2.
    Atalho (shortcut): a própria entrada x ou, se self.downsample não for None,
    self.downsample(x), que casa canais e resolução com a saída do caminho principal.
    Some os dois caminhos e só então aplique a ReLU.
    """
    # SEU CÓDIGO AQUI
    steps = [self.conv1, self.bn1, torch.relu, self.conv2, self.bn2]
    out = x
    for step in steps:
        out = step(out)
    identity = self.downsample(x) if self.downsample is not None else x
    return (out + identity).clamp(min=0)


BasicBlock.forward = block_forward
