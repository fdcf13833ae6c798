# kind: wrong
# why: narrow: decides the shortcut from conv1.stride (downsample only when stride 2) instead of self.downsample is not None; a stride-1 block that widens channels breaks. Visible tests pass
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
    identity = self.downsample(x) if self.conv1.stride != (1, 1) else x
    return F.relu(out + identity)


BasicBlock.forward = block_forward
