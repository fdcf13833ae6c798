# kind: wrong
# why: detaches the identity path (x.detach()), so no gradient flows through the skip connection; forward values equal, visible tests pass
def block_forward(self, x):
    """Propagação direta do bloco residual básico da ResNet-18.

    Caminho principal: conv1 -> bn1 -> ReLU -> conv2 -> bn2.
    Atalho (shortcut): a própria entrada x ou, se self.downsample não for None,
    self.downsample(x), que casa canais e resolução com a saída do caminho principal.
    Some os dois caminhos e só então aplique a ReLU.
    """
    # SEU CÓDIGO AQUI
    identity = x.detach() if self.downsample is None else self.downsample(x)
    out = F.relu(self.bn1(self.conv1(x)))
    out = self.bn2(self.conv2(out))
    return F.relu(out + identity)


BasicBlock.forward = block_forward
