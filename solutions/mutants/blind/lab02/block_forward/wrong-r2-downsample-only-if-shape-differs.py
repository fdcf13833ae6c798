# kind: wrong
# why: Calls downsample only when the main path changed the shape, else adds x directly, so a same-shape shortcut module (e.g. NoShortcut) is silently ignored; violates 'se self.downsample não for None, self.downsample(x)'.
def block_forward(self, x):
    """Propagação direta do bloco residual básico da ResNet-18.

    Caminho principal: conv1 -> bn1 -> ReLU -> conv2 -> bn2.
    Atalho (shortcut): a própria entrada x ou, se self.downsample não for None,
    self.downsample(x), que casa canais e resolução com a saída do caminho principal.
    Some os dois caminhos e só então aplique a ReLU.
    """
    out = F.relu(self.bn1(self.conv1(x)))
    out = self.bn2(self.conv2(out))
    if out.shape != x.shape and self.downsample is not None:
        identity = self.downsample(x)
    else:
        identity = x
    return F.relu(out + identity)


BasicBlock.forward = block_forward
