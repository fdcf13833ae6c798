# kind: wrong
# why: narrow: uses self.downsample only when the main path changed the shape; a block given a downsample that keeps the shape (e.g. a 1x1 conv+BN on a stride-1 same-width block) skips it. Visible tests pass
def block_forward(self, x):
    """Propagação direta do bloco residual básico da ResNet-18.

    Caminho principal: conv1 -> bn1 -> ReLU -> conv2 -> bn2.
    Atalho (shortcut): a própria entrada x ou, se self.downsample não for None,
    self.downsample(x), que casa canais e resolução com a saída do caminho principal.
    Some os dois caminhos e só então aplique a ReLU.
    """
    # SEU CÓDIGO AQUI
    out = F.relu(self.bn1(self.conv1(x)))
    out = self.bn2(self.conv2(out))
    identity = x
    if out.shape != x.shape and self.downsample is not None:
        identity = self.downsample(x)
    return F.relu(out + identity)


BasicBlock.forward = block_forward
